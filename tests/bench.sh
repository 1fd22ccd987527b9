#!/usr/bin/env bash
# make bench: this tool's time beside gpgv, sqv, gpgv + sha256sum and the
# hashing limit on the same 512 MiB file and Electrum-shaped signatures
# (good, BAD, good with BAD), its peak memory, and its manifests beside
# bsdtar's mtree writer and unsquashfs on the same archives. Figures to read, not a pass/fail test.
# BENCH_MIB, BENCH_RUNS, BENCH_PART=sig|manifest (default both), or
# BENCH_PART=bounds (hostile signature and key files, against gpgv and gpg),
# or BENCH_PART=dmg (a BENCH_DMG_MIB, default 100, MiB .dmg against 7z x to
# a tmpfs plus sha256sum; also part of manifest).
set -eu
cd "$(dirname "$0")/.."
tool=${EV:-$PWD/electrum-verify}
size_mib=${BENCH_MIB:-512}
runs=${BENCH_RUNS:-3}
tmp=$(mktemp -d)
cleanup() {
	gpgconf --homedir "$tmp/gnupg" --kill all 2>/dev/null || true
	rm -rf "$tmp"
}
trap cleanup EXIT

export ELECTRUM_VERIFY_HOME="$tmp/store"

# best wall time of $runs runs, in seconds
best() {
	local b="" t0 t1 t i
	for ((i = 0; i < runs; i++)); do
		t0=$(date +%s.%N)
		"$@" > /dev/null 2>&1 || { echo "bench: '$*' failed" >&2; exit 1; }
		t1=$(date +%s.%N)
		t=$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')
		if [ -z "$b" ] || awk -v t="$t" -v b="$b" 'BEGIN { exit !(t < b) }'; then b=$t; fi
	done
	printf '%.3f' "$b"
}

# peak resident set size of one run, in MiB
peak() {
	/usr/bin/time -f '%M' -o "$tmp/rss" "$@" > /dev/null 2>&1 || true
	awk '{ printf "%.1f", $1 / 1024 }' "$tmp/rss"
}

bench_manifest() {
	local tree=$tmp/tree i
	echo "generating a tree of 2000 files ($((size_mib / 4)) MiB) ..."
	mkdir -p "$tree/lib"
	for ((i = 0; i < 2000; i++)); do
		head -c $((size_mib * 1024 * 1024 / 4 / 2000)) /dev/urandom > "$tree/lib/f$i"
	done
	tar -C "$tmp" -czf "$tmp/tree.tar.gz" tree
	tar -C "$tmp" -cf "$tmp/tree.tar" tree
	mksquashfs "$tree" "$tmp/tree.sqfs" -comp xz -noappend -quiet > /dev/null
	gcc -x c -o "$tmp/elf" - <<< 'int main(void) { return 0; }'
	printf 'AI\002' | dd of="$tmp/elf" bs=1 seek=8 conv=notrunc 2> /dev/null
	cat "$tmp/elf" "$tmp/tree.sqfs" > "$tmp/tree.AppImage"
	local off
	off=$(stat -c %s "$tmp/elf")
	printf '\n2000 files, %s MiB in all, best of %s runs\n' "$((size_mib / 4))" "$runs"
	printf '%-46s %9s %10s %10s\n' command seconds 'x peer' 'peak MiB'
	mrow() { printf '%-46s %9s %10s %10s\n' "$1" "$2" "$(ratio "$2" "$3")" "$4"; }
	local a b
	for f in tree.tar tree.tar.gz; do
		a=$(best "$tool" manifest "$tmp/$f")
		b=$(best bsdtar -cf - --format=mtree --options='!all,type,mode,size,sha256,link' "@$tmp/$f")
		mrow "electrum-verify manifest $f" "$a" "$b" "$(peak "$tool" manifest "$tmp/$f")"
		mrow "bsdtar mtree (sha256) $f" "$b" "$b" "$(peak bsdtar -cf - --format=mtree --options='!all,type,mode,size,sha256,link' "@$tmp/$f")"
	done
	a=$(best "$tool" manifest "$tmp/tree.AppImage")
	b=$(best unsquashfs -o "$off" -lls "$tmp/tree.AppImage")
	local c
	c=$(best sh -c "rm -rf '$tmp/x' && unsquashfs -q -o $off -d '$tmp/x' '$tmp/tree.AppImage' && cd '$tmp/x' && find . -type f -exec sha256sum {} + > /dev/null")
	mrow "electrum-verify manifest tree.AppImage" "$a" "$c" "$(peak "$tool" manifest "$tmp/tree.AppImage")"
	mrow "unsquashfs -d + sha256sum (extracts)" "$c" "$c" "-"
	mrow "unsquashfs -lls (lists, no content)" "$b" "$c" "-"
	rm -rf "$tmp/x"
}

# A .dmg of tests/mkdmg.py (files half random, half a repeating pattern,
# in 1 MiB zlib chunks as hdiutil writes them): our manifest beside 7z x
# into a tmpfs (/dev/shm) and sha256sum over the tree.
bench_dmg() {
	local mib=${BENCH_DMG_MIB:-100} x=/dev/shm/ev-bench-dmg.$$ a c
	echo "generating a ${mib} MiB .dmg (tests/mkdmg.py) ..."
	python3 tests/mkdmg.py image "$tmp/big.dmg" big --mib "$mib"
	cat "$tmp/big.dmg" > /dev/null
	a=$(best "$tool" manifest "$tmp/big.dmg")
	c=$(best sh -c "rm -rf '$x' && 7z x -y -o'$x' '$tmp/big.dmg' > /dev/null && cd '$x' && find . -type f -exec sha256sum {} + > /dev/null")
	rm -rf "$x"
	printf '\n%s MiB of files in a .dmg of %s MiB, best of %s runs\n' "$mib" \
	    "$(( $(stat -c %s "$tmp/big.dmg") / 1048576 ))" "$runs"
	printf '%-46s %9s %10s %10s\n' command seconds 'x peer' 'peak MiB'
	printf '%-46s %9s %10s %10s\n' "electrum-verify manifest big.dmg" "$a" \
	    "$(ratio "$a" "$c")" "$(peak "$tool" manifest "$tmp/big.dmg")"
	printf '%-46s %9s %10s %10s\n' "7z x to tmpfs + sha256sum (extracts)" "$c" \
	    "1.00" "-"
}

# BENCH_PART=bounds: the hostile inputs of tests/cases/65-bounds.sh
# (tests/mkpgp.py), each once through electrum-verify and once through its
# peer (gpgv for signatures, gpg --import into an empty home for keys):
# wall seconds and peak RSS of both, whatever the exit status.
bench_bounds() {
	local b=$tmp/bounds f rc t_a m_a t_b m_b
	mkdir -m 700 "$tmp/bgpg"
	bg() { gpg --homedir "$tmp/bgpg" --batch --quiet --pinentry-mode loopback --passphrase '' "$@"; }
	bg --quick-gen-key 'Bench Signer <bench@example.invalid>' ed25519 sign never
	bg --export > "$tmp/bkey.gpg"
	head -c 1048576 /dev/urandom > "$tmp/bdata"
	bg --detach-sign -o "$tmp/bdata.sig" "$tmp/bdata"
	python3 tests/mkpgp.py "$b" "$tmp/bdata.sig" "$tmp/bkey.gpg" --bench
	timed() {
		/usr/bin/time -f '%e %M' -o "$tmp/tm" "$@" > /dev/null 2>&1
		rc=$?
		set -- $(tail -n 1 "$tmp/tm")
		printf '%s %s %s' "$rc" "$1" "$(awk -v k="$2" 'BEGIN { printf "%.1f", k / 1024 }')"
	}
	printf '\nhostile inputs: exit, seconds, peak MiB (electrum-verify | peer)\n'
	printf '%-28s %4s %8s %8s | %4s %8s %8s %8s\n' input exit s MiB exit s MiB 'x time'
	for f in "$b"/*.sig "$b"/*.asc "$b"/key-*.pgp; do
		case $f in
		*/key-*)
			read -r rc t_a m_a <<< "$(timed "$tool" --keyring "$f" --sig "$tmp/bdata.sig" "$tmp/bdata")"
			rm -rf "$tmp/imp" && mkdir -m 700 "$tmp/imp"
			read -r rb t_b m_b <<< "$(timed gpg --homedir "$tmp/imp" --batch --no-tty --import "$f")"
			gpgconf --homedir "$tmp/imp" --kill all 2>/dev/null || true ;;
		*)
			read -r rc t_a m_a <<< "$(timed "$tool" --keyring "$tmp/bkey.gpg" --sig "$f" "$tmp/bdata")"
			read -r rb t_b m_b <<< "$(timed gpgv --keyring "$tmp/bkey.gpg" "$f" "$tmp/bdata")" ;;
		esac
		printf '%-28s %4s %8s %8s | %4s %8s %8s %8s\n' "${f##*/}" "$rc" "$t_a" "$m_a" \
		    "$rb" "$t_b" "$m_b" "$(awk -v a="$t_a" -v b="$t_b" 'BEGIN { if (b > 0) printf "%.1f", a / b; else print "-" }')"
	done
	gpgconf --homedir "$tmp/bgpg" --kill all 2>/dev/null || true
}
if [ "${BENCH_PART:-}" = bounds ]; then
	bench_bounds
	exit 0
fi

mibs() { awk -v n="$size_mib" -v t="$1" 'BEGIN { printf "%.0f", n / t }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
if [ "${BENCH_PART:-}" = dmg ]; then
	bench_dmg
	exit 0
fi
if [ "${BENCH_PART:-}" = manifest ]; then
	bench_manifest
	bench_dmg
	exit 0
fi

# The limit (issue 12): libgcrypt's SHA-512 and SHA-256 over the file, as
# two processes side by side: no verifier that reads the file and hashes
# it for both signatures can be faster on this machine.
limit_tool() {
	gcc -O2 -x c -o "$tmp/mdpass" - $(pkg-config --cflags --libs libgcrypt) <<-'EOF'
	#include <gcrypt.h>
	#include <stdio.h>
	#include <string.h>
	int main(int argc, char **argv) {
		static unsigned char buf[1 << 20];
		gcry_md_hd_t h;
		size_t n;
		FILE *f = fopen(argv[2], "rb");
		int a = strcmp(argv[1], "sha512") == 0 ? GCRY_MD_SHA512 : GCRY_MD_SHA256;
		if (argc != 3 || f == NULL || !gcry_check_version(NULL) ||
		    gcry_md_open(&h, a, 0) != 0)
			return 1;
		while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
			gcry_md_write(h, buf, n);
		return gcry_md_read(h, 0)[0] == 0x100;
	}
	EOF
}

mkdir -m 700 "$tmp/gnupg"
g() { gpg --homedir "$tmp/gnupg" --batch --quiet --pinentry-mode loopback --passphrase '' "$@"; }
fpr() { g --with-colons --list-keys "$1" | awk -F: '/^fpr/ { print $10; exit }'; }
echo "generating an RSA-4096 and an ECDSA P-256 key ..."
g --quick-gen-key 'Bench RSA <rsa@example.invalid>' rsa4096 sign never
g --quick-gen-key 'Bench P-256 <p256@example.invalid>' nistp256 sign never
g --export > "$tmp/key.gpg"
echo "generating a ${size_mib} MiB file ..."
head -c "$((size_mib * 1024 * 1024))" /dev/urandom > "$tmp/data"
# Electrum-shaped: RSA-4096 over SHA-512 and ECDSA P-256 over SHA-256
g -u "$(fpr rsa@example.invalid)" --digest-algo SHA512 --detach-sign --armor -o "$tmp/rsa.asc" "$tmp/data"
g -u "$(fpr p256@example.invalid)" --digest-algo SHA256 --detach-sign --armor -o "$tmp/p256.asc" "$tmp/data"
cat "$tmp/rsa.asc" "$tmp/p256.asc" > "$tmp/data.asc"
# sqv 1.1.0 reads only the first of several armour blocks: binary for it
{ g --dearmor < "$tmp/rsa.asc"; g --dearmor < "$tmp/p256.asc"; } > "$tmp/data.sig"
cp "$tmp/data" "$tmp/bad"
printf 'X' | dd of="$tmp/bad" bs=1 seek=1000 conv=notrunc 2> /dev/null
cp "$tmp/data.asc" "$tmp/bad.asc"
# mixed: the two good signatures and a third over other data, by RSA
head -c 1000 /dev/urandom > "$tmp/other"
g -u "$(fpr rsa@example.invalid)" --digest-algo SHA512 --detach-sign --armor -o "$tmp/other.asc" "$tmp/other"
cat "$tmp/data.asc" "$tmp/other.asc" > "$tmp/mixed.asc"
limit_tool
cat "$tmp/data" > /dev/null	# warm the page cache for everyone alike
t_ev=$(best "$tool" --keyring "$tmp/key.gpg" --min-sigs 2 "$tmp/data")
t_evg=$(best "$tool" --engine gpg --keyring "$tmp/key.gpg" --min-sigs 2 "$tmp/data")
t_bad=$(best sh -c "'$tool' --keyring '$tmp/key.gpg' '$tmp/bad'; [ \$? -eq 1 ]")
t_badg=$(best sh -c "'$tool' --engine gpg --keyring '$tmp/key.gpg' '$tmp/bad'; [ \$? -eq 1 ]")
t_mix=$(best sh -c "'$tool' --keyring '$tmp/key.gpg' --sig '$tmp/mixed.asc' '$tmp/data'; [ \$? -eq 1 ]")
t_gpgv=$(best gpgv --keyring "$tmp/key.gpg" "$tmp/data.asc" "$tmp/data")
t_sqv=$(best sqv --keyring "$tmp/key.gpg" --signatures 2 "$tmp/data.sig" "$tmp/data")
t_gsha=$(best sh -c "gpgv --keyring '$tmp/key.gpg' '$tmp/data.asc' '$tmp/data' && sha256sum '$tmp/data'")
t_sha=$(best sha256sum "$tmp/data")
t_lim=$(best sh -c "'$tmp/mdpass' sha512 '$tmp/data' & '$tmp/mdpass' sha256 '$tmp/data'; wait \$!")
printf '\n%s MiB file, RSA-4096/SHA-512 + ECDSA-P256/SHA-256 (Electrum-shaped), best of %s runs\n' "$size_mib" "$runs"
printf '%-44s %9s %10s %9s %9s\n' tool seconds 'MiB/s' 'x limit' 'x gpgv'
row() { printf '%-44s %9s %10s %9s %9s\n' "$1" "$2" "$(mibs "$2")" "$(ratio "$2" "$t_lim")" "$(ratio "$2" "$t_gpgv")"; }
row "electrum-verify (native, sigs + sha256)" "$t_ev"
row "electrum-verify BAD (native)" "$t_bad"
row "electrum-verify good + BAD (native)" "$t_mix"
row "electrum-verify --engine gpg" "$t_evg"
row "electrum-verify --engine gpg, BAD" "$t_badg"
row "gpgv (sigs only)" "$t_gpgv"
row "sqv (sigs only)" "$t_sqv"
row "gpgv + sha256sum" "$t_gsha"
row "sha256sum (hash only)" "$t_sha"
row "limit: SHA-512 and SHA-256 side by side" "$t_lim"
head -c $((size_mib * 1024 * 1024 / 8)) "$tmp/data" > "$tmp/small"
g --digest-algo SHA512 --detach-sign --armor -o "$tmp/small.asc" "$tmp/small"
printf '%-44s %9s MiB (%s MiB file: %s MiB)\n' "peak RSS, electrum-verify (native)" \
    "$(peak "$tool" --keyring "$tmp/key.gpg" "$tmp/data")" "$((size_mib / 8))" \
    "$(peak "$tool" --keyring "$tmp/key.gpg" "$tmp/small")"
[ "${BENCH_PART:-}" = sig ] || { bench_manifest; bench_dmg; }
