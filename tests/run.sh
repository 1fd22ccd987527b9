#!/bin/bash
# tests/run.sh: integration tests of electrum-verify (run by `make check`
# from the repository root).
#
# Makes one temporary directory, generates every key and signature there
# with gpg (tests/fixtures.sh), runs the case tables tests/cases/*.sh in
# order, then the cmocka unit tests build/test_* if they were built, and
# removes everything again. Output: one "ok N - name" / "not ok N - name"
# line per case (diagnostics under failures, prefixed with "#"); the last
# line is "N passed, M failed". Exits non-zero if anything failed or nothing
# ran.
#
# Environment: EV=path of the binary (default ./electrum-verify),
# SHARED=real Electrum data (default ../shared/electrum), EV_TEST_KEEP=1 keeps
# the temporary directory, CASES="20 30" runs only those case files (the
# numbers they start with).

set -u
export LC_ALL=C
export PYTHONDONTWRITEBYTECODE=1	# the generators in tests/ leave no .pyc behind

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TESTS=$ROOT/tests
EV=${EV:-$ROOT/electrum-verify}
case $EV in /*) ;; *) EV=$PWD/$EV ;; esac
SHARED=${SHARED:-$ROOT/../shared/electrum}
SHARED=$(cd "$SHARED" 2>/dev/null && pwd || printf '%s' "$SHARED")
START=$(date +%s)

T=$(mktemp -d "${TMPDIR:-/tmp}/ev-test.XXXXXX") || exit 1
chmod 700 "$T"
SUMMARY_DONE=0

# shellcheck source=tests/lib.sh
. "$TESTS/lib.sh"
# shellcheck source=tests/fixtures.sh
. "$TESTS/fixtures.sh"

# stop_tool_agents: agents the tool may have left behind under $T (its
# TMPDIR and key store live there), stopped by their home directory, then
# by process id.
stop_tool_agents() {
	local pid home
	for pid in $(pgrep -f -- "(gpg-agent|dirmngr|keyboxd|scdaemon).*$T" 2>/dev/null); do
		home=$(tr '\0' '\n' < "/proc/$pid/cmdline" 2>/dev/null |
		    awk 'p { print; exit } $0 == "--homedir" { p = 1 }')
		[ -n "$home" ] && gpgconf --homedir "$home" --kill all >/dev/null 2>&1
	done
	sleep 0.2
	for pid in $(pgrep -f -- "(gpg-agent|dirmngr|keyboxd|scdaemon).*$T" 2>/dev/null); do
		kill "$pid" 2>/dev/null
	done
	# xvfb-run (dash) can miss its clean-up when Xvfb's SIGUSR1 lands
	# while it waits for rm, and leave its Xvfb running: its -auth file
	# lies under $T
	for pid in $(pgrep -f -- "Xvfb .*-auth $T/" 2>/dev/null); do
		kill "$pid" 2>/dev/null
	done
	return 0
}

summary() {
	[ "$SUMMARY_DONE" -eq 1 ] && return
	SUMMARY_DONE=1
	if [ ${#FAILED_NAMES[@]} -gt 0 ]; then
		printf '# failed:\n'
		printf '#   %s\n' "${FAILED_NAMES[@]}"
	fi
	printf '# %d cases in %ds\n' "$N" "$(( $(date +%s) - START ))"
	printf '%d passed, %d failed\n' "$PASSED" "$FAILED"
}

cleanup() {
	local rc=$? d
	fx_stop_agents
	for d in "$FX/hostile" "$FX/hostile/.gnupg"; do
		[ -d "$d" ] && gpgconf --homedir "$d" --kill all >/dev/null 2>&1
	done
	stop_tool_agents
	if [ "${EV_TEST_KEEP:-0}" = 1 ]; then
		printf '# kept %s\n' "$T"
	else
		rm -rf "$T"
	fi
	if [ "$SUMMARY_DONE" -eq 0 ]; then
		# an early exit (a fixture could not be made): still end with the totals
		report "test run completed" 1 "stopped early, exit status $rc"
		summary
		exit 1
	fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

command -v jq >/dev/null 2>&1 || { printf 'Bail out! jq is needed (apt-get install jq)\n'; exit 1; }
command -v gpg >/dev/null 2>&1 || { printf 'Bail out! gpg is needed (apt-get install gnupg)\n'; exit 1; }

fx_generate
export FPR_alice FPR_bob FPR_carol FPR_dave FPR_erin FPR_frank FPR_grace FPR_ivan \
    FPR_eve FPR_lookalike SUB1_dave SUB2_dave DATA_SHA DATA_SIZE REL_SHA
printf '# fixtures ready in %ds (%s)\n' "$(( $(date +%s) - START ))" "$T"

# Every run of the tool gets this environment and nothing else (env -i):
# a HOME holding a sentinel ~/.gnupg, a TMPDIR under $T, its own key store,
# and the test pins.
BASE_ENV=(
	PATH=/usr/local/bin:/usr/bin:/bin
	HOME=$T/home
	TMPDIR=$T/tmp
	LC_ALL=C
	ELECTRUM_VERIFY_HOME=$T/store
	ELECTRUM_VERIFY_PINS=$FX/pins
)
# A sanitizer build (make check-asan, check-tsan): its options reach every
# run.
for v in ASAN_OPTIONS LSAN_OPTIONS UBSAN_OPTIONS TSAN_OPTIONS; do
	[ -n "${!v:-}" ] && BASE_ENV+=("$v=${!v}")
done
snapshot "$T/home" > "$T/home.snap"
snapshot "$T/home/.gnupg" > "$T/dotgnupg.snap"
snapshot "$FX/hostile" > "$T/hostile.snap"

# Helpers for the case tables.

# re TEXT: TEXT with the characters special in an extended regex escaped.
re() { printf '%s' "$1" | sed 's/[][\.*^$()+?{}|/]/\\&/g'; }
# imp NAME: a stdout line of `keys import` accepting the pin NAME.
imp() { printf '(imported.*\\b%s\\b|\\b%s\\b.*imported)' "$1" "$1"; }
# pl N WORD: WORD as the verdict may count it for N: "signer(s)", or the
# proper singular or plural ("signer", "signers").
pl() {
	if [ "$1" -eq 1 ]; then printf '%s(\\(s\\))?' "$2"; else printf '%s(s|\\(s\\))' "$2"; fi
}
# ok_line FILE N SIGNERS: the first line of a verified result.
ok_line() { printf "^VERIFIED: '%s' is signed by %s pinned %s: %s\$" "$(re "$1")" "$2" "$(pl "$2" signer)" "$(re "$3")"; }
# kr_ok_line FILE N KEYRINGS SIGNERS: the first line of a result verified
# with --keyring (KEYRINGS as the tool names them: "'a.asc' and 'b.asc'").
kr_ok_line() { printf "^VERIFIED: '%s' is signed by %s %s in %s: %s\$" "$(re "$1")" "$2" "$(pl "$2" key)" "$(re "$3")" "$(re "$4")"; }
# nok_line FILE: the start of a not-verified result.
nok_line() { printf "^NOT VERIFIED: '%s': " "$(re "$1")"; }
# cnc_line FILE: the start of a could-not-check result.
cnc_line() { printf "^COULD NOT CHECK: '%s': " "$(re "$1")"; }
# few FILE M N: not verified, M good signatures where N are needed.
few() { printf '%s%s good %s from pinned signers, %s needed' "$(nok_line "$1")" "$2" "$(pl "$2" signature)" "$3"; }
# unknown FILE N: not verified, all N signatures from unknown keys.
unknown() { printf '%sall %s %s (is|are) from unknown keys' "$(nok_line "$1")" "$2" "$(pl "$2" signature)"; }
# showkeys: gpg's view of the key material the tool printed on stdout.
showkeys() { gpg --homedir "$GEN/empty" --batch --no-tty --with-colons --show-keys "$OUT" 2>/dev/null; }

if [ ! -x "$EV" ]; then
	report "the binary $EV exists (run make)" 1 "not found or not executable"
	EV_MISSING=1
else
	EV_MISSING=0
fi

for f in "$TESTS"/cases/[0-9]*.sh; do
	base=${f##*/}
	if [ -n "${CASES:-}" ]; then
		want=0
		for c in $CASES; do [[ $base == "$c"* ]] && want=1; done
		[ "$want" -eq 1 ] || continue
	fi
	printf '# %s\n' "$base"
	# cases needing the binary are skipped (and the run fails) without it
	if [ "$EV_MISSING" -eq 1 ] && [[ $base != 00-* ]]; then
		continue
	fi
	# shellcheck disable=SC1090
	. "$f"
done

printf '# unit tests\n'
run_unit_tests

summary
[ "$FAILED" -eq 0 ] && [ "$N" -gt 0 ]
