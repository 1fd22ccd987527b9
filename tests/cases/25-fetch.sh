# keys fetch: the pinned keys downloaded over HTTPS, from servers on
# 127.0.0.1 only (tests/fetchsrv.py, and openssl s_server -WWW), with a
# throw-away CA made here and given with --ca-file. Every pin written here
# names 127.0.0.1 or localhost; each server stops by itself (timeout) and
# is stopped at the end of this file. Key stores live under $F, never the
# shared $T/store the later case files use.

F=$T/fetch
mkdir -p "$F/www" "$F/tls"
FETCH_PIDS=()

# fetch_tls: the test CAs and server certificate (tls_certs, lib.sh).
fetch_tls() { tls_certs "$F/tls"; }

# fetch_www: what the servers serve.
fetch_www() {
	local w=$F/www k
	: > "$w/empty.asc"
	for k in alice bob eve lookalike grace; do cp "$FX/keys/$k.asc" "$w/" || return 1; done
	cat "$FX/keys/alice.asc" "$FX/keys/eve.asc" > "$w/alice+eve.asc"
	cat "$FX/keys/alice.asc" "$FX/keys/bob.asc" > "$w/alice+bob.asc"
	cp "$FX/sig/alice.asc" "$w/signature.asc"
	yes 'this is no OpenPGP key' | head -c 5000 > "$w/garbage.asc"
	yes 'this is no OpenPGP key' | head -c 2097152 > "$w/big-garbage.asc"
	# alice's key followed by newlines: 2 MiB, exactly 1 MiB, 1 MiB + 1
	python3 - "$w" <<-'EOF' || return 1
	import sys
	w = sys.argv[1]
	key = open(w + "/alice.asc", "rb").read()
	for name, size in (("big.asc", 2 << 20), ("1m.asc", 1 << 20),
	                   ("1m+1.asc", (1 << 20) + 1)):
	    open(w + "/" + name, "wb").write(key + b"\n" * (size - len(key)))
	EOF
	# alice + forged certifications just under the 1 MiB cap, twice;
	# grace's key without its revocation (tests/mkpgp.py)
	python3 "$TESTS/mkpgp.py" junk-certs "$FX/keys/alice.asc" "$w/junk1.pgp" 1000000 one &&
	    python3 "$TESTS/mkpgp.py" junk-certs "$FX/keys/alice.asc" "$w/junk2.pgp" 1000000 two &&
	    python3 - "$w" "$TESTS" <<-'EOF' || return 1
	import sys
	sys.path.insert(0, sys.argv[2])
	import mkpgp
	key = mkpgp.dearmour(open(sys.argv[1] + "/grace.asc", "rb").read())
	out = b"".join(raw for tag, raw in mkpgp.packets(key)
	               if tag != 2 or mkpgp.first_packet_body(raw)[1] != 0x20)
	assert len(out) < len(key)
	open(sys.argv[1] + "/grace-unrevoked.pgp", "wb").write(out)
	EOF
}

# fetch_port: a free TCP port on 127.0.0.1 (nothing listens on it after).
fetch_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

fetch_servers() {
	local d=$F/tls i
	: > "$F/requests.log"
	timeout -k 5 600 python3 "$TESTS/fetchsrv.py" "$d/srv.pem" "$d/srv.key" \
	    "$F/www" "$F/port" "$F/requests.log" 590 > "$F/fetchsrv.log" 2>&1 &
	FETCH_PIDS+=("$!")
	for i in $(seq 100); do [ -s "$F/port" ] && break; sleep 0.1; done
	P=$(cat "$F/port" 2>/dev/null) && [ -n "$P" ] && tcp_wait "$P" || return 1
	Q=$(fetch_port) && [ -n "$Q" ] || return 1
	(cd "$F/www" && exec timeout -k 5 600 openssl s_server -WWW -quiet \
	    -accept "127.0.0.1:$Q" -cert "$d/srv.pem" -key "$d/srv.key") \
	    > "$F/s_server.log" 2>&1 < /dev/null &
	FETCH_PIDS+=("$!")
	tcp_wait "$Q"
}

fetch_stop() {
	local p
	for p in "${FETCH_PIDS[@]}"; do kill "$p" 2>/dev/null; done
	for p in "${FETCH_PIDS[@]}"; do wait "$p" 2>/dev/null; done
	FETCH_PIDS=()
}

# fpin ID NAME KEY URL...: pins file $F/pins-ID, one line "NAME FPR(KEY) URL"
# per three arguments.
fpin() {
	local id=$1 v
	shift
	: > "$F/pins-$id"
	while [ $# -ge 3 ]; do
		v=FPR_$2
		printf '%s %s %s\n' "$1" "${!v}" "$3" >> "$F/pins-$id"
		shift 3
	done
}

# nreq: requests the Python server has seen so far.
nreq() { wc -l < "$F/requests.log"; }
# nokeys DIR: a key store with no key in it.
nokeys() { [ -z "$(ls -A "$1/keys" 2>/dev/null)" ]; }

if ! fetch_tls > "$F/tls.log" 2>&1 || ! fetch_www > "$F/www.log" 2>&1 ||
    ! fetch_servers; then
	report 'fetch fixtures: test CA, files and loopback HTTPS servers' 1 \
	    "$(cat "$F/tls.log" "$F/www.log" "$F/fetchsrv.log" "$F/s_server.log" 2>/dev/null | tail -n 8)"
	fetch_stop
	return 0
fi
CA=$F/tls/ca.pem
U=https://127.0.0.1:$P
UQ=https://127.0.0.1:$Q
fixture_check 'the test CA vouches for the server (openssl verify)' \
    "openssl verify -CAfile '$CA' '$F/tls/srv.pem'"

# The main pins: one scenario per signer.
fpin main alice alice "$U/alice.asc" bob bob "$U/eve.asc" \
    carol carol "$U/garbage.asc" dave dave "$U/big.asc" \
    erin erin "$U/status/404" frank frank "$U/to-http/alice.asc" \
    grace grace - ivan ivan "$U/nolength/big.asc"
M=(ELECTRUM_VERIFY_PINS=$F/pins-main)
S1=$F/s1
R=$F/s-refused

t 'keys fetch --help: the usage, with the exit statuses' 0 \
    '^usage: electrum-verify keys fetch \[--ca-file PEMFILE\] \[NAME\.\.\.\]' '^exit status: 0 ' \
    -- keys fetch --help

# The good key: imported, then listed, then it verifies; again: unchanged.
t 'keys fetch: the pinned key served at its address is imported' 0 \
    "^alice: imported $FPR_alice\$" '^1 signer: 1 imported, 0 unchanged, 0 refused, 0 failed$' 'lines=2' \
    "sh:[ -s '$S1/keys/$FPR_alice.pgp' ]" \
    -- "${M[@]}" ELECTRUM_VERIFY_HOME=$S1 keys fetch --ca-file "$CA" alice
t 'keys fetch: keys list then shows the key present' 0 \
    "^alice +$FPR_alice +present" "^bob +$FPR_bob +missing" \
    -- "${M[@]}" ELECTRUM_VERIFY_HOME=$S1 keys list
t 'keys fetch: a signature by the fetched key verifies' 0 \
    "$(ok_line data.bin 1 alice)" \
    -- "${M[@]}" ELECTRUM_VERIFY_HOME=$S1 --sig sig/alice.asc data.bin
t 'keys fetch: fetched again, the store already had it: unchanged, exit 0' 0 \
    "^alice: unchanged $FPR_alice " '^1 signer: 0 imported, 1 unchanged, 0 refused, 0 failed$' \
    -- "${M[@]}" ELECTRUM_VERIFY_HOME=$S1 keys fetch --ca-file "$CA" alice
t 'keys fetch: --ca-file=PEMFILE after the NAME works the same' 0 "^alice: unchanged $FPR_alice " \
    -- "${M[@]}" ELECTRUM_VERIFY_HOME=$S1 keys fetch alice "--ca-file=$CA"

# Refused: another key under the pinned name, a look-alike, non-key data.
t 'keys fetch: a wrong key under a pinned name is refused and not stored' 1 \
    "^bob: refused: the file at '$(re "$U")/eve\\.asc' holds key $FPR_eve, not the pinned $FPR_bob\$" \
    '^1 signer: 0 imported, 0 unchanged, 1 refused, 0 failed$' "sh:nokeys '$R'" \
    -- "${M[@]}" ELECTRUM_VERIFY_HOME=$R keys fetch --ca-file "$CA" bob
fpin look alice alice "$U/lookalike.asc"
t 'keys fetch: a look-alike (same user ID) under alice is refused' 1 \
    "^alice: refused: .* holds key $FPR_lookalike, not the pinned $FPR_alice\$" '!: imported' "sh:nokeys '$R'" \
    -- ELECTRUM_VERIFY_PINS=$F/pins-look ELECTRUM_VERIFY_HOME=$R keys fetch --ca-file "$CA"
t 'keys fetch: garbage is refused' 1 "^carol: refused: .*garbage\\.asc.*no usable public key" \
    "sh:nokeys '$R'" -- "${M[@]}" ELECTRUM_VERIFY_HOME=$R keys fetch --ca-file "$CA" carol
fpin empty alice alice "$U/empty.asc" grace grace "$U/grace.asc"
t 'keys fetch: an empty file is refused' 1 "^alice: refused: the file at '.*empty\.asc' is empty\$" \
    "sh:nokeys '$R'" -- ELECTRUM_VERIFY_PINS=$F/pins-empty ELECTRUM_VERIFY_HOME=$R keys fetch --ca-file "$CA" alice
t 'keys fetch: a revoked pinned key is taken (with its revocation) and said to be revoked' 0 \
    "^grace: imported $FPR_grace \\(the key is REVOKED" \
    -- ELECTRUM_VERIFY_PINS=$F/pins-empty ELECTRUM_VERIFY_HOME=$F/s-revoked keys fetch --ca-file "$CA" grace
fpin unrev grace grace "$U/grace-unrevoked.pgp"
t 'keys fetch: a copy without the revocation the store has: still said to be revoked' 0 \
    "^grace: unchanged $FPR_grace .*\\(the key is REVOKED" \
    -- ELECTRUM_VERIFY_PINS=$F/pins-unrev ELECTRUM_VERIFY_HOME=$F/s-revoked keys fetch --ca-file "$CA" grace
# Forged certifications by random issuers, 1 MiB of other ones each time:
# only self-signatures are stored, so the store stays readable.
J=$F/s-junk
fpin junk1 alice alice "$U/junk1.pgp"
fpin junk2 alice alice "$U/junk2.pgp"
t 'keys fetch: alice + forged certifications: imported without them' 0 \
    "^alice: imported $FPR_alice\$" "sh:[ \$(stat -c %s '$J/keys/$FPR_alice.pgp') -lt 65536 ]" \
    -- ELECTRUM_VERIFY_PINS=$F/pins-junk1 ELECTRUM_VERIFY_HOME=$J keys fetch --ca-file "$CA"
t 'keys fetch: alice + other forged certifications: unchanged' 0 \
    "^alice: unchanged $FPR_alice " '^1 signer: 0 imported, 1 unchanged, 0 refused, 0 failed$' \
    "sh:[ \$(stat -c %s '$J/keys/$FPR_alice.pgp') -lt 65536 ]" \
    -- ELECTRUM_VERIFY_PINS=$F/pins-junk2 ELECTRUM_VERIFY_HOME=$J keys fetch --ca-file "$CA"
t 'keys fetch: after the forged certifications a signature by alice verifies' 0 \
    "$(ok_line data.bin 1 alice)" \
    -- ELECTRUM_VERIFY_PINS=$F/pins-junk2 ELECTRUM_VERIFY_HOME=$J --sig sig/alice.asc data.bin
fpin sig alice alice "$U/signature.asc"
t 'keys fetch: a signature instead of a key is refused' 1 '^alice: refused: .*no usable public key' \
    "sh:nokeys '$R'" -- ELECTRUM_VERIFY_PINS=$F/pins-sig ELECTRUM_VERIFY_HOME=$R keys fetch --ca-file "$CA"

# Size: 1 MiB at most, however the length is (not) declared. The padded
# files hold alice's real key: only the cap stops them.
t 'keys fetch: 2 MiB with its Content-Length: refused' 1 '^dave: refused: larger than 1 MiB$' \
    "sh:nokeys '$R'" -- "${M[@]}" ELECTRUM_VERIFY_HOME=$R keys fetch --ca-file "$CA" dave
t 'keys fetch: 2 MiB without Content-Length: refused' 1 '^ivan: refused: larger than 1 MiB$' \
    "sh:nokeys '$R'" -- "${M[@]}" ELECTRUM_VERIFY_HOME=$R keys fetch --ca-file "$CA" ivan
# (bob and carol are served alice's padded key: the size is refused first)
fpin size alice alice "$U/chunked/big.asc" bob bob "$U/1m+1.asc" carol carol "$U/nolength/1m+1.asc"
t 'keys fetch: 2 MiB chunked: refused' 1 '^alice: refused: larger than 1 MiB$' \
    "sh:nokeys '$R'" -- ELECTRUM_VERIFY_PINS=$F/pins-size ELECTRUM_VERIFY_HOME=$R keys fetch --ca-file "$CA" alice
t 'keys fetch: 1 MiB + 1 byte, with and without Content-Length: refused' 1 \
    '^bob: refused: larger than 1 MiB$' '^carol: refused: larger than 1 MiB$' "sh:nokeys '$R'" \
    -- ELECTRUM_VERIFY_PINS=$F/pins-size ELECTRUM_VERIFY_HOME=$R keys fetch --ca-file "$CA" bob carol
# (curl reads no more than a Content-Length; one over 1 MiB is refused
# before the body is read, even if the body is small)
fpin lie alice alice "$U/length/1000/big-garbage.asc" bob bob "$U/length/2097152/bob.asc"
t 'keys fetch: 2 MiB of garbage under a lying Content-Length of 1000: refused as garbage' 1 \
    '^alice: refused: .*no usable public key' '!larger' "sh:nokeys '$R'" \
    -- ELECTRUM_VERIFY_PINS=$F/pins-lie ELECTRUM_VERIFY_HOME=$R keys fetch --ca-file "$CA" alice
t 'keys fetch: a good key under a Content-Length of 2 MiB: refused before reading' 1 \
    '^bob: refused: larger than 1 MiB$' "sh:nokeys '$R'" \
    -- ELECTRUM_VERIFY_PINS=$F/pins-lie ELECTRUM_VERIFY_HOME=$R keys fetch --ca-file "$CA" bob
fpin 1m alice alice "$U/nolength/1m.asc"
t 'keys fetch: exactly 1 MiB (alice padded, no Content-Length): imported' 0 "^alice: imported $FPR_alice\$" \
    -- ELECTRUM_VERIFY_PINS=$F/pins-1m ELECTRUM_VERIFY_HOME=$F/s-1m keys fetch --ca-file "$CA"

# HTTP statuses and redirects.
t 'keys fetch: HTTP 404 is refused' 1 '^erin: refused: the server answered HTTP 404' \
    "sh:nokeys '$R'" -- "${M[@]}" ELECTRUM_VERIFY_HOME=$R keys fetch --ca-file "$CA" erin
t 'keys fetch: a redirect to http:// is refused, nothing fetched over http' 1 \
    '^frank: refused: redirected to an address that is not https' "sh:nokeys '$R'" \
    -- "${M[@]}" ELECTRUM_VERIFY_HOME=$R keys fetch --ca-file "$CA" frank
fpin redir alice alice "$U/redirect/alice.asc" bob bob "$U/loop"
t 'keys fetch: a redirect to another https address is followed' 0 "^alice: imported $FPR_alice\$" \
    -- ELECTRUM_VERIFY_PINS=$F/pins-redir ELECTRUM_VERIFY_HOME=$F/s-redir keys fetch --ca-file "$CA" alice
n0=$(grep -c '^/loop$' "$F/requests.log")
t 'keys fetch: a redirect loop stops after 5 redirects' 1 '^bob: refused: more than 5 redirects$' \
    'sh:[ "$(grep -c "^/loop$" "$F/requests.log")" -eq $((n0 + 6)) ]' \
    -- ELECTRUM_VERIFY_PINS=$F/pins-redir ELECTRUM_VERIFY_HOME=$R keys fetch --ca-file "$CA" bob

# A signal (Ctrl-C, SIGTERM) during a stalled transfer stops it: exit 2.
fpin stall alice alice "$U/stall"
fetch_signal() {
	local pid i rc=0
	(cd "$FX" && exec env -i "${BASE_ENV[@]}" ELECTRUM_VERIFY_PINS="$F/pins-stall" \
	    ELECTRUM_VERIFY_HOME="$R" "$EV" keys fetch --ca-file "$CA") \
	    > "$F/stall.out" 2> "$F/stall.err" &
	pid=$!
	for i in $(seq 100); do grep -q '^/stall$' "$F/requests.log" && break; sleep 0.1; done
	sleep 0.3
	kill -TERM "$pid" 2>/dev/null
	for i in $(seq 200); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
	if kill -0 "$pid" 2>/dev/null; then
		kill -KILL "$pid"
		wait "$pid"
		report 'keys fetch: SIGTERM during a stalled transfer stops it' 1 'still running 20 s after SIGTERM'
		return
	fi
	wait "$pid" || rc=$?
	if [ "$rc" -eq 2 ] && grep -q "^alice: failed: interrupted$" "$F/stall.out" &&
	    grep -q '1 failed$' "$F/stall.out" && nokeys "$R"; then
		report 'keys fetch: SIGTERM during a stalled transfer stops it: exit 2, interrupted' 0
	else
		report 'keys fetch: SIGTERM during a stalled transfer stops it: exit 2, interrupted' 1 \
		    "exit $rc" "$(cat "$F/stall.out" "$F/stall.err")"
	fi
}
fetch_signal

# Keys beside the pinned one are not taken, even pinned ones.
fpin extra alice alice "$U/alice+eve.asc"
t 'keys fetch: the pinned key with another key: only the pinned one is taken' 0 \
    "^alice: imported $FPR_alice \\(1 other key in the file not taken\\)\$" \
    "sh:[ ! -e '$F/s-extra/keys/$FPR_eve.pgp' ]" \
    -- ELECTRUM_VERIFY_PINS=$F/pins-extra ELECTRUM_VERIFY_HOME=$F/s-extra keys fetch --ca-file "$CA"
fpin extra2 alice alice "$U/alice+bob.asc" bob bob -
t "keys fetch: another PINNED key in alice's file is not taken either" 0 \
    "^alice: imported $FPR_alice \\(1 other key" "sh:[ -s '$F/s-extra2/keys/$FPR_alice.pgp' ]" \
    "sh:[ ! -e '$F/s-extra2/keys/$FPR_bob.pgp' ]" \
    -- ELECTRUM_VERIFY_PINS=$F/pins-extra2 ELECTRUM_VERIFY_HOME=$F/s-extra2 keys fetch --ca-file "$CA" alice

# TLS: the certificate is always checked.
t 'keys fetch: server certificate not trusted (no --ca-file): failed, exit 2' 2 \
    '^alice: failed: .*certificate' '!: imported' "sh:nokeys '$R'" \
    -- "${M[@]}" ELECTRUM_VERIFY_HOME=$R keys fetch alice
t 'keys fetch: --ca-file of another CA: failed, exit 2' 2 '^alice: failed: .*certificate' \
    "sh:nokeys '$R'" -- "${M[@]}" ELECTRUM_VERIFY_HOME=$R keys fetch --ca-file "$F/tls/other.pem" alice
fpin host alice alice "https://localhost:$P/alice.asc"
t 'keys fetch: certificate for another host name (localhost vs 127.0.0.1): failed' 2 \
    '^alice: failed: .*(localhost|name)' "sh:nokeys '$R'" \
    -- ELECTRUM_VERIFY_PINS=$F/pins-host ELECTRUM_VERIFY_HOME=$R keys fetch --ca-file "$CA"
fpin closed alice alice "https://127.0.0.1:$(fetch_port)/alice.asc"
t 'keys fetch: nothing listening: failed, exit 2' 2 '^alice: failed: ' '0 imported, 0 unchanged, 0 refused, 1 failed$' \
    "sh:nokeys '$R'" -- ELECTRUM_VERIFY_PINS=$F/pins-closed ELECTRUM_VERIFY_HOME=$R keys fetch --ca-file "$CA"

# openssl s_server -WWW (no Content-Length; a missing file is a 200 with
# an error text).
fpin ss alice alice "$UQ/alice.asc" bob bob "$UQ/no-such.asc" carol carol "$UQ/big.asc"
t 'keys fetch from openssl s_server: good key imported' 0 "^alice: imported $FPR_alice\$" \
    -- ELECTRUM_VERIFY_PINS=$F/pins-ss ELECTRUM_VERIFY_HOME=$F/s-ss keys fetch --ca-file "$CA" alice
t 'keys fetch from openssl s_server: its error text for a missing file is refused' 1 \
    '^bob: refused: .*no usable public key' "sh:nokeys '$R'" \
    -- ELECTRUM_VERIFY_PINS=$F/pins-ss ELECTRUM_VERIFY_HOME=$R keys fetch --ca-file "$CA" bob
t 'keys fetch from openssl s_server: 2 MiB without Content-Length refused' 1 \
    '^carol: refused: larger than 1 MiB$' "sh:nokeys '$R'" \
    -- ELECTRUM_VERIFY_PINS=$F/pins-ss ELECTRUM_VERIFY_HOME=$R keys fetch --ca-file "$CA" carol

# Every pin at once: one line each, in pins order, then the summary.
t 'keys fetch (every pin): one line per signer; a failure (no address) makes it exit 2' 2 \
    "^alice: imported $FPR_alice\$" '^bob: refused: .* holds key' '^carol: refused: ' \
    '^dave: refused: larger than 1 MiB$' '^erin: refused: the server answered HTTP 404' \
    '^frank: refused: redirected' '^grace: failed: the pin has no published address$' \
    '^ivan: refused: larger than 1 MiB$' '^8 signers: 1 imported, 0 unchanged, 6 refused, 1 failed$' \
    'lines=9' "sh:[ ! -e '$F/s-all/keys/$FPR_eve.pgp' ] && [ \"\$(ls '$F/s-all/keys')\" = '$FPR_alice.pgp' ]" \
    -- "${M[@]}" ELECTRUM_VERIFY_HOME=$F/s-all keys fetch --ca-file "$CA"
t 'keys fetch NAME...: only the named signers, refused one: exit 1' 1 \
    "^alice: unchanged $FPR_alice " '^carol: refused: ' '!^bob' '!^dave' 'lines=3' \
    '^2 signers: 0 imported, 1 unchanged, 1 refused, 0 failed$' \
    -- "${M[@]}" ELECTRUM_VERIFY_HOME=$F/s-all keys fetch --ca-file "$CA" carol alice

t 'keys fetch NAME NAME: a name given twice is fetched once' 0 "^alice: unchanged $FPR_alice " 'lines=2' \
    -- "${M[@]}" ELECTRUM_VERIFY_HOME=$F/s-all keys fetch --ca-file "$CA" alice alice

# Usage errors and pins that are not fetched: exit 2, no request made.
n0=$(nreq)
t 'keys fetch: unknown NAME: usage error naming it, nothing fetched' 2 \
    "err:^electrum-verify: no pinned signer is named 'nobody'" 'lines=0' 'sh:[ "$(nreq)" -eq "$n0" ]' \
    -- "${M[@]}" ELECTRUM_VERIFY_HOME=$R keys fetch --ca-file "$CA" alice nobody
t 'keys fetch: --ca-file missing: usage error, nothing fetched' 2 \
    "err:^electrum-verify: cannot open '.*no-such\\.pem'" 'lines=0' 'sh:[ "$(nreq)" -eq "$n0" ]' \
    -- "${M[@]}" ELECTRUM_VERIFY_HOME=$R keys fetch --ca-file "$F/no-such.pem" alice
t 'keys fetch: --ca-file a directory: usage error' 2 'err:^electrum-verify: .*is a directory' 'lines=0' \
    -- "${M[@]}" ELECTRUM_VERIFY_HOME=$R keys fetch --ca-file "$F/tls" alice
t 'keys fetch: --ca-file twice: usage error' 2 'err:--ca-file given twice' 'lines=0' \
    -- "${M[@]}" ELECTRUM_VERIFY_HOME=$R keys fetch --ca-file "$CA" --ca-file "$CA" alice
t 'keys fetch: an unknown option: usage error' 2 'err:usage: electrum-verify keys fetch' 'lines=0' \
    -- "${M[@]}" ELECTRUM_VERIFY_HOME=$R keys fetch --insecure alice
t 'keys fetch: a pin without address: failed, exit 2, nothing fetched' 2 \
    '^grace: failed: the pin has no published address$' 'sh:[ "$(nreq)" -eq "$n0" ]' \
    -- "${M[@]}" ELECTRUM_VERIFY_HOME=$R keys fetch --ca-file "$CA" grace
printf 'alice %s http://127.0.0.1:%s/alice.asc\n' "$FPR_alice" "$P" > "$F/pins-http"
t 'keys fetch: an http:// pin: the pins file is refused, nothing fetched' 2 \
    'err:pins-http:1: .*is not an https:// URL' 'lines=0' 'sh:[ "$(nreq)" -eq "$n0" ]' \
    -- ELECTRUM_VERIFY_PINS=$F/pins-http ELECTRUM_VERIFY_HOME=$R keys fetch --ca-file "$CA"
t 'keys fetch: the refused and failed cases stored nothing' 0 'alice +.*missing' '!present' \
    "sh:nokeys '$R'" -- "${M[@]}" ELECTRUM_VERIFY_HOME=$R keys list
# Bundled keys (issue 11): a fetched copy is merged over the bundled key,
# and a revocation from either side wins. Pins $F/bund-X/electrum.pins with
# grace's key bundled beside them (pubkeys/grace.asc): unrevoked in bund-u,
# revoked in bund-r; her published key is the other one.
for b in u r; do
	mkdir -p "$F/bund-$b/pubkeys"
	printf 'grace %s %s\n' "$FPR_grace" "$U/$([ $b = u ] && echo grace.asc || echo grace-unrevoked.pgp)" \
	    > "$F/bund-$b/electrum.pins"
done
cp "$F/www/grace-unrevoked.pgp" "$F/bund-u/pubkeys/grace.asc"
cp "$FX/keys/grace.asc" "$F/bund-r/pubkeys/grace.asc"
t 'bundled grace, not revoked, nothing fetched: her signature counts' 0 "$(ok_line data.bin 1 grace)" \
    -- ELECTRUM_VERIFY_PINS=$F/bund-u/electrum.pins ELECTRUM_VERIFY_HOME=$F/s-bund-u --sig sig/grace.asc data.bin
t 'bundled grace, not revoked: keys fetch of her revoked key: imported' 0 "^grace: imported $FPR_grace .*REVOKED" \
    -- ELECTRUM_VERIFY_PINS=$F/bund-u/electrum.pins ELECTRUM_VERIFY_HOME=$F/s-bund-u keys fetch --ca-file "$CA"
t 'bundled grace + fetched revocation: keys list says updated, REVOKED' 0 \
    "^grace +$FPR_grace +present, updated +REVOKED" \
    -- ELECTRUM_VERIFY_PINS=$F/bund-u/electrum.pins ELECTRUM_VERIFY_HOME=$F/s-bund-u keys list
for eng in native gpg; do
	t "bundled grace + fetched revocation: her signature does not count ($eng)" 1 \
	    "1:$(nok_line data.bin)" '!^VERIFIED' 'revoked' \
	    -- ELECTRUM_VERIFY_PINS=$F/bund-u/electrum.pins ELECTRUM_VERIFY_HOME=$F/s-bund-u --engine $eng \
	    --sig sig/grace.asc data.bin
done
t 'bundled grace, revoked: keys fetch of a copy without the revocation: imported, REVOKED' 0 \
    "^grace: imported $FPR_grace .*REVOKED" \
    -- ELECTRUM_VERIFY_PINS=$F/bund-r/electrum.pins ELECTRUM_VERIFY_HOME=$F/s-bund-r keys fetch --ca-file "$CA"
for eng in native gpg; do
	t "revoked bundled grace + fetched copy without the revocation: still not counted ($eng)" 1 \
	    "1:$(nok_line data.bin)" '!^VERIFIED' 'revoked' \
	    -- ELECTRUM_VERIFY_PINS=$F/bund-r/electrum.pins ELECTRUM_VERIFY_HOME=$F/s-bund-r --engine $eng \
	    --sig sig/grace.asc data.bin
done
t 'revoked bundled grace + fetched copy: keys list says REVOKED' 0 \
    "^grace +$FPR_grace +present, bundled +REVOKED" \
    -- ELECTRUM_VERIFY_PINS=$F/bund-r/electrum.pins ELECTRUM_VERIFY_HOME=$F/s-bund-r keys list
fixture_check 'every fetch pin above points at loopback (or has no address)' \
    "! cat '$F'/pins-* '$F'/bund-*/electrum.pins | awk '{ print \$3 }' | grep -vE '^(https?://(127\\.0\\.0\\.1|localhost):[0-9]+/|-$)'"

fetch_stop
