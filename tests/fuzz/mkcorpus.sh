#!/bin/bash
# tests/fuzz/mkcorpus.sh: rebuild the seed corpora tests/fuzz/corpus/NAME
# from the fixtures of one test run, kept for the purpose:
#   EV_TEST_KEEP=1 CASES="00 20 35 80 83 84 85" bash tests/run.sh   (prints "kept DIR")
#   bash tests/fuzz/mkcorpus.sh DIR EV
# EV is a built electrum-verify (writes the manifest seeds). Every seed
# comes from keys, signatures and archives the tests generate (never
# Electrum's published data, fx/real), plus keys/electrum.pins; files over
# 64 KiB are left out, so the corpora stay small. Seeds are named by the
# SHA-1 of their content, as libFuzzer names what it adds; the files
# named regress-* are inputs fuzzing found (tests/cases/68-fuzz-regress.sh)
# and are kept.
set -eu
export LC_ALL=C
T=${1:?kept test directory} EV=${2:?electrum-verify}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
C=$here/corpus
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# put NAME FILE...: copy the files of at most 64 KiB into corpus NAME
put() {
	local n=$1 f h
	shift
	mkdir -p "$C/$n"
	for f in "$@"; do
		[ -f "$f" ] && [ "$(stat -c %s "$f")" -le 65536 ] || continue
		h=$(sha1sum < "$f" | cut -c1-40)
		cp "$f" "$C/$n/$h"
	done
}

# the inputs fuzzing found (regress-*) stay
find "$C" -type f ! -name 'regress-*' -delete
S=$T/fx/sig K=$T/fx/keys
# signatures: every fixture, armoured and binary, good and malformed
put armour "$S"/* "$K"/*.asc
# a key file as gpg --enarmor writes it (what --keyring takes off)
gpg --batch --no-tty --homedir "$T/gen/empty" --enarmor < "$K/alice.gpg" > "$T/enarmored.asc" &&
    put armour "$T/enarmored.asc"
put pgp_sigs "$S"/* "$K"/*
# keys: the fixture keys in binary, and one with SHA-1 self-signatures
for f in "$K"/*.asc; do
	gpg --dearmor < "$f" > "$tmp/${f##*/}.gpg" 2>/dev/null || true
done
G=$tmp/gnupg
mkdir -m 700 "$G"
gpg --homedir "$G" --batch --quiet --pinentry-mode loopback --passphrase '' \
    --cert-digest-algo SHA1 --quick-gen-key 'sha1 <sha1@example.invalid>' \
    ed25519 sign never 2>/dev/null
gpg --homedir "$G" --batch --export > "$tmp/sha1key.gpg"
gpgconf --homedir "$G" --kill all 2>/dev/null || true
put pgp_key "$tmp"/*.gpg "$K"/*.gpg
# pins: ours and the broken fixtures
put pins "$here/../../keys/electrum.pins" "$T"/fx/pins* "$T"/fx/badpins-*
# manifests: each format of a few artifacts, and the broken ones
i=0
for a in "$T"/ar/src.tar.gz "$T"/ar/src.zip "$T"/ar/deb/ok.deb \
    "$T"/ar/app/gzip.AppImage "$T"/ar/pe/signed.exe "$T"/ar/apk/official.apk \
    "$T"/ar/h/dup.tar "$T"/ar/h/names.tar "$T"/r84/xattr.tar; do
	for fmt in mtree sha256sum json; do
		i=$((i + 1))
		"$EV" manifest --format $fmt "$a" > "$tmp/m$i.$fmt" 2>/dev/null || true
	done
done
put mfio "$tmp"/m*.* "$T"/ar/bad/bad.json "$T"/ar/bad/bad.mtree "$T"/ar/bad/bad.sha256
# archives
TARS=("$T"/ar/*.tar* "$T"/ar/v-*.tar.gz "$T"/ar/bad/*.tar* "$T"/ar/h/*.tar \
    "$T"/r84/*.tar* "$T"/w84/*.tar*)
put tar "${TARS[@]}"
for f in "$T"/ar/h/*.tar "$T"/r84/*.tar "$T"/w84/*.tar "$T"/ar/bad/cut.tar; do
	# tarscan reads the headers: the first byte of an input sets the
	# slice size, the rest is the stream
	printf '\x49' | cat - "$f" > "$tmp/ts.${f##*/}"
done
put tarscan "$tmp"/ts.*
ZIPS=("$T"/ar/*.zip "$T"/ar/apk/*.apk "$T"/ar/bad/*.zip "$T"/ar/h/*.zip "$T"/z83/*.zip "$T"/z83/*.apk)
put apk "${ZIPS[@]}"
put zip "${ZIPS[@]}"
DEBS=("$T"/ar/deb/*.deb "$T"/r84/*.deb "$T"/w84/*.deb)
put deb "${DEBS[@]}"
PES=("$T"/ar/pe/*.exe)
put pe "${PES[@]}"
for f in "${PES[@]}"; do	# their PKCS#7 signatures, for authcode
	python3 "$here/../mkpe.py" --blob "$f" "$tmp/p7.${f##*/}" 2> /dev/null || :
done
put authcode "$tmp"/p7.*
# where releases carry their version (tests/cases/31-release.sh)
put version "$T"/rel31/gen/*/AndroidManifest.xml "$T"/rel31/electrum-3.3.2-*.exe \
    "$T"/rel31/gen/*/*/electrum/version.py
# checksum lists, detached and clear-signed, good and hostile
# (tests/cases/35-sums.sh)
put sums "$T"/rel35/*/SHA256SUMS "$T"/rel35/clear*/SHA256SUMS.asc \
    "$T"/rel35/hostile/*/SHA256SUMS
APPS=("$T"/ar/app/*.AppImage "$T"/sq85/*.AppImage)
put appimage "${APPS[@]}"
for f in "$T"/ar/app/gzip.AppImage "$T"/ar/app/xz.AppImage "$T"/ar/app/zstd.AppImage; do
	off=$(python3 "$here/../mkarchives.py" elf-end "$f")
	tail -c +$((off + 1)) "$f" > "$tmp/sq.${f##*/}"
done
put squash "$T"/sq85/*.sqfs "$tmp"/sq.*
put inspect "$T"/ar/src.tar* "$T"/ar/src.zip "$T"/ar/deb/ok.deb \
    "$T"/ar/app/gzip.AppImage "$T"/ar/app/xz.AppImage "$T"/ar/app/zstd.AppImage \
    "$T"/ar/pe/signed.exe "$T"/ar/pe/signed64.exe "$T"/ar/apk/official.apk \
    "$T"/ar/h/bomb.zip "$T"/r84/V.tar.gz "$T"/r84/gz-extra.tar.gz "$T"/w84/dpkg-xz.deb \
    "$T"/w84/dpkg-zstd.deb "$T"/z83/up-off.apk "$T"/sq85/good.AppImage
# dmg: small images and volumes of tests/mkdmg.py (the test images are
# larger than 64 KiB)
M=$here/../mkdmg.py
python3 "$M" image "$tmp/u-small.dmg" small --node 512
python3 "$M" image "$tmp/u-plus.dmg" small --node 512 --hfsplus
python3 "$M" volume "$tmp/h-x.hfs" small --node 512
python3 "$M" volume "$tmp/h-plus.hfs" small --node 512 --hfsplus
put udif "$tmp"/u-*.dmg
put hfs "$tmp"/h-*.hfs
put inspect "$tmp"/u-small.dmg
# Mach-O: thin and fat binaries of tests/mkmacho.py, signed, unsigned
# and forged
X=$here/../mkmacho.py
i=0
for a in "thin" "thin --signed" "thin --arm64 --signed" "thin --i386 --signed" \
    "fat" "fat --signed" \
    "thin --signed --forge junk" "thin --signed --forge blobjunk" \
    "fat --signed --forge outside" "thin --signed --forge notlast" \
    "thin --signed --forge vmsize" "thin --signed --forge padding" \
    "fat --signed --forge fatgap" "thin --signed --forge cms" \
    "fat --signed --forge cms"; do
	i=$((i + 1))
	# shellcheck disable=SC2086
	set -- $a
	python3 "$X" "$1" "$tmp/m$i.macho" "${@:2}"
done
put macho "$tmp"/m*.macho
for n in "$C"/*; do
	printf '%s: %d seeds, %s\n' "${n##*/}" "$(ls "$n" | wc -l)" "$(du -sh "$n" | cut -f1)"
done
