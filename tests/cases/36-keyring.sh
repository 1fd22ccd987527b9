# --keyring for package builds (issue 11, point 4): every key file form
# Debian's uscan takes as debian/upstream/signing-key.asc is read (binary
# keys; armoured PUBLIC KEY BLOCKs, text between them; gpg --enarmor's
# PGP ARMORED FILE around binary keys); --fingerprint FPR pins only those
# primary keys out of it, as makepkg's validpgpkeys; and the messages speak
# of the keys in FILE, never of Electrum, pinned signers or importing.

D=data.bin
K36=$T/keyring
mkdir -p "$K36" || fx_die "cannot make $K36"
{ fx_gpg alice --export; fx_gpg bob --export; } > "$K36/alice+bob.gpg" &&
    [ -s "$K36/alice+bob.gpg" ] || fx_die 'cannot export a binary keyring'
{
	printf 'Upstream signing keys, as published on the download page.\n\n'
	printf 'Alice (releases up to 2.0):\n'
	cat "$FX/keys/alice.asc"
	printf '\nBob (releases from 2.1):\n\n'
	cat "$FX/keys/bob.asc"
	printf '\n-- end of the keys\n'
} > "$K36/signing-key.asc"
fx_gpg alice --enarmor < "$K36/alice+bob.gpg" > "$K36/enarmored.asc" &&
    grep -q '^-----BEGIN PGP ARMORED FILE-----$' "$K36/enarmored.asc" || fx_die 'cannot enarmor the keyring'
sed 's/^=.*/=AAAA/' "$K36/enarmored.asc" > "$K36/enarmored-badcrc.asc"
cmp -s "$K36/enarmored.asc" "$K36/enarmored-badcrc.asc" && fx_die 'enarmored-badcrc.asc has the right checksum'
{ printf 'the keys:\n'; cat "$K36/enarmored.asc"; } > "$K36/enarmored-text.asc"
cp "$FX/keys/frank.asc" "$FX/keys/carol.asc" "$K36/" || fx_die "cannot copy keys to $K36"
python3 "$TESTS/mkpgp.py" issuer strip "$FX/sig/alice.sig" "$K36/alice-noid.sig" || fx_die 'cannot strip the issuer'
python3 "$TESTS/mkpgp.py" issuer strip "$FX/sig/bob.sig" "$K36/bob-noid.sig" || fx_die 'cannot strip the issuer
# dave's fingerprints as gpg prints them: ten groups of four, two spaces
# in the middle
spaced() { printf '%s' "$1" | sed -E 's/(.{4})/\1 /g; s/ $//; s/^(([^ ]+ ){4}[^ ]+) /\1  /'; }

AB="'$K36/alice+bob.gpg'"
TWO="1:$(kr_ok_line $D 2 "$AB" 'Alice <alice@test>, Bob <bob@test>')"

# --- the forms of a key file --------------------------------------------------------
t '--keyring: binary keys, two in one file' 0 "$TWO" -- --keyring "$K36/alice+bob.gpg" --min-sigs 2 --sig sig/alice+bob.sig $D
t '--keyring: two armoured PUBLIC KEY BLOCKs with text around them' 0 \
    "1:$(kr_ok_line $D 2 "'$K36/signing-key.asc'" 'Alice <alice@test>, Bob <bob@test>')" \
    -- --keyring "$K36/signing-key.asc" --min-sigs 2 --sig sig/alice+bob.sig $D
t '--keyring: gpg --enarmor output (PGP ARMORED FILE)' 0 \
    "1:$(kr_ok_line $D 2 "'$K36/enarmored.asc'" 'Alice <alice@test>, Bob <bob@test>')" \
    -- --keyring "$K36/enarmored.asc" --min-sigs 2 --sig sig/alice+bob.sig $D
t '--keyring: gpg --enarmor output, gpg engine' 0 "1:^VERIFIED: 'data\\.bin' is signed by 2 keys" \
    -- --engine gpg --keyring "$K36/enarmored.asc" --min-sigs 2 --sig sig/alice+bob.sig $D
t '--keyring: PGP ARMORED FILE with a wrong checksum: could not check, the line named' 2 \
    "err:^electrum-verify: '.*enarmored-badcrc\\.asc': line [0-9]+: armour checksum mismatch" '!^VERIFIED' \
    -- --keyring "$K36/enarmored-badcrc.asc" --sig sig/alice.asc $D
t '--keyring: text before a PGP ARMORED FILE is no key: could not check' 2 \
    "err:^electrum-verify: '.*enarmored-text\\.asc': no usable public key" '!^VERIFIED' \
    -- --keyring "$K36/enarmored-text.asc" --sig sig/alice.asc $D

# --- --fingerprint: only these primary keys out of the keyring -------------------
t '--fingerprint picks alice: her signature counts' 0 "1:$(kr_ok_line $D 1 "$AB" 'Alice <alice@test>')" \
    -- --keyring "$K36/alice+bob.gpg" --fingerprint "$FPR_alice" --sig sig/alice.asc $D
t '--fingerprint picks alice: bob, in the same keyring, is unknown' 1 \
    "1:$(unknown $D 1): none was made by a key chosen with --fingerprint from $(re "$AB")\$" \
    "^ +reason: no key chosen with --fingerprint from $(re "$AB") has key ID" \
    -- --keyring "$K36/alice+bob.gpg" --fingerprint "$FPR_alice" --sig sig/bob.asc $D
t '--fingerprint picks alice: bob unknown to both engines alike' 1 "1:$(unknown $D 1)" '!disagree' \
    -- --cross-check --keyring "$K36/alice+bob.gpg" --fingerprint "$FPR_alice" --sig sig/bob.asc $D
t '--fingerprint picks alice: alice+bob with --min-sigs 2 is not enough' 1 \
    "1:$(nok_line $D)1 good signature from keys in $(re "$AB"), 2 needed" \
    -- --keyring "$K36/alice+bob.gpg" --fingerprint "$FPR_alice" --min-sigs 2 --sig sig/alice+bob.sig $D
t '--fingerprint repeated: both keys' 0 "$TWO" \
    -- --keyring "$K36/alice+bob.gpg" --fingerprint "$FPR_bob" --fingerprint "$FPR_alice" --min-sigs 2 --sig sig/alice+bob.sig $D
t '--fingerprint as gpg prints it (spaces), lower case' 0 "1:$(kr_ok_line $D 1 "$AB" 'Bob <bob@test>')" \
    -- --keyring "$K36/alice+bob.gpg" --fingerprint "$(spaced "$FPR_bob" | tr A-F a-f)" --sig sig/bob.asc $D
t '--fingerprint from an enarmored keyring' 0 "1:$(kr_ok_line $D 1 "'$K36/enarmored.asc'" 'Bob <bob@test>')" \
    -- --keyring "$K36/enarmored.asc" --fingerprint "$FPR_bob" --sig sig/bob.asc $D
t '--fingerprint not in the keyring: a clear error' 2 \
    "err:^electrum-verify: --fingerprint $FPR_carol: no primary key with this fingerprint in $(re "$AB")\$" '!^VERIFIED' 'lines=0' \
    -- --keyring "$K36/alice+bob.gpg" --fingerprint "$FPR_alice" --fingerprint "$FPR_carol" --sig sig/alice.asc $D
t '--fingerprint of a signing subkey: no primary key, refused' 2 "err:--fingerprint $SUB1_dave: no primary key" 'lines=0' \
    -- --keyring keys/dave.asc --fingerprint "$SUB1_dave" --sig sig/dave-sub1.asc $D
t '--fingerprint with a key ID: usage' 2 "err:^electrum-verify: --fingerprint takes a full primary key fingerprint, 40 or 64 hex digits" 'lines=0' \
    -- --keyring "$K36/alice+bob.gpg" --fingerprint "${FPR_alice:24}" --sig sig/alice.asc $D
t '--fingerprint with a stray character: usage' 2 'err:^electrum-verify: --fingerprint takes a full' 'lines=0' \
    -- --keyring "$K36/alice+bob.gpg" --fingerprint "${FPR_alice}x" --sig sig/alice.asc $D
t '--fingerprint without --keyring: usage' 2 'err:^electrum-verify: --fingerprint picks keys out of --keyring files: give --keyring too' 'lines=0' \
    -- --fingerprint "$FPR_alice" --sig sig/alice.asc $D

# --- the words: keys in FILE, never Electrum, pinned signers or importing ---------
# (the JSON's reason codes are machine words, documented as a list: a
# code such as "not-pinned" is left out of this check)
NOWORDS='sh:! sed -E "s/\"[a-z_]*code\": *\"[^\"]*\"//g" "$OUT" "$ERR" | grep -Eiq "pinned|import|electrum[^-]|electrum-verify keys"'
KA=(--keyring keys/alice.asc)
t 'words: verified' 0 "1:$(kr_ok_line $D 1 "'keys/alice.asc'" 'Alice <alice@test>')" "$NOWORDS" -- "${KA[@]}" --sig sig/alice.asc $D
t 'words: unknown key' 1 "1:$(unknown $D 1): none was made by a key in 'keys/alice\\.asc'\$" \
    "^ +reason: no key in 'keys/alice\\.asc' has key ID" "$NOWORDS" -- "${KA[@]}" --sig sig/carol.asc $D
t 'words: too few' 1 "1:$(nok_line $D)1 good signature from keys in 'keys/alice\\.asc', 2 needed\$" "$NOWORDS" \
    -- "${KA[@]}" --min-sigs 2 --sig sig/alice+eve.asc $D
t 'words: BAD' 1 "1:$(nok_line tampered.bin).*BAD signature from Alice" "$NOWORDS" -- "${KA[@]}" --sig sig/alice.asc tampered.bin
t 'words: BAD, the signature names no key, its key in the keyring' 1 "1:$(nok_line tampered.bin)BAD signature from Alice" \
    "$NOWORDS" -- "${KA[@]}" --sig "$K36/alice-noid.sig" tampered.bin
t 'words: signed after the key expired' 1 "1:$(nok_line $D)" \
    "^ +reason: made after the key expired on [0-9-]+: if the signer has extended the key, put the new key in '.*frank\\.asc'\$" \
    "$NOWORDS" -- --keyring "$K36/frank.asc" --sig sig/frank.asc $D
t 'words: a public key given as --sig' 2 "1:$(cnc_line $D)" 'any:this is an OpenPGP public key, not a signature' "$NOWORDS" \
    -- "${KA[@]}" --sig sig/pubkey.asc $D
t 'words: no signature beside the file' 2 "1:$(cnc_line $D)" "$NOWORDS" -- @$FX/lk/none "${KA[@]/keys/$FX/keys}" $D
t 'words: --json, unknown key' 1 'json:.verdict == "not-verified"' \
    "json:.reason | test(\"none was made by a key in 'keys/alice.asc'\")" "$NOWORDS" -- "${KA[@]}" --json --sig sig/carol.asc $D
t 'words: --json, verified' 0 "json:.reason == \"signed by 1 key in 'keys/alice.asc': Alice <alice@test>\"" "$NOWORDS" \
    -- "${KA[@]}" --json --sig sig/alice.asc $D
t 'words: --json, --fingerprint leaves a key out' 1 "json:.signatures[0].reasons[0] | test(\"chosen with --fingerprint\")" "$NOWORDS" \
    -- --keyring "$K36/alice+bob.gpg" --fingerprint "$FPR_alice" --json --sig sig/bob.asc $D
t 'words: a public key as FILE' 2 'err:give keys with --keyring$' "$NOWORDS" 'lines=0' -- "${KA[@]}" keys/bob.asc

# --- the real Electrum keys and signed tags (../shared/electrum) as a package
# build would hold them: every published key in one signing-key.asc, and
# the same enarmored; the tag's signature given as gpg users type it ---------
if [ -d "$SHARED/pubkeys" ] && [ -d "$SHARED/signed-tags" ]; then
	for f in "$SHARED"/pubkeys/*.asc; do
		printf '%s, from pubkeys/ in the Electrum source tree:\n' "${f##*/}"
		cat "$f"
		printf '\n'
	done > "$K36/real-signing-key.asc"
	for f in "$SHARED"/pubkeys/*.asc; do fx_gpg alice --dearmor < "$f"; done |
	    fx_gpg alice --enarmor > "$K36/real-enarmored.asc" || fx_die 'cannot enarmor the real keys'
	RSN=4AD64339DFA05E20B3F6AD51E7B748CDAF5E5ED9
	RTV=6694D8DE7BE8EE5631BED9502BD5824B7F9470E6
	RKR="'$K36/real-signing-key.asc'"
	t 'real: the 4.8.1 tag signature as FILE, every real key in one armoured file: verified by sombernight' 0 \
	    "1:^VERIFIED: '4\\.8\\.1\\.tag' is signed by 1 key in $(re "$RKR"): " "^ +#1 +GOOD +counted .*$RSN" \
	    "err:'4\\.8\\.1\\.tag\\.asc' is a signature: checking the file it signs, '4\\.8\\.1\\.tag'" "$NOWORDS" \
	    -- @"$SHARED/signed-tags" -ELECTRUM_VERIFY_PINS --keyring "$K36/real-signing-key.asc" 4.8.1.tag.asc
	t 'real: gpg habit SIG FILE, enarmored real keys, --fingerprint sombernight as gpg prints it' 0 \
	    "1:^VERIFIED: '4\\.8\\.1\\.tag' is signed by 1 key in '.*real-enarmored\\.asc': " "$NOWORDS" \
	    -- @"$SHARED/signed-tags" -ELECTRUM_VERIFY_PINS --keyring "$K36/real-enarmored.asc" \
	    --fingerprint "$(spaced "$RSN")" 4.8.1.tag.asc 4.8.1.tag
	t 'real: --fingerprint ThomasV only: the 4.8.1 tag (sombernight) is not verified' 1 \
	    "1:$(unknown 4.8.1.tag 1): none was made by a key chosen with --fingerprint from $(re "$RKR")\$" "$NOWORDS" \
	    -- @"$SHARED/signed-tags" -ELECTRUM_VERIFY_PINS --keyring "$K36/real-signing-key.asc" --fingerprint "$RTV" \
	    4.8.1.tag 4.8.1.tag.asc
	t 'real: --fingerprint ThomasV: the 4.6.2 tag verifies' 0 "1:^VERIFIED: '4\\.6\\.2\\.tag' is signed by 1 key in " \
	    "^ +#1 +GOOD +counted .*$RTV" -- @"$SHARED/signed-tags" -ELECTRUM_VERIFY_PINS \
	    --keyring "$K36/real-signing-key.asc" --fingerprint "$RTV" 4.6.2.tag.asc
else
	report "real data present in $SHARED" 1 "missing: $SHARED/pubkeys or signed-tags"
fi
