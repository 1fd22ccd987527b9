# tests/lib.sh: the case runner for tests/run.sh (sourced).
#
# One case is one line:
#
#   t NAME EXIT [CHECK...] -- [@DIR] [VAR=VALUE | -VAR ...] ARGS...
#
# runs "electrum-verify ARGS..." in DIR (default $FX) with a clean
# environment (BASE_ENV, plus VAR=VALUE, minus -VAR), then asserts the exit
# status (EXIT, or alternatives "1|2") and every CHECK:
#
#   RE          some line of stdout matches the extended regex RE
#   !RE         no line of stdout matches RE
#   1:RE        the first line of stdout matches RE
#   err:RE      some line of stderr matches RE
#   !err:RE     no line of stderr matches RE
#   any:RE      some line of stdout or stderr matches RE
#   lines=N     stdout has exactly N lines
#   json:EXPR   stdout is JSON and jq -e EXPR is true
#
# Whenever the case asks for JSON (a json: check, --json, or --format
# json), stdout must also be valid against schema/electrum-verify.schema.json
# (json_valid), if the program wrote anything there.
#   sh:CMD      the shell command CMD succeeds ($OUT and $ERR name the
#               files holding stdout and stderr, $RC is the exit status)
#
# Every case must check the exit status and at least one message or field:
# t refuses a case without checks.

N=0
PASSED=0
FAILED=0
FAILED_NAMES=()
BASE_ENV=()
CASE_TIMEOUT=${CASE_TIMEOUT:-60}

# diag LINE...: diagnostics under a failed case, TAP style.
diag() {
	local l
	for l in "$@"; do
		printf '%s\n' "$l" | sed 's/^/#   /'
	done
}

# diag_file LABEL FILE [MAX]: the first lines of FILE, control bytes shown.
diag_file() {
	local label=$1 file=$2 max=${3:-20}
	if [ ! -s "$file" ]; then
		diag "$label: (empty)"
		return 0
	fi
	diag "$label:"
	head -n "$max" "$file" | cat -v | sed 's/^/#     /'
	local n
	n=$(wc -l < "$file")
	[ "$n" -gt "$max" ] && diag "  ... ($n lines in all)"
	return 0
}

# report NAME STATUS [DIAG...]: STATUS 0 = ok.
report() {
	local name=$1 st=$2
	shift 2
	N=$((N + 1))
	if [ "$st" -eq 0 ]; then
		PASSED=$((PASSED + 1))
		printf 'ok %d - %s\n' "$N" "$name"
	else
		FAILED=$((FAILED + 1))
		FAILED_NAMES+=("$N - $name")
		printf 'not ok %d - %s\n' "$N" "$name"
		[ $# -gt 0 ] && diag "$@"
	fi
	return 0
}

# quote ARGS...: a copy-pasteable rendering of a command.
quote() {
	local a out=''
	for a in "$@"; do out+=" $(printf '%q' "$a")"; done
	printf '%s' "${out# }"
}

# env_apply ARRAY WORD: apply VAR=VALUE or -VAR (unset) to ARRAY.
env_apply() {
	local -n _ea=$1
	local w=$2 var i
	if [[ $w == -* ]]; then var=${w#-}; else var=${w%%=*}; fi
	for i in "${!_ea[@]}"; do
		[[ ${_ea[i]} == "$var="* ]] && unset '_ea[i]'
	done
	[[ $w == -* ]] || _ea+=("$w")
	_ea=("${_ea[@]}")
}

# set_base_env WORD...: change the environment of all later cases.
set_base_env() {
	local w
	for w in "$@"; do env_apply BASE_ENV "$w"; done
}

# prep_run [@DIR] [VAR=VALUE | -VAR ...] ARGS...: sets RUN_DIR, RUN_ENV
# (BASE_ENV changed by the words) and RUN_ARGS.
prep_run() {
	RUN_DIR=$FX
	RUN_ENV=("${BASE_ENV[@]}")
	while [ $# -gt 0 ]; do
		if [[ $1 == @* ]]; then
			RUN_DIR=${1#@}
		elif [[ $1 =~ ^-[A-Z][A-Z0-9_]+$ || $1 =~ ^[A-Z][A-Z0-9_]*= ]]; then
			env_apply RUN_ENV "$1"
		else
			break
		fi
		shift
	done
	RUN_ARGS=("$@")
	[ "${EV_CROSS_CHECK:-0}" = 1 ] && cross_args
}

# cross_args: with EV_CROSS_CHECK=1 (tests/cases/31-cross.sh), a check
# that names no engine runs with --cross-check: both engines must agree.
cross_args() {
	local a
	case ${RUN_ARGS[0]:-} in keys|manifest|compare) return ;; esac
	for a in "${RUN_ARGS[@]}"; do
		case $a in --engine|--engine=*|--cross-check|--help|--version) return ;; esac
	done
	if [ "${RUN_ARGS[0]:-}" = check ]; then
		RUN_ARGS=(check --cross-check "${RUN_ARGS[@]:1}")
	else
		RUN_ARGS=(--cross-check "${RUN_ARGS[@]}")
	fi
}

# run_ev: run the tool as prepared by prep_run; sets RC, OUT, ERR, CMDLINE.
run_ev() {
	OUT=$T/case.out
	ERR=$T/case.err
	CMDLINE="cd $(printf '%q' "$RUN_DIR") && env -i $(quote "${RUN_ENV[@]}") $(quote "$EV" "${RUN_ARGS[@]}")"
	(
		cd "$RUN_DIR" || exit 125
		exec timeout -k 5 "$CASE_TIMEOUT" env -i "${RUN_ENV[@]}" "$EV" "${RUN_ARGS[@]}"
	) > "$OUT" 2> "$ERR" < /dev/null
	RC=$?
}

# check_one CHECK: 0 if it holds, else 1 and WHY says why.
check_one() {
	local c=$1 re
	WHY=''
	case $c in
	'!err:'*)
		re=${c#!err:}
		grep -qE -e "$re" "$ERR" && { WHY="a stderr line matches /$re/ (it must not)"; return 1; } ;;
	'err:'*)
		re=${c#err:}
		grep -qE -e "$re" "$ERR" || { WHY="no stderr line matches /$re/"; return 1; } ;;
	'any:'*)
		re=${c#any:}
		cat "$OUT" "$ERR" | grep -qE -e "$re" ||
		    { WHY="no stdout or stderr line matches /$re/"; return 1; } ;;
	'1:'*)
		re=${c#1:}
		head -n 1 "$OUT" | grep -qE -e "$re" ||
		    { WHY="the first stdout line does not match /$re/"; return 1; } ;;
	'lines='*)
		local want=${c#lines=} got
		got=$(wc -l < "$OUT")
		# a last line without its newline still counts
		[ -s "$OUT" ] && [ -n "$(tail -c 1 "$OUT")" ] && got=$((got + 1))
		[ "$got" -eq "$want" ] || { WHY="stdout has $got lines, want $want"; return 1; } ;;
	'json:'*)
		local expr=${c#json:}
		# (jq 1.6 -e succeeds on empty input: count the values first)
		jq -e -s 'length == 1 and (.[0] | type) == "object"' "$OUT" > /dev/null 2>&1 ||
		    { WHY="stdout is not exactly one JSON object"; return 1; }
		jq -e "$expr" "$OUT" > /dev/null 2>&1 || { WHY="jq -e '$expr' is not true"; return 1; } ;;
	'sh:'*)
		local cmd=${c#sh:}
		( eval "$cmd" ) > /dev/null 2>&1 || { WHY="shell check failed: $cmd"; return 1; } ;;
	'!'*)
		re=${c#!}
		grep -qE -e "$re" "$OUT" && { WHY="a stdout line matches /$re/ (it must not)"; return 1; } ;;
	*)
		grep -qE -e "$c" "$OUT" || { WHY="no stdout line matches /$c/"; return 1; } ;;
	esac
	return 0
}

# sanitizer_report FILE: 0 (and WHY) if FILE holds an AddressSanitizer,
# LeakSanitizer, UndefinedBehaviorSanitizer (make check-asan) or
# ThreadSanitizer (make check-tsan) report.
sanitizer_report() {
	local l
	l=$(grep -m 1 -E 'ERROR: (AddressSanitizer|LeakSanitizer)|runtime error: |SUMMARY: (Address|Leak|UndefinedBehavior|Thread)Sanitizer|WARNING: ThreadSanitizer' "$1" 2>/dev/null) ||
	    return 1
	WHY="sanitizer report: $l"
	return 0
}

# exit_ok WANT GOT: WANT may list alternatives, "1|2".
exit_ok() {
	local w IFS='|'
	for w in $1; do [ "$w" = "$2" ] && return 0; done
	return 1
}

# json_valid FILE...: 0 if each FILE holds one JSON document valid against
# the schema of the program's output; else 1, and WHY says where and why.
# Every JSON document the tests make goes through it.
json_valid() {
	WHY=$(python3 "$ROOT/tests/jsonvalid.py" "$ROOT/schema/electrum-verify.schema.json" "$@" 2>&1) &&
	    return 0
	WHY="not valid against the JSON schema: $WHY"
	return 1
}

# wants_json CHECK...: whether the run just made was asked for JSON.
wants_json() {
	local a prev=''
	for a in "$@"; do [[ $a == json:* ]] && return 0; done
	for a in "${RUN_ARGS[@]}"; do
		case $a in
		--json|--format=json) return 0 ;;
		json) [ "$prev" = --format ] && return 0 ;;
		esac
		prev=$a
	done
	return 1
}

# check_result NAME WANT CHECK...: assert RC and the checks on OUT/ERR.
check_result() {
	local name=${CASE_PREFIX:-}$1 want=$2
	shift 2
	local c problems=()
	if [ "$RC" -eq 124 ] || [ "$RC" -eq 137 ]; then
		problems+=("timed out after ${CASE_TIMEOUT}s (exit $RC)")
	elif ! exit_ok "$want" "$RC"; then
		problems+=("expected exit $want, got $RC")
	fi
	sanitizer_report "$ERR" && problems+=("$WHY")
	for c in "$@"; do
		check_one "$c" || problems+=("$WHY")
	done
	if [ -s "$OUT" ] && wants_json "$@"; then
		json_valid "$OUT" || problems+=("$WHY")
	fi
	if [ ${#problems[@]} -eq 0 ]; then
		report "$name" 0
	else
		report "$name" 1 "command: $CMDLINE" "${problems[@]}"
		diag_file stdout "$OUT"
		diag_file stderr "$ERR" 10
	fi
}

t() {
	local name=$1 want=$2
	shift 2
	local checks=()
	while [ $# -gt 0 ] && [ "$1" != -- ]; do
		checks+=("$1")
		shift
	done
	if [ $# -eq 0 ] || [ ${#checks[@]} -eq 0 ]; then
		report "$name" 1 "bad case: it needs checks, then '--' and the arguments"
		return
	fi
	shift
	prep_run "$@"
	run_ev
	check_result "$name" "$want" "${checks[@]}"
}

# t_same NAME EXIT CHECK... -- [@DIR] [ENV...] ARGS_A... --- [@DIR] [ENV...]
# ARGS_B...: both runs must give the same exit status and byte-identical
# stdout; EXIT and the CHECKs then apply to run A.
t_same() {
	local name=${CASE_PREFIX:-}$1 want=$2
	shift 2
	local checks=() a=()
	while [ $# -gt 0 ] && [ "$1" != -- ]; do checks+=("$1"); shift; done
	shift
	while [ $# -gt 0 ] && [ "$1" != --- ]; do a+=("$1"); shift; done
	shift
	if [ ${#checks[@]} -eq 0 ] || [ ${#a[@]} -eq 0 ] || [ $# -eq 0 ]; then
		report "$name" 1 "bad case: t_same NAME EXIT CHECK... -- A... --- B..."
		return
	fi
	prep_run "$@"
	run_ev
	local rc_b=$RC cmd_b=$CMDLINE
	cp "$OUT" "$T/same.out"
	cp "$ERR" "$T/same.err"
	prep_run "${a[@]}"
	run_ev
	if [ "$RC" -ne "$rc_b" ] || ! cmp -s "$OUT" "$T/same.out"; then
		report "$name" 1 "A: $CMDLINE" "B: $cmd_b" "exit A=$RC B=$rc_b" \
		    "diff stdout A, stdout B:" "$(diff "$OUT" "$T/same.out" | head -n 12 | cat -v)"
		diag_file "stderr A" "$ERR" 8
		diag_file "stderr B" "$T/same.err" 8
		return
	fi
	check_result "$name" "$want" "${checks[@]}"
}

# snapshot DIR: file list, types, modes and hashes of everything under DIR.
snapshot() {
	(
		cd "$1" || exit 1
		find . -printf '%y %m %p\n' | LC_ALL=C sort
		find . -type f -print0 | LC_ALL=C sort -z | xargs -0 -r sha256sum
	)
}

# t_unchanged NAME DIR SNAPSHOT_FILE: DIR still matches the snapshot.
t_unchanged() {
	local name=$1 dir=$2 snap=$3
	snapshot "$dir" > "$T/snap.now"
	if cmp -s "$snap" "$T/snap.now"; then
		report "$name" 0
	else
		report "$name" 1 "$dir changed (- before, + after):" \
		    "$(diff "$snap" "$T/snap.now" | grep '^[<>]' | sed 's/^</-/; s/^>/+/' | head -n 15)"
	fi
}

# fixture_check NAME CMD: a check of the fixtures themselves (with gpg),
# so that a misbuilt fixture is not mistaken for a bug in the tool.
fixture_check() {
	local name=$1 cmd=$2
	if ( eval "$cmd" ) > "$T/fx.out" 2>&1; then
		report "fixture: $name" 0
	else
		report "fixture: $name" 1 "command: $cmd"
		diag_file output "$T/fx.out"
	fi
}

# run_unit_tests: the cmocka binaries build/test_*, their TAP lines folded
# into this run's numbering and totals.
run_unit_tests() {
	local bin line rc seen bad base tmp=$T/unit.out
	for bin in "${UNIT_DIR:-$ROOT/build}"/test_*; do
		[ -f "$bin" ] && [ -x "$bin" ] || continue
		base=${bin##*/}
		(cd "$ROOT" && CMOCKA_MESSAGE_OUTPUT=TAP HOME="$T/home" TMPDIR="$T/tmp" \
		    timeout 120 "$bin") > "$tmp" 2>&1
		rc=$?
		seen=0
		bad=0
		while IFS= read -r line; do
			case $line in
			'ok '*)
				seen=$((seen + 1))
				report "$base: $(printf '%s' "$line" | sed -E 's/^ok [0-9]+( - )?//')" 0 ;;
			'not ok '*)
				seen=$((seen + 1))
				bad=$((bad + 1))
				report "$base: $(printf '%s' "$line" | sed -E 's/^not ok [0-9]+( - )?//')" 1 \
				    "$(grep -vE '^(ok |not ok |1\.\.)' "$tmp" | head -n 8)" ;;
			esac
		done < "$tmp"
		if sanitizer_report "$tmp"; then
			report "$base: no sanitizer report" 1 "$WHY" "$(grep -A 12 -m 1 -E 'ERROR: |runtime error: ' "$tmp")"
		fi
		if [ "$seen" -eq 0 ] || { [ "$rc" -ne 0 ] && [ "$bad" -eq 0 ]; }; then
			report "$base: runs and reports its tests" 1 \
			    "exit status $rc, $seen TAP result lines" "$(head -n 10 "$tmp")"
		fi
	done
}

# tls_certs DIR: in DIR, a test CA (ca.pem, ca.key), another CA nobody
# trusts (other.pem), and a server certificate for IP 127.0.0.1 alone
# (srv.pem, srv.key; so that "localhost" does not match it), for the
# loopback HTTPS servers of the key fetch cases (tests/fetchsrv.py).
tls_certs() {
	local d=$1 c
	mkdir -p "$d" || return 1
	for c in ca other; do
		openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 \
		    -nodes -keyout "$d/$c.key" -out "$d/$c.pem" -days 2 \
		    -subj "/CN=electrum-verify test $c" \
		    -addext 'basicConstraints=critical,CA:TRUE' \
		    -addext 'keyUsage=critical,keyCertSign,cRLSign' || return 1
	done
	openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
	    -keyout "$d/srv.key" -out "$d/srv.csr" -subj '/CN=127.0.0.1' || return 1
	printf '%s\n' 'subjectAltName=IP:127.0.0.1' 'basicConstraints=CA:FALSE' \
	    'extendedKeyUsage=serverAuth' > "$d/srv.ext"
	openssl x509 -req -in "$d/srv.csr" -CA "$d/ca.pem" -CAkey "$d/ca.key" \
	    -set_serial 2 -days 2 -extfile "$d/srv.ext" -out "$d/srv.pem"
}

# tcp_wait PORT: until something accepts on 127.0.0.1:PORT (10 s at most).
tcp_wait() {
	local i
	for i in $(seq 100); do
		(exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
		sleep 0.1
	done
	return 1
}
