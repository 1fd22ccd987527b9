#!/usr/bin/env bash
# make bench: this tool's time beside gpgv and sha256sum on the same 512 MiB
# file and signature. Figures to read, not a pass/fail test.
set -eu
cd "$(dirname "$0")/.."
tool=$PWD/electrum-verify
size_mib=${BENCH_MIB:-512}
runs=${BENCH_RUNS:-3}
tmp=$(mktemp -d)
cleanup() {
	gpgconf --homedir "$tmp/gnupg" --kill all 2>/dev/null || true
	rm -rf "$tmp"
}
trap cleanup EXIT

mkdir -m 700 "$tmp/gnupg"
g() { gpg --homedir "$tmp/gnupg" --batch --quiet --pinentry-mode loopback --passphrase '' "$@"; }
g --quick-gen-key 'Bench Signer <bench@example.invalid>' ed25519 sign never
g --export > "$tmp/key.gpg"
echo "generating a ${size_mib} MiB file ..."
head -c "$((size_mib * 1024 * 1024))" /dev/urandom > "$tmp/data"
g --digest-algo SHA256 --detach-sign --armor -o "$tmp/data.asc" "$tmp/data"
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

cat "$tmp/data" > /dev/null	# warm the page cache for everyone alike
t_ev=$(best "$tool" --keyring "$tmp/key.gpg" "$tmp/data")
t_gpgv=$(best gpgv --keyring "$tmp/key.gpg" "$tmp/data.asc" "$tmp/data")
t_sha=$(best sha256sum "$tmp/data")
t_cat=$(best cat "$tmp/data")

mibs() { awk -v n="$size_mib" -v t="$1" 'BEGIN { printf "%.0f", n / t }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
printf '\n%s MiB file, Ed25519 signature over SHA-256, best of %s runs\n' "$size_mib" "$runs"
printf '%-32s %9s %10s %12s %12s\n' tool seconds 'MiB/s' 'x gpgv' 'x sha256sum'
row() { printf '%-32s %9s %10s %12s %12s\n' "$1" "$2" "$(mibs "$2")" "$(ratio "$2" "$t_gpgv")" "$(ratio "$2" "$t_sha")"; }
row "electrum-verify (sig + sha256)" "$t_ev"
row "gpgv (sig only)" "$t_gpgv"
row "sha256sum (hash only)" "$t_sha"
row "cat (read only)" "$t_cat"
