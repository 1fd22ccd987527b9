#!/bin/bash
# tests/mkdiff.sh OUTDIR: the corpus of the differential test
# (tests/cases/67-differential.sh), made with gpg alone: keys of every
# algorithm gpg 2.2 makes, subkeys, expired and revoked keys, and detached
# signatures over one data file in single, concatenated and armour
# variants. Nothing here knows what any verifier will say.
#
# Results under OUTDIR:
#   keyring.gpg        binary export of every key but "unk" (with their
#                      revocations)
#   kr/ID.gpg          the keyring for item ID (see the end)
#   keys/NAME.gpg      each key alone
#   data.bin, other.bin, tampered.bin, text.txt
#   sig/ID.sig|.asc    one signature file per corpus item
#   corpus             one line per item: ID MINSIGS ALLOWED SIGFILE DATAFILE
#                      (ALLOWED: the intended differences this item
#                      shows, comma-separated IDs of tests/diff-intended.txt,
#                      or "-")
#   gen/               the generation homes (agents stopped at the end)
#
# Exits non-zero, naming the step, if anything could not be made.

set -u
D=${1:?usage: mkdiff.sh OUTDIR}
TESTS=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# fx_v3sig of the fixtures makes a genuine v3 signature (gpg 2.2 cannot)
T=$D
# shellcheck source=tests/fixtures.sh
. "$TESTS/fixtures.sh"
G=$D/gen
S=$D/sig
NOW=$(date +%s)

die() {
	printf 'mkdiff: %s\n' "$*" >&2
	stop_agents
	exit 1
}

stop_agents() {
	local h
	for h in "$G"/*/; do
		[ -d "$h" ] && gpgconf --homedir "${h%/}" --kill all >/dev/null 2>&1
	done
	return 0
}

# g NAME ARGS...: gpg in the home of key NAME.
g() {
	local home=$G/$1
	shift
	gpg --homedir "$home" --batch --no-tty --quiet --pinentry-mode loopback \
	    --passphrase '' "$@" 2>>"$G/gpg.log"
}

fpr() {
	g "$1" --with-colons --fingerprint --with-subkey-fingerprints --list-keys |
	    awk -F: -v n="${2:-1}" '/^fpr:/ && ++i == n { print $10 }'
}

JOBS=()
# genkey NAME ALGO USAGE EXPIRE [FAKETIME]: in the background.
genkey() {
	local name=$1 algo=$2 usage=$3 exp=$4 fake=${5:-}
	mkdir -p -m 700 "$G/$name"
	(
		if [ -n "$fake" ]; then
			g "$name" --faked-system-time "$fake" \
			    --quick-gen-key "$name <$name@diff.test>" "$algo" "$usage" "$exp"
		else
			g "$name" --quick-gen-key "$name <$name@diff.test>" "$algo" "$usage" "$exp"
		fi
	) &
	JOBS+=("$!:$name")
}

# sign NAME OUT FILE [gpg options]: detached, armoured if OUT ends in .asc.
sign() {
	local name=$1 out=$2 file=$3
	shift 3
	local arm=()
	case $out in *.asc) arm=(--armor) ;; esac
	rm -f "$out"
	g "$name" "${arm[@]}" "$@" --output "$out" --detach-sign "$file" &&
	    [ -s "$out" ] || die "signing $file as $name -> $out"
}

CORPUS=()
# item ID MINSIGS ALLOWED SIGFILE [DATAFILE]
item() {
	[ -s "$D/$4" ] || die "corpus item $1: $4 is missing or empty"
	CORPUS+=("$1 $2 $3 $4 ${5:-data.bin}")
}

mkdir -p -m 700 "$G" || die "cannot make $G"
GEN=$G	# for the fixtures' helpers
mkdir -p "$S" || die "cannot make $S"
: > "$G/gpg.log"
trap stop_agents EXIT

# Keys. One per algorithm, signing with the primary key.
ALGOS='rsa2048 rsa3072 rsa4096 dsa2048 ed25519 nistp256 nistp384 nistp521 brainpoolP256r1 secp256k1'
for a in $ALGOS; do genkey "$a" "$a" sign never; done
# sub: a certification-only primary with two signing subkeys;
# subrsa: an ECDSA primary with an RSA signing subkey.
genkey sub ed25519 cert never
genkey subrsa nistp256 cert never
# exp: expired 2021-01-01 (made 2020-01-01 for a year), signs in 2020.
genkey exp ed25519 sign 1y 20200101T000000!
# late: made in 2020 without expiry, signs in 2022, and is then given an
# expiry of 2021-06-01 by a self-signature dated 2020-06-01.
genkey late ed25519 sign never 20200101T000000!
# subexp: its signing subkey expired 2021-01-01; signs in 2020.
genkey subexp ed25519 cert never 20200101T000000!
# rev: revoked (no reason given: a hard revocation); revsoft: revoked as
# superseded (a soft revocation) after signing in 2020; subrev: its
# signing subkey revoked.
genkey rev ed25519 sign never
genkey revsoft ed25519 sign never 20200101T000000!
genkey subrev ed25519 cert never
# sha1self: binds its user ID with a SHA-1 self-signature (as ThomasV's
# key does); ruid: its first user ID revoked, a second one valid.
mkdir -p -m 700 "$G/sha1self"
(g sha1self --cert-digest-algo SHA1 --quick-gen-key "sha1self <sha1self@diff.test>" rsa2048 sign never) &
JOBS+=("$!:sha1self")
genkey ruid ed25519 sign never
# old: made in 2020, never expires. ext: made in 2020, signs in 2022, is
# then given an expiry of 2021-06-01 (a self-signature dated 2020-06-01),
# and extended again in 2023 (never expires).
genkey ext ed25519 sign never 20200101T000000!
genkey old ed25519 sign never 20200101T000000!
# unk: a key nobody has.
genkey unk ed25519 sign never
for j in "${JOBS[@]}"; do
	wait "${j%%:*}" || die "key generation for ${j#*:} failed (see $G/gpg.log)"
done

F_sub=$(fpr sub)
g sub --quick-add-key "$F_sub" ed25519 sign never || die "sub: first subkey"
g sub --quick-add-key "$F_sub" ed25519 sign never || die "sub: second subkey"
g subrsa --quick-add-key "$(fpr subrsa)" rsa2048 sign never || die "subrsa: subkey"
g subexp --faked-system-time 20200101T000000! --quick-add-key "$(fpr subexp)" \
    ed25519 sign 1y || die "subexp: subkey"
g subrev --quick-add-key "$(fpr subrev)" ed25519 sign never || die "subrev: subkey"
for k in sub subrsa subexp subrev; do
	[[ $(fpr "$k" 2) =~ ^[0-9A-F]{40}$ ]] || die "$k has no subkey"
done

# Payloads.
head -c 65536 /dev/urandom > "$D/data.bin" || die "data.bin"
printf 'another file\n' > "$D/other.bin"
# byte 30001 made different from what it was (a fixed 'X' equals it in one
# run of 256)
x=$(od -An -tu1 -j 30000 -N 1 "$D/data.bin" | tr -d ' ')
{ head -c 30000 "$D/data.bin"; printf "\\$(printf '%03o' $(( (x + 1) % 256 )))"; tail -c +30002 "$D/data.bin"; } > "$D/tampered.bin"
cmp -s "$D/data.bin" "$D/tampered.bin" && die "tampered.bin equals data.bin"
printf 'line one\nline two\nline three\n' > "$D/text.txt"
d=$D/data.bin

# One signature per algorithm, binary and with gpg's own digest choice.
for a in $ALGOS; do
	sign "$a" "$S/alg-$a.sig" "$d" -u "$(fpr "$a")!"
	case $a in brainpool* | secp256k1) ok=SQV-CURVE ;; *) ok=- ;; esac
	item "alg-$a" 1 "$ok" "sig/alg-$a.sig"
done

# Subkeys.
sign sub "$S/sub1.sig" "$d" -u "$(fpr sub 2)!"
sign sub "$S/sub2.sig" "$d" -u "$(fpr sub 3)!"
sign subrsa "$S/subrsa.sig" "$d" -u "$(fpr subrsa 2)!"
item subkey 1 - sig/sub1.sig
item subkey-rsa-under-ecdsa 1 - sig/subrsa.sig
cat "$S/sub1.sig" "$S/sub2.sig" > "$S/sub1+sub2.sig"
item two-subkeys-of-one-key 1 - sig/sub1+sub2.sig
item two-subkeys-of-one-key-min2 2 MIN-SIGS sig/sub1+sub2.sig

# A key with SHA-1 self-signatures; a key with a revoked user ID.
sign sha1self "$S/sha1self.sig" "$d" -u "$(fpr sha1self)!"
item key-with-sha1-self-signatures 1 SQV-SHA1-SELFSIG sig/sha1self.sig
g ruid --quick-add-uid "$(fpr ruid)" 'ruid second <ruid2@diff.test>' || die "ruid: adding a user ID"
g ruid --quick-revoke-uid "$(fpr ruid)" 'ruid <ruid@diff.test>' || die "ruid: revoking a user ID"
sign ruid "$S/ruid.sig" "$d" -u "$(fpr ruid)!"
item key-with-a-revoked-user-id 1 - sig/ruid.sig

# Expiry and revocation.
sign exp "$S/expired-made-valid.sig" "$d" -u "$(fpr exp)!" --faked-system-time 20200601T000000!
item expired-key-signed-while-valid 1 - sig/expired-made-valid.sig
sign late "$S/late.sig" "$d" -u "$(fpr late)!" --faked-system-time 20220101T000000!
g late --faked-system-time 20200601T000000! --quick-set-expire "$(fpr late)" 1y ||
    die "late: setting the expiry"
item signed-after-key-expiry 1 AFTER-EXPIRY sig/late.sig
sign subexp "$S/subexp.sig" "$d" -u "$(fpr subexp 2)!" --faked-system-time 20200601T000000!
item expired-subkey-signed-while-valid 1 - sig/subexp.sig
# a second subkey of subexp, made in 2020 without expiry, signs in 2022;
# then it is given an expiry of 2021-06-01 by a binding dated 2020-06-01
g subexp --faked-system-time 20200101T000000! --quick-add-key "$(fpr subexp)" \
    ed25519 sign never || die "subexp: second subkey"
sign subexp "$S/subexp-late.sig" "$d" -u "$(fpr subexp 3)!" --faked-system-time 20220101T000000!
g subexp --faked-system-time 20200601T000000! --quick-set-expire "$(fpr subexp)" 1y \
    "$(fpr subexp 3)" || die "subexp: setting the second subkey's expiry"
item subkey-signed-after-its-expiry 1 AFTER-EXPIRY sig/subexp-late.sig
sign ext "$S/ext.sig" "$d" -u "$(fpr ext)!" --faked-system-time 20220101T000000!
g ext --faked-system-time 20200601T000000! --quick-set-expire "$(fpr ext)" 1y ||
    die "ext: setting the expiry"
g ext --faked-system-time 20230101T000000! --quick-set-expire "$(fpr ext)" 0 ||
    die "ext: extending the key"
item signed-while-expired-since-extended 1 SQV-EXTENDED sig/ext.sig
# dated 2020, by a key made today
sign ed25519 "$S/before-key.sig" "$d" -u "$(fpr ed25519)!" --faked-system-time 20200101T000000! \
    --ignore-time-conflict
item signed-before-key-creation 1 - sig/before-key.sig
# signatures with their own end date: past (2020-06-02) and next year
sign old "$S/sig-expired.sig" "$d" -u "$(fpr old)!" --faked-system-time 20200601T000000! \
    --default-sig-expire 1d
item signature-expired 1 SIG-EXPIRED sig/sig-expired.sig
sign old "$S/sig-expires.sig" "$d" -u "$(fpr old)!" --default-sig-expire 1y
item signature-expires-next-year 1 - sig/sig-expires.sig
sign rev "$S/rev.sig" "$d" -u "$(fpr rev)!"
r=$G/rev/openpgp-revocs.d/$(fpr rev).rev
[ -f "$r" ] || die "rev: no revocation certificate"
sed 's/^:-----BEGIN/-----BEGIN/' "$r" > "$G/rev.rev"
g rev --import "$G/rev.rev" || die "rev: importing the revocation"
item revoked-key 1 REVOKED sig/rev.sig
sign revsoft "$S/revsoft.sig" "$d" -u "$(fpr revsoft)!" --faked-system-time 20200601T000000!
# revkey with no subkey selected revokes the key: okay, reason 2 of the
# menu (superseded, 0x01 in the packet), no text, okay
printf 'revkey\ny\n2\n\ny\nsave\n' | g revsoft --command-fd 0 --edit-key "$(fpr revsoft)" ||
    die "revsoft: revoking the key"
item revoked-key-superseded 1 REVOKED sig/revsoft.sig
sign subrev "$S/subrev.sig" "$d" -u "$(fpr subrev 2)!"
printf 'key 1\nrevkey\ny\n0\n\ny\nsave\n' | g subrev --command-fd 0 --edit-key "$(fpr subrev)" ||
    die "subrev: revoking the subkey"
g subrev --with-colons --list-keys | grep -q '^sub:r:' || die "subrev: subkey not revoked"
g rev --with-colons --list-keys | grep -q '^pub:r:' || die "rev: key not revoked"
g revsoft --with-colons --list-keys | grep -q '^pub:r:' || die "revsoft: key not revoked"
item revoked-subkey 1 REVOKED sig/subrev.sig

# A version 3 signature (RSA, SHA-256), alone and after a v4 one.
fx_v3sig rsa2048 "$d" "$S/v3.sig"
[ -s "$S/v3.sig" ] || die "no v3 signature"
item v3-signature 1 V3 sig/v3.sig
cat "$S/alg-ed25519.sig" "$S/v3.sig" > "$S/v4+v3.sig"
item v4+v3 1 V3,SQV-V3 sig/v4+v3.sig
item v4+v3-min2 2 V3,SQV-V3 sig/v4+v3.sig

# Notations: an ordinary one, and one marked critical that nobody knows.
sign ed25519 "$S/notation.sig" "$d" -u "$(fpr ed25519)!" --sig-notation 'note@diff.test=yes'
sign ed25519 "$S/notation-critical.sig" "$d" -u "$(fpr ed25519)!" --sig-notation '!crit@diff.test=yes'
item notation 1 - sig/notation.sig
item critical-notation 1 - sig/notation-critical.sig

# An empty file.
: > "$D/empty.bin"
sign rsa3072 "$S/empty.sig" "$D/empty.bin" -u "$(fpr rsa3072)!"
item empty-file 1 - sig/empty.sig empty.bin

# Tampered data, a signature over another file, an unknown key.
sign ed25519 "$S/ed25519-other.sig" "$D/other.bin" -u "$(fpr ed25519)!"
sign rsa2048 "$S/rsa2048.asc" "$d" -u "$(fpr rsa2048)!"
sign unk "$S/unk.sig" "$d" -u "$(fpr unk)!"
item tampered-rsa 1 - sig/alg-rsa2048.sig tampered.bin
item tampered-ed25519 1 - sig/alg-ed25519.sig tampered.bin
item tampered-armoured-ecdsa 1 - sig/alg-nistp256.sig tampered.bin
item signature-of-another-file 1 - sig/ed25519-other.sig
item unknown-key 1 - sig/unk.sig

# Digests (RSA 2048).
for h in SHA1 SHA224 SHA384 SHA512 RIPEMD160 MD5; do
	sign rsa2048 "$S/digest-$h.sig" "$d" -u "$(fpr rsa2048)!" --digest-algo "$h"
	case $h in SHA1 | SHA224 | RIPEMD160) ok=DIGEST-$h ;; *) ok=- ;; esac
	item "digest-$h" 1 "$ok" "sig/digest-$h.sig"
done
sign ed25519 "$S/ed25519-sha512.sig" "$d" -u "$(fpr ed25519)!" --digest-algo SHA512
item digest-SHA512-eddsa 1 - sig/ed25519-sha512.sig
# digests longer than the curve or the DSA group (gpg makes no shorter ones)
sign nistp256 "$S/p256-sha512.sig" "$d" -u "$(fpr nistp256)!" --digest-algo SHA512
item digest-SHA512-nistp256 1 - sig/p256-sha512.sig
sign nistp384 "$S/p384-sha512.sig" "$d" -u "$(fpr nistp384)!" --digest-algo SHA512
item digest-SHA512-nistp384 1 - sig/p384-sha512.sig
sign dsa2048 "$S/dsa-sha512.sig" "$d" -u "$(fpr dsa2048)!" --digest-algo SHA512
item digest-SHA512-dsa2048 1 - sig/dsa-sha512.sig

# Text mode (class 0x01), over binary data and over a text file.
sign ed25519 "$S/text-data.sig" "$d" -u "$(fpr ed25519)!" --textmode
sign ed25519 "$S/text-txt.sig" "$D/text.txt" -u "$(fpr ed25519)!" --textmode
sign ed25519 "$S/binary-txt.sig" "$D/text.txt" -u "$(fpr ed25519)!"
item text-mode-binary-data 1 TEXT-MODE sig/text-data.sig
item text-mode-text-file 1 TEXT-MODE sig/text-txt.sig text.txt
item binary-mode-text-file 1 - sig/binary-txt.sig text.txt

# Dates: an hour and ten years ahead.
sign ed25519 "$S/future-1h.sig" "$d" -u "$(fpr ed25519)!" --faked-system-time "$((NOW + 3600))"
sign ed25519 "$S/future-10y.sig" "$d" -u "$(fpr ed25519)!" --faked-system-time "$((NOW + 315360000))"
item future-1h 1 FUTURE sig/future-1h.sig
item future-10y 1 FUTURE sig/future-10y.sig

# Concatenated signatures.
c=$S
cat "$c/alg-rsa2048.sig" "$c/alg-ed25519.sig" > "$c/two.sig"
item two-signers 1 - sig/two.sig
item two-signers-min2 2 - sig/two.sig
cat "$c/alg-rsa3072.sig" "$c/alg-nistp256.sig" "$c/sub1.sig" > "$c/three.sig"
item three-signers-min3 3 - sig/three.sig
item three-signers-min4 4 MIN-SIGS sig/three.sig
cat "$c/alg-ed25519.sig" "$c/alg-ed25519.sig" > "$c/twice.sig"
item same-signer-twice 1 - sig/twice.sig
item same-signer-twice-min2 2 MIN-SIGS sig/twice.sig
cat "$c/alg-rsa2048.sig" "$c/ed25519-other.sig" > "$c/good+bad.sig"
cat "$c/ed25519-other.sig" "$c/alg-rsa2048.sig" > "$c/bad+good.sig"
item good+bad 1 ANY-BAD sig/good+bad.sig
item bad+good 1 ANY-BAD,GPGV-STOP-AT-BAD sig/bad+good.sig
cat "$c/alg-rsa2048.sig" "$c/unk.sig" > "$c/good+unknown.sig"
cat "$c/unk.sig" "$c/alg-rsa2048.sig" > "$c/unknown+good.sig"
item good+unknown 1 UNKNOWN-KEY sig/good+unknown.sig
item unknown+good 1 UNKNOWN-KEY sig/unknown+good.sig
item good+unknown-min2 2 - sig/good+unknown.sig
cat "$c/alg-ed25519.sig" "$c/digest-SHA1.sig" > "$c/good+sha1.sig"
item good+sha1 1 DIGEST-SHA1 sig/good+sha1.sig
item good+sha1-min2 2 DIGEST-SHA1 sig/good+sha1.sig
cat "$c/alg-ed25519.sig" "$c/late.sig" > "$c/good+after-expiry.sig"
item good+after-expiry-min2 2 AFTER-EXPIRY sig/good+after-expiry.sig
cat "$c/alg-ed25519.sig" "$c/rev.sig" > "$c/good+revoked.sig"
item good+revoked 1 REVOKED sig/good+revoked.sig
item good+revoked-min2 2 REVOKED sig/good+revoked.sig
cat "$c/alg-rsa2048.sig" "$c/text-data.sig" > "$c/good+text.sig"
item good+text-mode-min2 2 TEXT-MODE,MIN-SIGS sig/good+text.sig
cat "$c/alg-rsa2048.sig" "$c/future-1h.sig" > "$c/good+future.sig"
item good+future-min2 2 FUTURE sig/good+future.sig

# Armour variants of rsa2048's signature.
a=$c/rsa2048.asc
item armour 1 - sig/rsa2048.asc
sed 's/$/\r/' "$a" > "$c/arm-crlf.asc"
item armour-crlf 1 - sig/arm-crlf.asc
sed '1a\
Version: GnuPG v2\
Comment: a comment header\
Hash: SHA256' "$a" > "$c/arm-headers.asc"
item armour-headers 1 - sig/arm-headers.asc
sed '/^=/d' "$a" > "$c/arm-nocrc.asc"
item armour-no-checksum 1 - sig/arm-nocrc.asc
sed 's/^=.*/=AAAA/' "$a" > "$c/arm-badcrc.asc"
cmp -s "$a" "$c/arm-badcrc.asc" && die "arm-badcrc.asc has the right checksum"
item armour-bad-checksum 1 ARMOUR-CRC sig/arm-badcrc.asc
{ printf 'Here is my signature:\n\n'; cat "$a"; } > "$c/arm-lead.asc"
item armour-leading-text 1 ARMOUR-TEXT sig/arm-lead.asc
{ cat "$a"; printf 'trailing text\n'; } > "$c/arm-trail.asc"
item armour-trailing-text 1 ARMOUR-TEXT sig/arm-trail.asc
sed 's/$/  /' "$a" > "$c/arm-spaces.asc"
item armour-trailing-spaces 1 - sig/arm-spaces.asc
sed 's/PGP SIGNATURE/PGP MESSAGE/' "$a" > "$c/arm-label.asc"
item armour-message-label 1 ARMOUR-LABEL sig/arm-label.asc
sign ed25519 "$c/ed25519.asc" "$d" -u "$(fpr ed25519)!"
cat "$a" "$c/ed25519.asc" > "$c/arm-two-blocks.asc"
item armour-two-blocks 1 SQV-ARMOUR-BLOCKS sig/arm-two-blocks.asc
item armour-two-blocks-min2 2 SQV-ARMOUR-BLOCKS sig/arm-two-blocks.asc
# three packets in one armour block
cat "$c/alg-rsa4096.sig" "$c/alg-nistp384.sig" "$c/alg-dsa2048.sig" > "$G/three.bin"
g rsa2048 --enarmor < "$G/three.bin" | sed 's/PGP ARMORED FILE/PGP SIGNATURE/; /^Comment: /d' > "$c/arm-one-block-three.asc"
grep -q 'BEGIN PGP SIGNATURE' "$c/arm-one-block-three.asc" || die "armouring three packets"
item armour-one-block-three-min3 3 - sig/arm-one-block-three.asc

# Keyrings, binary, each key with its revocations: keyring.gpg holds every
# key but unk; kr/ID.gpg, the one all three verifiers get for item ID,
# holds the keys of the item's issuers (as gpg lists them) and two that
# signed nothing there, rsa3072 and nistp384 (fewer keys, faster runs).
mkdir -p "$D/keys" "$D/kr" "$G/empty" && chmod 700 "$G/empty" || die "cannot make $D/keys"
: > "$D/keyring.gpg"
declare -A OWNER=()
for h in "$G"/*/; do
	k=${h%/}
	k=${k##*/}
	[ "$k" = empty ] && continue
	g "$k" --export > "$D/keys/$k.gpg" && [ -s "$D/keys/$k.gpg" ] || die "exporting $k"
	[ "$k" = unk ] && continue
	cat "$D/keys/$k.gpg" >> "$D/keyring.gpg"
	for f in $(g "$k" --with-colons --with-subkey-fingerprints --list-keys |
	    awk -F: '/^fpr:/ { print $10 }'); do
		OWNER[${f:24:16}]=$k
	done
done
[ "${#OWNER[@]}" -gt 20 ] || die "too few key IDs known"
for line in "${CORPUS[@]}"; do
	read -r id _ _ sig _ <<< "$line"
	keys=' rsa3072 nistp384'
	for kid in $(fx_packets "$D/$sig" | grep -oE 'keyid [0-9A-F]{16}' | awk '{ print $2 }'); do
		k=${OWNER[$kid]:-}
		[ -n "$k" ] && [[ $keys != *" $k"* ]] && keys+=" $k"
	done
	for k in $keys; do cat "$D/keys/$k.gpg"; done > "$D/kr/$id.gpg"
done
printf '%s\n' "${CORPUS[@]}" > "$D/corpus"
stop_agents
trap - EXIT
exit 0
