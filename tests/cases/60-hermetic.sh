# Hermetic keyrings: the user's GnuPG set-up must change nothing. The
# hostile directory ($FX/hostile) is used as HOME and as GNUPGHOME; it has
# a gpg.conf with trust-model always, auto-key-retrieve, a keyserver,
# allow-weak-digest-algos and ignore-time-conflict, and a pubring holding
# the attacker keys eve and lookalike (both sign data.bin). Each case runs
# the same command clean (B) and hostile (A): same exit, byte-identical
# stdout, and the verdict expected of a clean run.

H=$FX/hostile
HOSTILE=(HOME=$H GNUPGHOME=$H)
HOSTILE2=(HOME=$H GNUPGHOME=$H/.gnupg)
D=data.bin

t_same 'hostile HOME+GNUPGHOME: good + attacker still verifies for alice only' 0 \
    "1:$(ok_line $D 1 alice)" '^ +#2 +NO-KEY +not-counted +-( |$)' \
    -- "${HOSTILE[@]}" --sig sig/alice+eve.asc $D --- --sig sig/alice+eve.asc $D
t_same 'hostile HOME+GNUPGHOME: attacker alone is not verified' 1 \
    "1:$(unknown $D 1)" \
    -- "${HOSTILE[@]}" --sig sig/eve.asc $D --- --sig sig/eve.asc $D
t_same 'hostile HOME+GNUPGHOME: look-alike of alice is not verified' 1 \
    "1:$(unknown $D 2)" \
    -- "${HOSTILE[@]}" --sig sig/eve+lookalike.asc $D --- --sig sig/eve+lookalike.asc $D
t_same 'hostile HOME+GNUPGHOME: SHA-1 still not counted (allow-weak-digest-algos)' 1 \
    "1:$(nok_line $D)" '^ +reason: .*SHA-?1' \
    -- "${HOSTILE[@]}" --sig sig/sha1.asc $D --- --sig sig/sha1.asc $D
t_same 'hostile HOME+GNUPGHOME: signature after expiry still not counted (ignore-time-conflict)' 1 \
    "1:$(nok_line $D)" '^ +reason: .*after the key expired' \
    -- "${HOSTILE[@]}" --sig sig/frank.asc $D --- --sig sig/frank.asc $D
t_same 'hostile HOME+GNUPGHOME: future-dated still not counted' 1 \
    "1:$(nok_line $D)" '^ +reason: .*future' \
    -- "${HOSTILE[@]}" --sig sig/future.asc $D --- --sig sig/future.asc $D
t_same 'hostile HOME+GNUPGHOME: BAD still BAD' 1 \
    "1:$(nok_line tampered.bin).*BAD signature from alice" \
    -- "${HOSTILE[@]}" --sig sig/alice.asc tampered.bin --- --sig sig/alice.asc tampered.bin
t_same 'hostile HOME, GNUPGHOME=HOME/.gnupg: attacker alone is not verified' 1 \
    "1:$(unknown $D 1)" \
    -- "${HOSTILE2[@]}" --sig sig/eve.asc $D --- --sig sig/eve.asc $D
t_same 'hostile HOME+GNUPGHOME: --json receipt identical' 0 'json:.verdict == "verified"' \
    -- "${HOSTILE[@]}" --json --sig sig/alice+eve.asc $D --- --json --sig sig/alice+eve.asc $D
t_same 'hostile HOME+GNUPGHOME: keys list identical' 0 "alice\\b.*$FPR_alice.*present" "!$FPR_eve" \
    -- "${HOSTILE[@]}" keys list --- keys list
t 'hostile HOME+GNUPGHOME: keys import still refuses the attacker' 1 'err:not pinned' '!imported' \
    -- "${HOSTILE[@]}" keys import keys/eve.asc
t 'hostile GPG_AGENT_INFO and GNUPGHOME pointing nowhere: still verified, nothing created' 0 \
    "1:$(ok_line $D 1 alice)" 'sh:[ ! -e "$T/no-such-gnupghome" ]' \
    -- GNUPGHOME=$T/no-such-gnupghome GPG_AGENT_INFO=$T/no-such-socket:1:1 --sig sig/alice.asc $D

t_unchanged 'hostile HOME/GNUPGHOME byte-identical afterwards' "$H" "$T/hostile.snap"

# Interrupted mid-file (SIGTERM, as Ctrl-C sends SIGINT): the core stops,
# removes its private GnuPG home and the tool exits 2 saying so. The file is
# sparse, so it takes seconds to hash and no disk.
interrupted_case() {
	local name='interrupted while hashing: exit 2, "interrupted", no GnuPG home left'
	local big=$T/big.bin itmp=$T/itmp pid left why=()
	truncate -s 16G "$big" && mkdir -p "$itmp" || { report "$name" 1 "cannot make $big"; return; }
	prep_run TMPDIR="$itmp" --sig sig/alice.asc "$big"
	(cd "$RUN_DIR" && exec env -i "${RUN_ENV[@]}" "$EV" "${RUN_ARGS[@]}") \
	    > "$T/int.out" 2> "$T/int.err" < /dev/null &
	pid=$!
	sleep 1
	kill -TERM "$pid" 2>/dev/null
	wait "$pid"
	RC=$?
	left=$(find "$itmp" -mindepth 1 -maxdepth 1)
	[ "$RC" -eq 2 ] || why+=("expected exit 2, got $RC")
	grep -q '^electrum-verify: interrupted' "$T/int.err" || why+=("stderr lacks 'interrupted': $(head -c 300 "$T/int.err")")
	grep -q 'VERIFIED' "$T/int.out" && why+=("a verdict was printed: $(head -n 1 "$T/int.out")")
	[ -z "$left" ] || why+=("left in TMPDIR: $left")
	rm -f "$big"
	report "$name" "${#why[@]}" "${why[@]}"
}
interrupted_case
