# The verification policy, one case per rule; negative cases first-class.
# Store: alice bob carol dave erin frank grace (imported in 20-keys.sh).
# Signature rows are matched as '#I +STATUS +COUNTED +SIGNER +FPR'.

D=data.bin
OK1="$(ok_line $D 1 alice)"
NOK="$(nok_line $D)"
CNC="$(cnc_line $D)"
row() { printf '^ +#%s +%s +%s +%s( +|$)' "$1" "$2" "$3" "$4"; }

# --- good signatures, one per algorithm --------------------------------
t 'good RSA signature (armoured)'      0 "1:$OK1" "$(row 1 GOOD counted alice)$FPR_alice" -- --sig sig/alice.asc $D
t 'good RSA signature (binary)'        0 "1:$OK1" "$(row 1 GOOD counted alice)$FPR_alice" -- --sig sig/alice.sig $D
t 'good ECDSA P-256 signature'         0 "1:$(ok_line $D 1 bob)" "$(row 1 GOOD counted bob)$FPR_bob" -- --sig sig/bob.asc $D
t 'good Ed25519 signature'             0 "1:$(ok_line $D 1 carol)" "$(row 1 GOOD counted carol)$FPR_carol" -- --sig sig/carol.asc $D
t 'good SHA-512 data signature'        0 "1:$OK1" "$(row 1 GOOD counted alice)" -- --sig sig/sha512.asc $D
t 'check spelled out: good'            0 "1:$OK1" "$(row 1 GOOD counted alice)" -- check --sig sig/alice.asc $D
t_same "'check FILE' = 'FILE' (verified)"   0 "1:$OK1" -- check --sig sig/alice.asc $D --- --sig sig/alice.asc $D
t_same "'check FILE' = 'FILE' (BAD)"        1 '^NOT VERIFIED' -- check --sig sig/alice.asc tampered.bin --- --sig sig/alice.asc tampered.bin
t_same "'check FILE' = 'FILE' (FILE.SIGNER.asc lookup)" 0 '^VERIFIED' -- @$FX/lk/multi check data.bin --- @$FX/lk/multi data.bin

# --- subkeys and counting by primary key ---------------------------------
t 'subkey signature is counted for its primary key' 0 "1:$(ok_line $D 1 dave)" \
    "$(row 1 GOOD counted dave)$FPR_dave" "subkey.*$SUB1_dave" -- --sig sig/dave-sub1.asc $D
t 'second subkey, same primary'        0 "1:$(ok_line $D 1 dave)" "$(row 1 GOOD counted dave)$FPR_dave" \
    "subkey.*$SUB2_dave" -- --sig sig/dave-sub2.asc $D
t 'two subkeys of one key count once'  0 "1:$(ok_line $D 1 dave)" "$(row 1 GOOD counted dave)" \
    "$(row 2 GOOD duplicate dave)" -- --sig sig/dave-sub1+sub2.asc $D
t 'two subkeys of one key do not make --min-sigs 2' 1 \
    "1:$(few $D 1 2)" -- --min-sigs 2 --sig sig/dave-sub1+sub2.asc $D
t 'same signature pasted three times counts once' 0 "1:$OK1" "$(row 1 GOOD counted alice)" \
    "$(row 2 GOOD duplicate alice)" "$(row 3 GOOD duplicate alice)" -- --sig sig/alice-x3.asc $D
t 'same signature three times does not make --min-sigs 2' 1 \
    "1:$(few $D 1 2)" -- --min-sigs 2 --sig sig/alice-x3.asc $D

# --- --min-sigs -----------------------------------------------------------
t 'three pinned signers, default --min-sigs 1' 0 "1:$(ok_line $D 3 'alice, bob, carol')" \
    "$(row 1 GOOD counted alice)" "$(row 2 GOOD counted bob)" "$(row 3 GOOD counted carol)" \
    -- --sig sig/alice+bob+carol.asc $D
t 'three pinned signers, --min-sigs 3' 0 "1:$(ok_line $D 3 'alice, bob, carol')" \
    -- --min-sigs 3 --sig sig/alice+bob+carol.asc $D
t 'three pinned signers, --min-sigs 4: not verified' 1 \
    "1:$(few $D 3 4)" -- --min-sigs 4 --sig sig/alice+bob+carol.asc $D
t 'two binary signatures in one .sig file, --min-sigs 2' 0 "1:$(ok_line $D 2 'alice, bob')" \
    -- --min-sigs 2 --sig sig/alice+bob.sig $D

# --- unknown keys -----------------------------------------------------------
t 'unpinned key only: all signatures from unknown keys' 1 \
    "1:$(unknown $D 1)" "$(row 1 NO-KEY not-counted -)" \
    '^ +reason: .*not (a )?pinned' -- --sig sig/eve.asc $D
t 'look-alike user ID (unpinned key posing as alice): not verified' 1 \
    "1:$(unknown $D 1)" '!counted +alice' '!^ +#1 +GOOD' \
    -- --sig sig/lookalike.asc $D
t 'two unknown keys: all 2 signatures from unknown keys' 1 \
    "1:$(unknown $D 2)" -- --sig sig/eve+lookalike.asc $D
t 'good + unknown: verified, the unknown listed, not counted' 0 "1:$OK1" \
    "$(row 1 GOOD counted alice)" "$(row 2 NO-KEY not-counted -)" '^ +reason: .*not (a )?pinned' \
    -- --sig sig/alice+eve.asc $D
t 'pinned key without key material (ivan): not verified, ivan named' '1|2' '!^VERIFIED' '!counted +ivan' 'any:\bivan\b' \
    -- --sig sig/ivan.asc $D

# --- BAD signatures -----------------------------------------------------------
t 'good + bad: not verified, BAD from bob' 1 "1:${NOK}.*BAD signature from bob" \
    "$(row 1 GOOD '[a-z-]+' alice)" "$(row 2 BAD not-counted bob)$FPR_bob" -- --sig sig/alice+bob-other.asc $D
t '64 copies of one BAD signature: one run, the copies not checked' 1 "1:${NOK}.*BAD signature from bob:" \
    "$(row 1 BAD not-counted bob)" "$(row 2 NOT-CHECKED not-counted -)" "$(row 64 NOT-CHECKED not-counted -)" \
    '^ +reason: not checked: a signature by the same key is already BAD' '!bob, bob' \
    -- --sig sig/bob-other-x64.asc $D
t 'good + bad is not rescued by --min-sigs 1' 1 "1:${NOK}.*BAD signature from bob" \
    -- --min-sigs 1 --sig sig/alice+bob-other.asc $D
t 'signature over another file: BAD'     1 "1:${NOK}.*BAD signature from bob" "$(row 1 BAD not-counted bob)" \
    -- --sig sig/bob-other.asc $D
t 'tampered data: BAD from RSA, ECDSA and EdDSA' 1 "1:$(nok_line tampered.bin).*BAD signatures? from .*alice" \
    "$(row 1 BAD not-counted alice)" "$(row 2 BAD not-counted bob)" "$(row 3 BAD not-counted carol)" \
    -- --sig sig/alice+bob+carol.asc tampered.bin
t 'truncated data: BAD'                   1 "1:$(nok_line truncated.bin).*BAD signature from alice" \
    "$(row 1 BAD not-counted alice)" -- --sig sig/alice.asc truncated.bin
t 'extended data: BAD'                    1 "1:$(nok_line extended.bin).*BAD signature from alice" \
    "$(row 1 BAD not-counted alice)" -- --sig sig/alice.asc extended.bin
t 'subkey signature over tampered data: BAD from dave' 1 "1:$(nok_line tampered.bin).*BAD signature from dave" \
    -- --sig sig/dave-sub1.asc tampered.bin

# --- not signatures, malformed signatures -----------------------------------
t 'a public key given as --sig'          2 "1:$CNC" 'any:public key' '!^ +#1 +GOOD' -- --sig sig/pubkey.asc $D
t 'a clear-signed message given as --sig' 2 "1:$CNC" 'any:[Cc]lear-?signed' '!^ +#1 +GOOD' -- --sig sig/clearsigned.asc $D
t 'armour with trailing junk: malformed' 2 "1:${CNC}.*malformed" -- --sig sig/junk.asc $D
t 'armour with broken base64: malformed' 2 "1:${CNC}.*malformed" -- --sig sig/badb64.asc $D
t 'binary signature cut short: malformed' 2 "1:${CNC}.*malformed" -- --sig sig/cut.sig $D
t 'not OpenPGP at all: malformed'        2 "1:${CNC}.*malformed" -- --sig sig/garbage.sig $D
t 'armour with a wrong checksum: malformed' 2 "1:${CNC}.*malformed" -- --sig sig/badcrc.asc $D
t 'an inline-signed OpenPGP message given as --sig: malformed' 2 "1:${CNC}.*malformed" 'any:message' \
    -- --sig sig/message.asc $D
t '65 signature packets (limit 64): refused' '1|2' '!^VERIFIED' 'any:64' -- --sig sig/65packets.sig $D
t 'signature file over 1 MiB: refused' '1|2' '!^VERIFIED' 'any:too large|at most|MiB' -- --sig sig/big.sig $D
t 'empty signature file: no signature: could not check' 2 "1:${CNC}.*(no signature found|holds no signature|malformed)" -- --sig sig/empty.sig $D
t 'genuine v3 signature by alice: never counted' 1 "1:$NOK" 'any:v3|[Vv]ersion 3|malformed' \
    '!GOOD +counted' -- --sig sig/v3.sig $D

# --- signatures that never count ----------------------------------------------
t 'text-mode (class 0x01) signature over a binary file: GOOD as gpgv says, not counted' 1 "1:$NOK" \
    "$(row 1 GOOD not-counted alice)" '^ +reason: .*text' \
    "sh:gpgv --homedir '$GEN/empty' --keyring '$FX/keys/alice.gpg' '$FX/sig/text.asc' '$FX/$D' 2>&1 | grep -q '^gpgv: Good signature from'" \
    -- --sig sig/text.asc $D
# Text-mode detached signatures (issue 12), checked natively in the one
# read over the canonical text: each answer is gpgv's (GOOD over the text
# and over another file with the same canonical text, BAD over a changed
# one), never counted. long.same differs past byte 19 993 of a line,
# which gpg never hashes: GOOD, as gpgv says.
gpgv_says() { # SIG DATA: gpgv's word on a signature, Good or BAD
	printf "sh:gpgv --homedir '%s' --keyring '%s' '%s' '%s' 2>&1 | grep -q '^gpgv: %s signature from'" \
	    "$GEN/empty" "$FX/keys/alice.gpg" "$FX/sig/$1" "$FX/txt/$2" "$3"
}
for n in lf crlf lonecr blanks eofcr nul block long; do
	for v in txt same; do
		t "text-mode signature over $n.$v: GOOD as gpgv says, not counted" 1 "1:$(nok_line "txt/$n.$v")" \
		    "$(row 1 GOOD not-counted alice)$FPR_alice" '^ +reason: .*text' \
		    "$(gpgv_says "txt-$n.asc" "$n.$v" Good)" -- --sig "sig/txt-$n.asc" "txt/$n.$v"
	done
	t "text-mode signature over $n.bad: BAD as gpgv says" 1 "1:$(nok_line "txt/$n.bad")" \
	    "$(row 1 BAD '[a-z-]+' alice)" "$(gpgv_says "txt-$n.asc" "$n.bad" BAD)" \
	    -- --sig "sig/txt-$n.asc" "txt/$n.bad"
done
# One read: every byte of block.txt (2 MiB, text-mode and binary
# signatures) comes from the file once, strace's sum of the bytes read(2)
# returned for it (the file went to gpg again before issue 12).
if [ "${EV_CROSS_CHECK:-0}" != 1 ] && command -v strace >/dev/null 2>&1 &&
    strace -f -o /dev/null true 2>/dev/null; then
	printf '#!/bin/sh\nASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"\nexport ASAN_OPTIONS\nexec strace -f -y -e trace=read,pread64,readv,preadv -o %q %q "$@"\n' \
	    "$T/reads.log" "$EV" > "$T/ev-reads"
	chmod +x "$T/ev-reads"
	cat "$FX/sig/txt-block.asc" "$FX/sig/txt-lf.asc" "$FX/sig/bob.asc" > "$T/txt-mixed.asc"
	EV30=$EV
	EV=$T/ev-reads
	for sig in "$FX/sig/txt-block.asc" "$T/txt-mixed.asc"; do
		t "text-mode signature over block.txt ($(basename "$sig")): the file is read once" 1 \
		    "$(row 1 GOOD not-counted alice)" \
		    "sh:[ \"\$(grep -F '</' $(printf %q "$T/reads.log") | grep -F $(printf %q "/txt/block.txt>,") | sed -n 's/.* = \\([0-9]*\\)\$/\\1/p' | awk '{ s += \$1 } END { print s + 0 }')\" -eq $(wc -c < "$FX/txt/block.txt") ]" \
		    -- --engine native --sig "$sig" txt/block.txt
	done
	EV=$EV30
fi
t 'SHA-1 data signature: not counted'    1 "1:$NOK" "$(row 1 '[A-Z-]+' not-counted alice)" \
    '^ +reason: .*SHA-?1' -- --sig sig/sha1.asc $D
t 'MD5 data signature: not counted'      1 "1:$NOK" "$(row 1 '[A-Z-]+' not-counted '(alice|-)')" \
    '^ +reason: .*MD5' -- --sig sig/md5.asc $D
t 'digest id gpg does not know (99) over a 100 kB file: not counted, no hang' 1 "1:$NOK" \
    "$(row 1 UNSUPPORTED not-counted -)" '^ +reason: .*digest' -- --sig sig/hash99.sig $D
t 'an MPI longer than its packet over a 100 kB file: malformed, gpg quits, no hang' 2 \
    "1:${CNC}.*malformed signature" "$(row 1 ERROR not-counted -)" -- --sig sig/badmpi.sig $D
t 'RIPEMD160 data signature: not counted' 1 "1:$NOK" "$(row 1 '[A-Z-]+' not-counted alice)" \
    '^ +reason: .*RIPEMD-?160' -- --sig sig/ripemd160.asc $D
t 'dated one hour ahead: not counted'   1 "1:$NOK" "$(row 1 '[A-Z-]+' not-counted carol)" \
    '^ +reason: .*future' -- --sig sig/future-1h.asc $D
t 'dated one minute ahead (clock skew): counts' 0 "1:$(ok_line $D 1 carol)" "$(row 1 GOOD counted carol)" \
    -- --sig sig/skew-1min.asc $D
t 'future-dated signature (ten years ahead): not counted' 1 "1:$NOK" "$(row 1 '[A-Z-]+' not-counted alice)" \
    '^ +reason: .*future' -- --sig sig/future.asc $D
t 'revoked key: not counted'             1 "1:$NOK" "$(row 1 '[A-Z-]+' not-counted grace)" \
    '^ +reason: .*revoked' -- --sig sig/grace.asc $D
t 'carol + revoked grace: verified by carol only' 0 "1:$(ok_line $D 1 carol)" \
    "$(row 2 '[A-Z-]+' not-counted grace)" '^ +reason: .*revoked' -- --sig sig/carol+grace.asc $D
t 'good carol + text-mode alice: verified by carol, the text one listed' 0 "1:$(ok_line $D 1 carol)" \
    "$(row 2 '[A-Z-]+' not-counted alice)" '^ +reason: .*text' -- --sig sig/carol+text.asc $D
t 'good carol + SHA-1 alice: verified by carol, the SHA-1 one listed' 0 "1:$(ok_line $D 1 carol)" \
    "$(row 2 '[A-Z-]+' not-counted alice)" '^ +reason: .*SHA-?1' -- --sig sig/carol+sha1.asc $D
t 'good alice + genuine v3 by alice: the v3 one never counts' '0|1' 'any:v3|malformed' \
    '!^ +#2 +[A-Z-]+ +counted' -- --sig sig/alice+v3.sig $D
t 'alice good, plus SHA-1, text and future ones by alice: each listed with its reason' 0 "1:$OK1" \
    "$(row 1 GOOD counted alice)" "$(row 2 '[A-Z-]+' '(not-counted|duplicate)' alice)" \
    "$(row 3 '[A-Z-]+' '(not-counted|duplicate)' alice)" "$(row 4 '[A-Z-]+' '(not-counted|duplicate)' alice)" \
    '^ +reason: .*SHA-?1' '^ +reason: .*text' '^ +reason: .*future' -- --sig sig/alice+weak.asc $D

# --- key expiry ------------------------------------------------------------
t 'made before the key expired: counts, note says it has since expired' 0 "1:$(ok_line $D 1 erin)" \
    "$(row 1 GOOD counted erin)$FPR_erin" '^ +note: .*expired' -- --sig sig/erin.asc $D
t 'made after the expiry the key shows: not counted, refresh suggested' 1 "1:$NOK" \
    "$(row 1 '[A-Z-]+' not-counted frank)" '^ +reason: .*after the key expired' 'any:[Rr]efresh' \
    -- --sig sig/frank.asc $D
t 'carol + frank signed after expiry: verified by carol only' 0 "1:$(ok_line $D 1 carol)" \
    "$(row 2 '[A-Z-]+' not-counted frank)" '^ +reason: .*after the key expired' -- --sig sig/carol+frank.asc $D

# --- --keyring: the keys given are the pins for this run --------------------
t '--keyring: signer named by the first user ID' 0 "1:$(kr_ok_line $D 1 "'keys/alice.asc'" 'Alice <alice@test>')" \
    "$FPR_alice" -- --keyring keys/alice.asc --sig sig/alice.asc $D
t '--keyring with a binary key' 0 "1:$(kr_ok_line $D 1 "'keys/alice.gpg'" 'Alice <alice@test>')" \
    -- --keyring keys/alice.gpg --sig sig/alice.asc $D
t '--keyring: keys not in it are unknown, even if pinned and stored' 1 \
    "1:$(unknown $D 1)" -- --keyring keys/alice.asc --sig sig/carol.asc $D
t '--keyring repeated: two keyrings, two signers' 0 "1:$(kr_ok_line $D 2 "'keys/alice.asc' and 'keys/bob.asc'" 'Alice <alice@test>, Bob <bob@test>')" \
    "$(row 3 NO-KEY not-counted -)" -- --keyring keys/alice.asc --keyring keys/bob.asc --min-sigs 2 --sig sig/alice+bob+carol.asc $D
t '--keyring with two keys in one file' 0 "1:$(kr_ok_line $D 2 "'keys/alice+bob.asc'" 'Alice <alice@test>, Bob <bob@test>')" \
    -- --keyring keys/alice+bob.asc --min-sigs 2 --sig sig/alice+bob.sig $D
t '--keyring needs no key store' 0 "1:$(kr_ok_line $D 1 "'keys/alice.asc'" 'Alice <alice@test>')" \
    -- ELECTRUM_VERIFY_HOME=$T/nostore --keyring keys/alice.asc --sig sig/alice.asc $D
t '--keyring: BAD is still BAD' 1 "1:$(nok_line tampered.bin).*BAD signature from Alice" \
    -- --keyring keys/alice.asc --sig sig/alice.asc tampered.bin
t '--keyring: missing keyring file' 2 'err:^electrum-verify: .*no-such\.asc' '!^VERIFIED' \
    -- --keyring keys/no-such.asc --sig sig/alice.asc $D

# --- reasons that say why (regressions: a critical notation GnuPG does not
# know was reported as BAD, SHA-224 as too weak) -------------------------------
t 'critical notation GnuPG does not know: not counted, said so, not called BAD' 1 "1:$NOK" \
    "$(row 1 UNSUPPORTED not-counted -)" "^ +reason: it carries a critical notation 'crit@test' that is not understood" \
    '!\bBAD\b|does not match' -- --sig sig/critnote.asc $D
t 'critical notation over tampered data: the same reason, not BAD' 1 "1:$(nok_line tampered.bin)" \
    "$(row 1 UNSUPPORTED not-counted -)" "^ +reason: .*critical notation 'crit@test'" '!\bBAD\b' \
    -- --sig sig/critnote.asc tampered.bin
t 'good alice + unknown critical notation by carol: verified by alice, the other listed' 0 "1:$OK1" \
    "$(row 1 GOOD counted alice)" "$(row 2 UNSUPPORTED not-counted -)" "^ +reason: .*critical notation 'crit@test'" \
    -- --sig sig/alice+critnote.asc $D
t 'critical notation GnuPG knows (pka-address@gnupg.org): counts' 0 "1:$(ok_line $D 1 carol)" \
    "$(row 1 GOOD counted carol)" -- --sig sig/critknown.asc $D
t 'SHA-224 data signature: not counted, and not called too weak' 1 "1:$NOK" "$(row 1 GOOD not-counted alice)" \
    '^ +reason: digest SHA224 is not accepted .*no signer needs it' '!too weak' -- --sig sig/sha224.asc $D
t 'SHA-1 data signature: the reason says too weak' 1 "1:$NOK" \
    '^ +reason: digest SHA1 is not accepted for a signature over a file \(too weak\)' -- --sig sig/sha1.asc $D

# --- issuer stripped, wrong or forged in the unhashed area (issue 12):
# nothing there is signed; the hashed issuer fingerprint still names alice,
# so a tampered file stays BAD (it came out "could not check", as it still
# does with --engine gpg: those cases name the native engine, so that
# 31-cross.sh runs them as written) ----------------------------------------
python3 "$TESTS/mkpgp.py" issuer strip "$FX/sig/alice.sig" "$FX/sig/alice-noid.sig" &&
    python3 "$TESTS/mkpgp.py" issuer wrongid "$FX/sig/alice.sig" "$FX/sig/alice-wrongid.sig" "$FPR_bob" &&
    python3 "$TESTS/mkpgp.py" issuer wrongfpr "$FX/sig/alice.sig" "$FX/sig/alice-wrongfpr.sig" "$FPR_bob" ||
    fx_die 'mkpgp.py issuer failed'
for m in noid wrongid wrongfpr; do
	t "unhashed issuer $m: still good, by alice" 0 "1:$OK1" "$(row 1 GOOD counted alice)$FPR_alice" \
	    -- --sig sig/alice-$m.sig $D
	t "unhashed issuer $m, tampered file: BAD from alice" 1 "1:$(nok_line tampered.bin).*BAD signature from alice:" \
	    "$(row 1 BAD not-counted alice)" -- --engine native --sig sig/alice-$m.sig tampered.bin
done

# --- engines (issue 12): native (one read, libgcrypt) by default, gpg on
# request, both with --cross-check -------------------------------------------
t '--engine gpg: good' 0 "1:$OK1" "$(row 1 GOOD counted alice)$FPR_alice" -- --engine gpg --sig sig/alice.asc $D
t '--engine gpg: BAD' 1 "1:$(nok_line tampered.bin).*BAD signature from alice:" -- --engine gpg --sig sig/alice.asc tampered.bin
t '--engine native: BAD with good ones' 1 "1:$(nok_line tampered.bin).*BAD signatures? from" \
    -- --engine native --sig sig/alice+bob+carol.asc tampered.bin
t '--cross-check: good, both engines agree' 0 "1:$(ok_line $D 3 'alice, bob, carol')" \
    -- --cross-check --sig sig/alice+bob+carol.asc $D
t '--cross-check: BAD, both engines agree' 1 "1:$(nok_line tampered.bin).*BAD signature from alice:" \
    -- --cross-check --sig sig/alice.asc tampered.bin
t '--cross-check: a stripped issuer on a tampered file, where gpg cannot tell: disagreement, exit 2, both answers' 2 \
    '1:^COULD NOT CHECK: the native and gpg engines disagree' '^native engine:' '^gpg engine:' \
    'err:engines disagree: native: not verified: BAD signature from alice' \
    -- --cross-check --sig sig/alice-noid.sig tampered.bin
t '--engine twice: usage' 2 "err:--engine takes one of 'native' or 'gpg'" -- --engine gpg --engine gpg --sig sig/alice.asc $D
t '--engine other: usage' 2 "err:--engine takes one of 'native' or 'gpg'" -- --engine sqv --sig sig/alice.asc $D
t '--cross-check with --engine: usage' 2 'err:--cross-check runs both engines' -- --cross-check --engine gpg --sig sig/alice.asc $D

# --- the file changed while it was read (issue 12): the test hook writes
# the file's first byte over itself when the reader reaches the end, so the
# bytes stay and the change time moves; no sleeping ----------------------------
cp "$FX/data.bin" "$FX/rewritten.bin" || fx_die 'cannot copy data.bin'
for eng in native gpg; do
	t "file rewritten during the check ($eng): could not check" 2 "err:'rewritten\\.bin' changed while it was being checked" \
	    '!^VERIFIED' -- ELECTRUM_VERIFY_TEST_REWRITE=1 --engine $eng --sig sig/alice.asc rewritten.bin
done
t 'file rewritten during the check, --json: could not check, file-unreadable, nothing unknown as 0' 2 \
    'json:.verdict == "could-not-check" and .reason_code == "file-unreadable"' \
    'json:.file.size == null and .file.sha256 == null' \
    -- ELECTRUM_VERIFY_TEST_REWRITE=1 --json --sig sig/alice.asc rewritten.bin
t 'the same file, not rewritten: verified' 0 "1:$(ok_line rewritten.bin 1 alice)" -- --sig sig/alice.asc rewritten.bin

# --- a subkey used before it existed (issue 12): dave's first signing
# subkey signs with a clock set a day before the subkey was made. gpg 2.2
# refuses to check a signature older than its key ("time conflict"),
# whatever the data: the native engine does the same, so both say ERROR,
# in the same words, and neither counts it ----------------------------------
fx_gpg dave --yes --faked-system-time "$(( $(date +%s) - 86400 ))!" --ignore-time-conflict --ignore-valid-from \
    -u "$SUB1_dave!" --detach-sign -o "$FX/sig/dave-sub-early.sig" "$FX/data.bin" ||
    fx_die 'cannot sign with a clock before the subkey'
EARLY='^ +reason: the engine could not check it: made before its signing key was created'
for eng in native gpg; do
	t "signing subkey valid only after the signature was made ($eng): not checked, not counted, said once" 1 "1:$NOK" \
	    "$(row 1 ERROR not-counted dave)$FPR_dave" "$EARLY" 'sh:[ "$(grep -c "made before" "$OUT")" -eq 1 ]' \
	    -- --engine $eng --sig sig/dave-sub-early.sig $D
done
t '--cross-check: a signature older than its subkey, both engines agree' 1 "1:$NOK" \
    "$(row 1 ERROR not-counted dave)$FPR_dave" "$EARLY" '!disagree' \
    -- --cross-check --sig sig/dave-sub-early.sig $D
t '--cross-check: the same over a tampered file: not checked either, both agree' 1 "1:$(nok_line tampered.bin)" \
    "$(row 1 ERROR not-counted dave)$FPR_dave" "$EARLY" '!disagree' \
    -- --cross-check --sig sig/dave-sub-early.sig tampered.bin
