# Checks of the fixtures themselves, with gpg only: each later case relies
# on a fixture being what its name says. A failure here is a problem of the
# test set-up (or of gpg), not of electrum-verify.

mkdir -p -m 700 "$GEN/verify"
gpg --homedir "$GEN/verify" --batch --no-tty --quiet --import "$FX"/keys/*.asc 2>/dev/null

# st SIG FILE: gpg's status lines for verifying SIG over FILE.
st() { fx_verify verify "$FX/$1" "$FX/$2"; }
# validsig SIG FILE FIELD...: fields of the VALIDSIG lines (awk numbering:
# $3 fpr, $5 sig time, $7 version, $9 pk algo, $10 hash algo, $11 class,
# $12 primary fpr).
validsig() {
	local s=$1 f=$2
	shift 2
	st "$s" "$f" | awk -v fl="$*" '$2 == "VALIDSIG" {
		n = split(fl, w, " "); o = ""
		for (i = 1; i <= n; i++) o = o (i > 1 ? " " : "") $(w[i])
		print o }'
}
keyexpired() { st "$1" "$2" | awk '$2 == "KEYEXPIRED" { print $3; exit }'; }
now=$(date +%s)

fixture_check 'alice (RSA), bob (ECDSA P-256), carol (EdDSA) are GOOD over data.bin' \
    '[ "$(validsig sig/alice+bob+carol.asc data.bin 3 9)" = "$FPR_alice 1
$FPR_bob 19
$FPR_carol 22" ]'
fixture_check 'dave signed through two different subkeys of his primary key' \
    '[ "$(validsig sig/dave-sub1+sub2.asc data.bin 3 12)" = "$SUB1_dave $FPR_dave
$SUB2_dave $FPR_dave" ] && [ "$SUB1_dave" != "$SUB2_dave" ]'
fixture_check 'alice-x3.asc holds the same signature three times' \
    '[ "$(fx_packets "$FX/sig/alice-x3.asc" | grep -c "^:signature packet")" = 3 ] &&
     [ "$(validsig sig/alice-x3.asc data.bin 5 | sort -u | wc -l)" = 1 ]'
fixture_check 'erin signed 2020-06-01, before her key expired (2020-12-31), key expired now' \
    'sig=$(validsig sig/erin.asc data.bin 5); exp=$(keyexpired sig/erin.asc data.bin);
     [ "$sig" = 1590969600 ] && [ -n "$exp" ] && [ "$sig" -lt "$exp" ] && [ "$exp" -lt "$now" ]'
fixture_check 'frank signed 2022-01-01, after the expiry his key shows (2021-06-01)' \
    'sig=$(validsig sig/frank.asc data.bin 5); exp=$(keyexpired sig/frank.asc data.bin);
     [ "$sig" = 1640995200 ] && [ "$exp" = 1622505600 ] && [ "$sig" -gt "$exp" ]'
fixture_check 'grace signed, then her key was revoked' \
    'st sig/grace.asc data.bin | grep -q "REVKEYSIG" &&
     gpg --homedir "$GEN/empty" --batch --with-colons --show-keys "$FX/keys/grace.asc" 2>/dev/null | grep -q "^pub:r:"'
fixture_check 'future.asc is dated ten years ahead, future-1h.asc one hour, skew-1min.asc one minute' \
    'f=$(validsig sig/future.asc data.bin 5); h=$(validsig sig/future-1h.asc data.bin 5);
     m=$(validsig sig/skew-1min.asc data.bin 5);
     [ "$f" -gt $((now + 9 * 365 * 86400)) ] && [ "$h" -gt $((now + 3000)) ] &&
     [ "$m" -gt "$now" ] && [ "$m" -le $((now + 60)) ]'
fixture_check 'sha1/md5/ripemd160/sha512 signatures use those digests (2, 1, 3, 10)' \
    'for p in sha1:2 md5:1 ripemd160:3 sha512:10; do
       fx_packets "$FX/sig/${p%:*}.asc" | grep -q "digest algo ${p#*:}," || exit 1; done'
fixture_check 'text.asc is a good signature of class 0x01 (text) over data.bin' \
    '[ "$(validsig sig/text.asc data.bin 11)" = 01 ]'
fixture_check 'v3.sig is a genuine version 3 signature by alice, GOOD in gpg' \
    'fx_packets "$FX/sig/v3.sig" | grep -q "version 3," &&
     [ "$(validsig sig/v3.sig data.bin 3 7)" = "$FPR_alice 3" ]'
fixture_check 'tampered, truncated and extended data make alice BAD in gpg' \
    'for f in tampered truncated extended; do st sig/alice.asc $f.bin | grep -q BADSIG || exit 1; done'
fixture_check 'bob-other.asc is GOOD over other.bin and BAD over data.bin' \
    'st sig/bob-other.asc other.bin | grep -q GOODSIG && st sig/bob-other.asc data.bin | grep -q BADSIG'
fixture_check 'the look-alike key copies alice'"'"'s user ID under another fingerprint' \
    'gpg --homedir "$GEN/empty" --batch --with-colons --show-keys "$FX/keys/lookalike.asc" 2>/dev/null |
       grep -q "^uid:.*:Alice <alice@test>:" && [ "$FPR_lookalike" != "$FPR_alice" ]'
fixture_check 'clearsigned.asc is a clear-signed message, pubkey.asc a public key' \
    'head -n 1 "$FX/sig/clearsigned.asc" | grep -qx -- "-----BEGIN PGP SIGNED MESSAGE-----" &&
     head -n 1 "$FX/sig/pubkey.asc" | grep -qx -- "-----BEGIN PGP PUBLIC KEY BLOCK-----"'
fixture_check 'junk.asc is alice.asc with text after the armour' \
    'cmp -s <(head -c "$(wc -c < "$FX/sig/alice.asc")" "$FX/sig/junk.asc") "$FX/sig/alice.asc" &&
     [ "$(tail -n 1 "$FX/sig/junk.asc")" = "trailing junk after the armour" ]'
fixture_check 'the hostile GNUPGHOME holds the attacker keys and a permissive gpg.conf' \
    'gpg --homedir "$FX/hostile" --batch --with-colons --list-keys 2>/dev/null | grep -q "$FPR_eve" &&
     grep -qx "trust-model always" "$FX/hostile/gpg.conf" &&
     grep -qx "allow-weak-digest-algos" "$FX/hostile/.gnupg/gpg.conf"'
gpgconf --homedir "$FX/hostile" --kill all >/dev/null 2>&1
gpgconf --homedir "$GEN/verify" --kill all >/dev/null 2>&1
# the check above may have left a lock or socket: take a fresh snapshot
snapshot "$FX/hostile" > "$T/hostile.snap"

# Real data: which key made each real signature. The expected SIGNER of
# the real-data cases is the pin of the key that made the signature, not
# the name in the file name; this checks that the two agree here.
if [ -d "$SHARED/pubkeys" ]; then
	fixture_check 'real: the signing subkeys belong to sombernight and Emzy' \
	    'gpg --homedir "$GEN/empty" --batch --with-colons --show-keys "$SHARED/pubkeys/sombernight.asc" 2>/dev/null |
	       grep -q "^fpr:::::::::6D7A2116DA909E00AC21108BB33B5F232C6271E9:" &&
	     gpg --homedir "$GEN/empty" --batch --with-colons --show-keys "$SHARED/pubkeys/Emzy.asc" 2>/dev/null |
	       grep -q "^fpr:::::::::637DB1E23370F84AFF88CCE03152347D07DA627C:"'
	fixture_check 'real: every per-signer file was made by the key its name says' \
	    'for s in "$SHARED"/signatures/*/*/*.asc; do
	       b=${s##*/}; b=${b%.asc}; want=${b##*.}; i=$(issuer "$s")
	       [ "${REAL_SIGNER[$i]:-?}" = "$want" ] || { echo "$s: issuer $i"; exit 1; }; done'
else
	report "real data present in $SHARED" 1 "missing: $SHARED/pubkeys"
fi
