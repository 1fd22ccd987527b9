# Isolation: the tool needs no network, leaves no process and no private
# GnuPG home behind (also when interrupted), and never reads or writes the
# user's ~/.gnupg. Each run here gets a fresh empty TMPDIR ($I/tmp.N): the
# private home is made there, so a survivor is any process whose
# environment names that TMPDIR, and a leftover is anything in it.

I=$T/iso
mkdir -p "$I/home" "$I/store" "$I/arc/tree"
EV66=$EV
D=data.bin
ISO_N=0

# A user's populated ~/.gnupg: a key ring (alice, eve), trust database,
# gpg.conf with a keyserver and auto-key-retrieve, private-keys-v1.d, a
# stale agent socket.
G66=$I/home/.gnupg
mkdir -m 700 "$G66" "$G66/private-keys-v1.d"
gpg --homedir "$G66" --batch --no-tty --quiet --import "$FX/keys/alice.asc" "$FX/keys/eve.asc" 2>/dev/null
printf 'keyserver hkps://keys.example.invalid\nauto-key-retrieve\ntrust-model always\n' > "$G66/gpg.conf"
printf 'not a real key\n' > "$G66/private-keys-v1.d/0000000000000000000000000000000000000000.key"
gpgconf --homedir "$G66" --kill all >/dev/null 2>&1
rm -f "$G66/S.gpg-agent"
python3 -c 'import socket, sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])' "$G66/S.gpg-agent"
# names, types, modes, sizes, mtimes, and the contents
home_state() {
	(cd "$1" && find . -printf '%y %m %s %T@ %p\n' | LC_ALL=C sort &&
	    find . -type f -print0 | LC_ALL=C sort -z | xargs -0 -r sha256sum)
}
home_state "$G66" > "$I/gnupg.before"
[ -s "$G66/pubring.kbx" ] && [ -S "$G66/S.gpg-agent" ] ||
    fx_die "the ~/.gnupg of the isolation cases could not be made"

# the verdict with --keyring (the signer named by its user ID)
KOK="1:$(kr_ok_line data.bin 1 "'keys/alice.asc'" 'Alice <alice@test>')"
IENV=("HOME=$I/home" "GNUPGHOME=$G66" "ELECTRUM_VERIFY_HOME=$I/store")

# A small archive for manifest and compare.
cp "$FX/data.bin" "$I/arc/tree/data.bin"
tar -C "$I/arc" -czf "$I/arc/a.tar.gz" tree

# survivors DIR: processes (other than this shell's) whose environment names
# DIR; prints their pid and command line.
survivors() {
	local p
	for p in $(grep -l -s -F -- "$1" /proc/[0-9]*/environ 2>/dev/null | cut -d/ -f3); do
		[ "$p" = "$$" ] || [ "$p" = "$BASHPID" ] && continue
		printf '%s %s\n' "$p" "$(tr '\0' ' ' < "/proc/$p/cmdline" 2>/dev/null)"
	done
}

# ti NAME EXIT CHECK... -- ARGS: t with a fresh TMPDIR, then asserts that
# nothing survives the run and the TMPDIR is empty again.
ti() {
	local name=$1 want=$2 checks=()
	shift 2
	while [ $# -gt 0 ] && [ "$1" != -- ]; do checks+=("$1"); shift; done
	shift
	ISO_N=$((ISO_N + 1))
	ITMP=$I/tmp.$ISO_N
	mkdir -p "$ITMP"
	t "$name" "$want" "${checks[@]}" \
	    'sh:[ -z "$(ls -A "$ITMP")" ]' 'sh:[ -z "$(survivors "$ITMP")" ]' \
	    -- TMPDIR="$ITMP" "$@"
}

ti 'populated ~/.gnupg: good signature verified, nothing left' 0 "$KOK" \
    -- "${IENV[@]}" --keyring keys/alice.asc --sig sig/alice.asc $D
ti 'populated ~/.gnupg: BAD signature, nothing left' 1 "1:$(nok_line tampered.bin)BAD signature from Alice" \
    -- "${IENV[@]}" --keyring keys/alice.asc --sig sig/alice.asc tampered.bin
ti 'populated ~/.gnupg: eve (in ~/.gnupg) stays unknown' 1 "1:$(unknown $D 1)" \
    -- "${IENV[@]}" --keyring keys/alice.asc --sig sig/eve.asc $D
ti 'populated ~/.gnupg: keys import' 0 "$(imp alice)" -- "${IENV[@]}" keys import keys/alice.asc
ti 'populated ~/.gnupg: keys list' 0 "alice\\b.*$FPR_alice" -- "${IENV[@]}" keys list
ti 'populated ~/.gnupg: verify with the key store, --json' 0 'json:.verdict == "verified"' \
    -- "${IENV[@]}" --json --sig sig/alice.asc $D
ti 'populated ~/.gnupg: keys export' 0 '^-----BEGIN PGP PUBLIC KEY BLOCK-----' \
    -- "${IENV[@]}" keys export alice
ti 'populated ~/.gnupg: manifest' 0 '1:^#mtree$' 'tree/data\.bin' -- @"$I/arc" "${IENV[@]}" manifest a.tar.gz
ti 'populated ~/.gnupg: compare' 0 'any:.' -- @"$I/arc" "${IENV[@]}" compare a.tar.gz a.tar.gz
# gnupg_unchanged NAME: ~/.gnupg as it was before the first run.
gnupg_unchanged() {
	home_state "$G66" > "$I/gnupg.after"
	if cmp -s "$I/gnupg.before" "$I/gnupg.after"; then
		report "$1" 0
	else
		report "$1" 1 "$G66 changed (- before, + after):" \
		    "$(diff "$I/gnupg.before" "$I/gnupg.after" | grep '^[<>]' | sed 's/^</-/; s/^>/+/' | head -n 15)"
	fi
}
gnupg_unchanged '~/.gnupg byte-identical after verify, keys, manifest, compare (names, modes, mtimes, contents)'

# No path under ~/.gnupg is even looked at (strace, file system calls of
# the tool and of every gpg it starts).
if command -v strace >/dev/null 2>&1 && strace -f -o /dev/null true 2>/dev/null; then
	# (LeakSanitizer cannot run under ptrace: no leak check in a
	# sanitizer build here)
	printf '#!/bin/sh\nASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"\nexport ASAN_OPTIONS\nexec strace -f -e trace=%%file -o %q %q "$@"\n' \
	    "$I/strace.log" "$EV66" > "$I/ev-strace"
	chmod +x "$I/ev-strace"
	EV=$I/ev-strace
	for args in "--keyring keys/alice.asc --sig sig/alice.asc $D" "keys import keys/alice.asc" \
	    "--sig sig/alice.asc $D"; do
		ISO_N=$((ISO_N + 1))
		ITMP=$I/tmp.$ISO_N
		mkdir -p "$ITMP"
		# shellcheck disable=SC2086
		t "strace: '$args' opens nothing under ~/.gnupg" '0' \
		    'sh:grep -qE "execve\\(\"[^\"]*/gpg\"" "$I/strace.log"' \
		    'sh:! grep -F "$G66" "$I/strace.log"' \
		    -- TMPDIR="$ITMP" "${IENV[@]}" $args
	done
	EV=$EV66
else
	printf '# not run: strace checks (strace missing or not permitted)\n'
fi

# No network: in a network namespace of its own (no interface up, not even
# loopback) the checks work the same; keys fetch fails cleanly.
if unshare -n true 2>/dev/null; then
	printf '#!/bin/sh\nexec unshare -n %q "$@"\n' "$EV66" > "$I/ev-nonet"
	chmod +x "$I/ev-nonet"
	EV=$I/ev-nonet
	ti 'no network (unshare -n): good signature verified' 0 "$KOK" \
	    -- "${IENV[@]}" --keyring keys/alice.asc --sig sig/alice.asc $D
	ti 'no network (unshare -n): BAD signature' 1 "1:$(nok_line tampered.bin)BAD signature from Alice" \
	    -- "${IENV[@]}" --keyring keys/alice.asc --sig sig/alice.asc tampered.bin
	ti 'no network (unshare -n): unknown key stays unknown (no key retrieval)' 1 "1:$(unknown $D 1)" \
	    -- "${IENV[@]}" --sig sig/eve.asc $D
	ti 'no network (unshare -n): manifest' 0 '1:^#mtree$' -- @"$I/arc" "${IENV[@]}" manifest a.tar.gz
	if "$EV66" keys fetch --help >/dev/null 2>&1; then
		ti 'no network (unshare -n): keys fetch fails cleanly, names the key' 2 \
		    'any:bob' '!^imported' 'sh:[ ! -e "$I/store/keys/'"$FPR_bob"'.pgp" ]' \
		    -- "${IENV[@]}" keys fetch bob
	else
		printf '# not run: keys fetch without network (no keys fetch in this build)\n'
	fi
	EV=$EV66
else
	printf '# not run: no-network cases (unshare -n is not permitted here)\n'
fi

# Interrupted (SIGINT, SIGTERM, SIGHUP) while hashing a large sparse file,
# in a session of its own: exit 2, and afterwards no process of the run,
# nothing in its TMPDIR, ~/.gnupg unchanged.
iso_interrupt() {
	local sig=$1 name="interrupted by SIG$1 mid-check: exit 2, no process left, TMPDIR empty"
	local itmp=$I/int.$1 pid rc why=() left
	mkdir -p "$itmp"
	[ -e "$I/big.bin" ] || truncate -s 16G "$I/big.bin"
	(cd "$FX" && exec setsid env -i "${BASE_ENV[@]}" TMPDIR="$itmp" "${IENV[@]}" \
	    "$EV66" --keyring keys/alice.asc --sig sig/alice.asc "$I/big.bin") \
	    > "$I/int.out" 2> "$I/int.err" < /dev/null &
	pid=$!
	# until gpg runs (the private home exists), at most 10 s
	for _ in $(seq 50); do
		[ -n "$(ls -A "$itmp")" ] && break
		sleep 0.2
	done
	sleep 0.5
	kill -"$sig" "$pid" 2>/dev/null
	wait "$pid"
	rc=$?
	sleep 0.3
	left=$(survivors "$itmp")
	[ "$rc" -eq 2 ] || why+=("expected exit 2, got $rc")
	grep -q '^electrum-verify: interrupted' "$I/int.err" || why+=("stderr lacks 'interrupted': $(head -c 300 "$I/int.err")")
	[ -z "$left" ] || why+=("still running: $left")
	[ -z "$(ls -A "$itmp")" ] || why+=("left in TMPDIR: $(ls -A "$itmp")")
	report "$name" "${#why[@]}" "${why[@]}"
}
for s66 in INT TERM HUP; do iso_interrupt $s66; done
rm -f "$I/big.bin"

gnupg_unchanged '~/.gnupg still byte-identical at the end'
rm -rf "$I"
