# One verdict on every surface (issue 11, point 2): each row of the rule
# table in README.md (Contract) is one input checked three ways, the
# command line's text, its --json receipt and the desktop helper's window
# (its widget dump, under Xvfb), all with the key store of the GUI cases
# and the test pins: the same exit status everywhere (the GUI's test hook
# exits 0 genuine, 1 NOT genuine, 2 could not check), the same verdict
# words, and the reason code in the receipt. The trust root (the test
# pins replace the built-in ones) is said on all three.
# Uses the helpers and files of tests/cases/90-gui.sh: run with 90
# (CASES="00 20 90 91").
#
#   v3 NAME EXIT CODE GUI-TITLE [CHECK...] -- ARGS...
#
# CHECKs apply to the --json receipt (jq expressions, "json:" added).

if ! declare -F g > /dev/null || [ -z "${G:-}" ]; then
	report 'verdict table: the GUI helpers of 90-gui.sh are loaded (run with CASES including 90)' 1
	return 0 2> /dev/null || exit 0
fi

V_WORDS=('VERIFIED' 'NOT VERIFIED' 'COULD NOT CHECK')
V_JSON=('verified' 'not-verified' 'could-not-check')
V_ICON=('emblem-ok-symbolic' 'dialog-error-symbolic' 'dialog-warning-symbolic')
PINS_NOTE="pins taken from '$(re "$FX/pins")', not the built-in ones"

v3() {
	local name=$1 want=$2 code=$3 title=$4 checks=() text=()
	shift 4
	while [ $# -gt 0 ] && [ "$1" != -- ]; do checks+=("json:$1"); shift; done
	shift
	# the text: the verdict words first (or, when the check could not
	# run at all, the message on stderr and nothing on stdout)
	if [ "$code" = file-unreadable ] || [ "$code" = error ]; then
		text=('!.' "err:^electrum-verify: ")
	else
		text=("1:^${V_WORDS[$want]}: ")
	fi
	t "verdict table: $name: text" "$want" "${text[@]}" "err:^electrum-verify: note: $PINS_NOTE\$" \
	    -- ELECTRUM_VERIFY_HOME="$G/store" "$@"
	t "verdict table: $name: --json" "$want" \
	    "json:.verdict == \"${V_JSON[$want]}\" and .exit == $want and .reason_code == \"$code\"" \
	    "json:.trust_root == {\"pins\": \"$FX/pins\", \"keyring\": false}" "${checks[@]}" \
	    -- ELECTRUM_VERIFY_HOME="$G/store" --json "$@"
	g "verdict table: $name: window" "$want" "verdict=$title:${V_ICON[$want]}" \
	    "text=\"Pins taken from '$(re "$FX/pins")', not the built-in ones\\.\"" \
	    -- "$@"
}

# gzip data named as the AppImage of a release, with a good signature
mkdir -p "$G/gzapp"
cp "$G/good/Electrum-4.6.2.tar.gz" "$G/gzapp/electrum-4.6.2-x86_64.AppImage"
cp "$G/good/Electrum-4.6.2.tar.gz.asc" "$G/gzapp/electrum-4.6.2-x86_64.AppImage.asc"

# VERIFIED
v3 'enough counted signatures, no BAD one, content as named' 0 signed "$V_OK" \
    '.name_matches_content == true and .missing_signers == [] and .file.size > 0' \
    -- "$G/good/Electrum-4.6.2.tar.gz"
# NOT VERIFIED
v3 'a BAD signature from a pinned key' 1 bad-signature "$V_BAD" \
    '.signatures[0].reason_code == "bad" and .signatures[0].signer == "alice"' \
    -- "$G/bad/data.bin"
v3 'only signatures from keys that are not pinned' 1 not-pinned "$V_BAD" \
    '.signatures[0].reason_code == "not-pinned" and .missing_signers == []' \
    -- "$G/unknown/data.bin"
v3 'too few counted signatures (a text-mode one only)' 1 too-few-signatures "$V_BAD" \
    '.signatures[0].reason_code == "text-mode" and .counted_signers == []' \
    -- --sig "$FX/sig/text.asc" "$G/nosig/data.bin"
v3 'signed, but gzip data named .AppImage' 1 content-not-as-named "$V_MISNAMED" \
    '.name_matches_content == false and .file.type == "gzip data" and .signatures[0].reason_code == "counted"' \
    -- "$G/gzapp/electrum-4.6.2-x86_64.AppImage"
# COULD NOT CHECK
v3 'no signature found' 2 no-signature "$V_CANNOT" \
    '.signature_files == [] and .signatures == []' \
    -- "$G/nosig/data.bin"
v3 'a pinned signer (ivan) whose key is not at hand, named' 2 key-missing "$V_CANNOT" \
    '.missing_signers == ["ivan"] and .signatures[0].reason_code == "key-missing"' \
    '(.reason | test("\\bivan\\b"))' \
    -- --sig "$FX/sig/ivan.asc" "$G/nosig/data.bin"
v3 'unreadable input: a signature file that is no signature' 2 signature-unreadable "$V_CANNOT" \
    '.signatures == []' \
    -- --sig "$FX/sig/garbage.sig" "$G/nosig/data.bin"
v3 'unreadable input: a file that is not there' 2 file-unreadable "$V_CANNOT" \
    '.file.size == null and .file.sha256 == null and .file.type == null' \
    -- "$G/nothing-here"

# The issuer's fingerprint (the hashed subpacket) is in the receipt.
t 'json: the issuer fingerprint of each signature' 0 \
    "json:.signatures[0].issuer_fingerprint == \"$FPR_alice\" and .signatures[0].fingerprint == \"$FPR_alice\"" \
    -- ELECTRUM_VERIFY_HOME="$G/store" --json "$G/good/Electrum-4.6.2.tar.gz"
# Without the override: the built-in pins, and no note.
t 'trust root: the built-in pins: said in the receipt, no note' 1 \
    'json:.trust_root == {"pins": "builtin", "keyring": false} and .reason_code == "not-pinned"' '!err:pins taken from' \
    -- -ELECTRUM_VERIFY_PINS ELECTRUM_VERIFY_HOME="$G/store" --json "$G/good/Electrum-4.6.2.tar.gz"
# With --keyring the keys given are the trust root: no pins, no note.
t 'trust root: --keyring: no pins, no note' 0 \
    'json:.trust_root == {"pins": null, "keyring": true}' '!err:pins taken from' \
    -- --json --keyring "$FX/keys/alice.asc" "$G/good/Electrum-4.6.2.tar.gz"
