# Resource bounds: oversized and hostile signature and key files
# (tests/mkpgp.py, made here from alice's real signature and key) each end
# with the exit status of the contract, a message naming the limit or the
# problem, and bounded memory: every run here is limited to 512 MiB of
# address space (ulimit -v; gpg, started by the tool, inherits it) and its
# peak RSS must stay under 100 MiB. A sanitizer build (make check-asan)
# reserves terabytes of address space, so there the limits are left out.
# Times are never asserted: `make bench` (BENCH_PART=bounds) measures them
# against gpgv.

B65=$T/bounds
python3 "$TESTS/mkpgp.py" "$B65" "$FX/sig/alice.sig" "$FX/keys/alice.asc" 2> "$T/mkpgp.log" ||
    fx_die "mkpgp.py failed: $(head -n 3 "$T/mkpgp.log")"
cp "$FX/data.bin" "$B65/data.bin"
cp "$FX/keys/alice.asc" "$B65/alice.asc"

# The per-signer lookup with 10 000 signature files beside the download.
mkdir -p "$B65/beside"
cp "$FX/data.bin" "$B65/beside/data.bin"
python3 -c 'import shutil, sys
for i in range(10000):
    shutil.copyfile(sys.argv[1], "%s/data.bin.s%05d.asc" % (sys.argv[2], i))' \
    "$FX/sig/alice.asc" "$B65/beside"

RSS_MAX_KB=102400
EV65_REAL=$EV
if [ -n "${EV_SANITIZED:-}" ] || grep -qa __asan_init "$EV"; then
	B65_LIMITS=0
	printf '# not run: memory limits (a sanitizer build reserves terabytes of address space)\n'
else
	B65_LIMITS=1
	time_cmd=
	[ -x /usr/bin/time ] && time_cmd="/usr/bin/time -f %M -o $B65/rss"
	cat > "$B65/ev-limited" <<-EOF
	#!/bin/sh
	# electrum-verify under a 512 MiB address-space limit, its peak RSS
	# (KiB) written to $B65/rss
	rm -f "$B65/rss"
	ulimit -v 524288 || exit 125
	exec $time_cmd $(printf '%q' "$EV") "\$@"
	EOF
	chmod +x "$B65/ev-limited"
	EV=$B65/ev-limited
fi

# rss_ok: the last run's peak RSS (if measured) is under RSS_MAX_KB.
rss_ok() {
	[ "$B65_LIMITS" -eq 1 ] && [ -s "$B65/rss" ] || return 0
	[ "$(tail -n 1 "$B65/rss")" -lt "$RSS_MAX_KB" ]
}
MEM='sh:rss_ok'
KR=(--keyring alice.asc)
D=data.bin
MAL="^COULD NOT CHECK: 'data\\.bin': malformed signature: "

# The signature cases run twice: as written (the native engine), then
# under --cross-check (tests/cases/31-cross.sh does the same for
# 30-verify.sh): the gpg engine must agree on each verdict and status.
b65_sigs() {
	# 5 MB signature files: refused before they are parsed (could not check).
	for f65 in big-garbage big-tail big-blank big-header; do
		t "5 MB signature file ($f65.asc): refused, the cap named" 2 \
		    "err:'$f65\\.asc' is too large \\([0-9]+ bytes, at most 1048576\\)" '!VERIFIED' "$MEM" \
		    -- @"$B65" "${KR[@]}" --sig $f65.asc $D
	done
	t 'one armour header line of 1 MB (under the cap): still verified' 0 \
	    "1:^VERIFIED: 'data\\.bin'" "$MEM" -- @"$B65" "${KR[@]}" --sig long-header.asc $D

	# 10 000 copies of one signature.
	t '10 000 copies of a binary signature: over the size cap' 2 \
	    "err:'copies-10000\\.sig' is too large" "$MEM" -- @"$B65" "${KR[@]}" --sig copies-10000.sig $D
	t '10 000 copies in one armour block: over the size cap' 2 \
	    "err:'copies-10000\\.asc' is too large" "$MEM" -- @"$B65" "${KR[@]}" --sig copies-10000.asc $D
	t '10 000 armour blocks: over the size cap' 2 \
	    "err:'blocks-10000\\.asc' is too large" "$MEM" -- @"$B65" "${KR[@]}" --sig blocks-10000.asc $D
	t '65 copies (binary): too many packets, the cap named' 2 \
	    "1:${MAL}'copies-65\\.sig': too many signature packets \\(at most 64\\)" "$MEM" \
	    -- @"$B65" "${KR[@]}" --sig copies-65.sig $D
	t '65 armour blocks: too many packets, the cap named' 2 \
	    "1:${MAL}'blocks-65\\.asc': too many signature packets \\(at most 64\\)" "$MEM" \
	    -- @"$B65" "${KR[@]}" --sig blocks-65.asc $D
	t '64 copies: verified once, 63 duplicates' 0 \
	    "1:^VERIFIED: 'data\\.bin' is signed by 1 key in 'alice\\.asc': Alice <alice@test>\$" 'sh:[ "$(grep -cE "^ +#[0-9]+ +GOOD +duplicate" "$OUT")" -eq 63 ]' \
	    "$MEM" -- @"$B65" "${KR[@]}" --sig copies-64.sig $D
	t '64 copies over the wrong file: BAD, not re-read for each copy' 1 \
	    "1:^NOT VERIFIED: 'alice\\.asc': BAD signature from Alice" \
	    'sh:[ "$(grep -cE "^ +#[0-9]+ +NOT-CHECKED .*" "$OUT")" -eq 63 ]' "$MEM" \
	    -- @"$B65" "${KR[@]}" --sig copies-64.sig alice.asc
	t '10 000 signature files beside the download: refused, not read' 2 \
	    "err:too many signature files beside 'beside/data\\.bin'" "$MEM" \
	    -- @"$B65" "${KR[@]}" beside/data.bin

	# Lengths claiming 4 GiB, partial lengths, absurd subpacket lengths.
	t 'new-format length of 4 GiB: truncated packet' 2 "1:${MAL}'len4g-new\\.sig': packet 1: truncated packet" \
	    "$MEM" -- @"$B65" "${KR[@]}" --sig len4g-new.sig $D
	t 'old-format length of 4 GiB: truncated packet' 2 "1:${MAL}'len4g-old\\.sig': packet 1: truncated packet" \
	    "$MEM" -- @"$B65" "${KR[@]}" --sig len4g-old.sig $D
	t 'armoured length of 4 GiB: truncated packet' 2 "1:${MAL}'len4g-new\\.asc': packet 1: truncated packet" \
	    "$MEM" -- @"$B65" "${KR[@]}" --sig len4g-new.asc $D
	t 'partial length of 1 GiB: refused' 2 "1:${MAL}'partial\\.sig': packet 1: partial body length not allowed" \
	    "$MEM" -- @"$B65" "${KR[@]}" --sig partial.sig $D
	t '100 000 chained partial lengths: refused at the first' 2 \
	    "1:${MAL}'partial-chain\\.sig': packet 1: partial body length not allowed" \
	    "$MEM" -- @"$B65" "${KR[@]}" --sig partial-chain.sig $D
	t 'subpacket length of 4 GiB: malformed subpacket' 2 "1:${MAL}'sub4g\\.sig': packet 1: malformed subpacket" \
	    "$MEM" -- @"$B65" "${KR[@]}" --sig sub4g.sig $D
	t 'hashed area of 64 KiB in an 18-byte packet: malformed' 2 \
	    "1:${MAL}'hashed64k\\.sig': packet 1: malformed signature packet" \
	    "$MEM" -- @"$B65" "${KR[@]}" --sig hashed64k.sig $D

	# Compression: never decompressed, refused by packet type.
	t 'compressed packets nested 10 000 deep: not a detached signature' 2 \
	    "1:${MAL}'nested-10000\\.sig': packet 1: is an OpenPGP message" "$MEM" \
	    -- @"$B65" "${KR[@]}" --sig nested-10000.sig $D
	t 'the same armoured as a PGP MESSAGE: not a detached signature' 2 \
	    "1:${MAL}'nested-10000\\.asc': this is an OpenPGP message" "$MEM" \
	    -- @"$B65" "${KR[@]}" --sig nested-10000.asc $D
	t 'the same armoured as a PGP SIGNATURE: not a detached signature' 2 \
	    "1:${MAL}'nested-10000-sigarmour\\.asc': packet 1: is an OpenPGP message" "$MEM" \
	    -- @"$B65" "${KR[@]}" --sig nested-10000-sigarmour.asc $D
	t 'zip bomb (256 MiB of zeros in one compressed packet): not inflated' 2 \
	    "1:${MAL}'bomb\\.sig': packet 1: is an OpenPGP message" "$MEM" \
	    -- @"$B65" "${KR[@]}" --sig bomb.sig $D
	t 'zip bomb armoured: not inflated' 2 \
	    "1:${MAL}'bomb\\.asc': packet 1: is an OpenPGP message" "$MEM" \
	    -- @"$B65" "${KR[@]}" --sig bomb.asc $D

	# The signature's values (MPIs) tampered with: as gpg 2.2 reads them.
	t 'bytes after the values: skipped, as gpg does: verified' 0 "1:^VERIFIED: 'data\\.bin'" "$MEM" \
	    -- @"$B65" "${KR[@]}" --sig mpi-trailing.sig $D
	t 'a value of zero bits: BAD, as gpg says' 1 "1:^NOT VERIFIED: 'data\\.bin': BAD signature from Alice" "$MEM" \
	    -- @"$B65" "${KR[@]}" --sig mpi-zero.sig $D
	t 'a bit count 8 short: a shorter value, BAD, as gpg says' 1 "1:^NOT VERIFIED: 'data\\.bin': BAD signature from Alice" \
	    "$MEM" -- @"$B65" "${KR[@]}" --sig mpi-shorter.sig $D
	for f65 in past-end cut; do
		t "values running past the packet's end (mpi-$f65.sig): malformed, the packet named, not gpg" 2 \
		    "1:${MAL}'mpi-$f65\\.sig': packet 1: the signature's values run past the end of its packet" \
		    '!gpg' "$MEM" -- @"$B65" "${KR[@]}" --sig mpi-$f65.sig $D
	done
	t '--keyring with 10 000 junk user IDs: still verified' 0 "1:^VERIFIED: 'data\\.bin'" "$MEM" \
	    -- @"$B65" --keyring key-uids-10000.pgp --sig "$FX/sig/alice.sig" $D
}
b65_sigs
EV_CROSS_CHECK=1
CASE_PREFIX='cross-check: '
b65_sigs
EV_CROSS_CHECK=0
CASE_PREFIX=''
t 'values past the end, --engine gpg: malformed, in gpg'"'"'s words' 2 \
    "1:${MAL}gpg could not read the signature packets\$" "$MEM" -- @"$B65" "${KR[@]}" --engine gpg --sig mpi-past-end.sig $D

# Key files: capped at 8 MiB; below the cap gpg reads them in the private
# home (key-garbage-5m.asc once made GPGME's own event loop spin for ever,
# deaf to SIGTERM: gpg stopped reading the armour early).
S65=("ELECTRUM_VERIFY_HOME=$B65/store")
t 'key file of 9 MiB: refused, the cap named' 2 \
    "err:'key-9m\\.pgp' is too large \\([0-9]+ bytes, at most 8388608\\)" "$MEM" \
    -- @"$B65" "${S65[@]}" keys import key-9m.pgp
t 'key file of 5 MB garbage: no key in it' 2 "err:'key-garbage-5m\\.pgp': no usable public key" \
    '!imported' "$MEM" -- @"$B65" "${S65[@]}" keys import key-garbage-5m.pgp
# (the spin depended on timing: three runs)
for n65 in 1 2 3; do
	t "armoured key file of 5 MB garbage: no key in it, and it ends (run $n65)" 2 \
	    "err:'key-garbage-5m\\.asc': no usable public key" '!imported' "$MEM" \
	    -- @"$B65" "${S65[@]}" keys import key-garbage-5m.asc
done
t 'alice + 5 MB of unknown packets: alice imported' 0 "$(imp alice)" "$MEM" \
    -- @"$B65" "${S65[@]}" keys import key-exp-5m.pgp
t 'alice + 10 000 user IDs without self-signature: imported, the user IDs dropped' 0 \
    "$(imp alice)" "$MEM" 'sh:! grep -q "user 0" "$OUT"' \
    -- @"$B65" "${S65[@]}" keys import key-uids-10000.pgp
t '1000 copies of alice: imported once' 0 "$(imp alice)" 'lines=1' "$MEM" \
    -- @"$B65" "${S65[@]}" keys import key-copies-1000.pgp
t 'the stored key is alice alone, without the junk user IDs' 0 \
    'sh:[ "$(gpg --homedir "$GEN/empty" --batch --no-tty --with-colons --show-keys "$OUT" 2>/dev/null | grep -c "^uid:")" -eq 1 ]' \
    "$MEM" -- @"$B65" "${S65[@]}" keys export alice

EV=$EV65_REAL
rm -rf "$B65"
