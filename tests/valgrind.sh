#!/bin/bash
# tests/valgrind.sh: `make check-valgrind`. The command-line cases of the
# main paths (keys import/list/export, keys fetch, verify good/BAD/unknown
# key, --json, manifest of tar, zip, AppImage, PE and .deb, compare) run
# with the normal build under valgrind (memcheck): any memory error or
# definite or indirect leak makes the run exit 99, which fails its case;
# afterwards every run's log is read for file descriptors the tool left
# open at exit. gpg, which the tool starts, is not traced.
#
# Environment: EV (default ./electrum-verify), VG_CASES (the case files,
# default "00 20 25 30 50 80 81"), EV_TEST_KEEP=1 keeps the logs.
# Output: run.sh's lines, then the descriptor check, and last
# "N passed, M failed".

set -u
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
EV=${EV:-$ROOT/electrum-verify}
case $EV in /*) ;; *) EV=$PWD/$EV ;; esac
command -v valgrind >/dev/null 2>&1 ||
    { printf 'Bail out! valgrind is needed (apt-get install valgrind)\n'; exit 1; }
[ -x "$EV" ] || { printf 'Bail out! %s not found (run make)\n' "$EV"; exit 1; }

VG=$(mktemp -d "${TMPDIR:-/tmp}/ev-valgrind.XXXXXX") || exit 1
mkdir -p "$VG/log" "$VG/nounit"
trap '[ "${EV_TEST_KEEP:-0}" = 1 ] && printf "# kept %s\n" "$VG" || rm -rf "$VG"' EXIT

# One log per process: vg.WRAPPER.PID, the tool's own is vg.P.P (the
# wrapper execs it); the others are gpgme's forks before they exec gpg.
cat > "$VG/ev" <<EOF
#!/bin/sh
exec valgrind -q --error-exitcode=99 --leak-check=full \\
    --errors-for-leak-kinds=definite,indirect --show-leak-kinds=definite,indirect \\
    --track-fds=yes --trace-children=no --num-callers=30 \\
    --log-file=$VG/log/vg.\$\$.%p $(printf '%q' "$EV") "\$@"
EOF
chmod +x "$VG/ev"

START=$(date +%s)
EV=$VG/ev UNIT_DIR=$VG/nounit CASE_TIMEOUT=${CASE_TIMEOUT:-240} \
    CASES=${VG_CASES:-00 20 25 30 50 80 81} bash "$ROOT/tests/run.sh" > "$VG/run.out" 2>&1
head -n -1 "$VG/run.out"
last=$(tail -n 1 "$VG/run.out")
passed=$(printf '%s' "$last" | sed -nE 's/^([0-9]+) passed, ([0-9]+) failed$/\1/p')
failed=$(printf '%s' "$last" | sed -nE 's/^([0-9]+) passed, ([0-9]+) failed$/\2/p')
[ -n "$passed" ] || { printf 'Bail out! run.sh ended with: %s\n' "$last"; exit 1; }

# Descriptors open at exit that the tool opened itself (valgrind prints a
# stack for those, "<inherited from parent>" for the rest).
runs=0
errs=0
: > "$VG/fds"
for f in "$VG"/log/vg.*; do
	base=${f##*/vg.}
	[ "${base%%.*}" = "${base#*.}" ] || continue
	runs=$((runs + 1))
	grep -q 'ERROR SUMMARY: [1-9]\|definitely lost\|Invalid \(read\|write\|free\)\|uninitialised' "$f" &&
	    errs=$((errs + 1))
	awk -v f="$f" '/Open (file descriptor|AF_UNIX socket) [0-9]+/ { fd = $0; next }
	    fd != "" && /inherited from parent/ { fd = ""; next }
	    fd != "" && /at 0x/ { print f ": " fd; fd = "" }' "$f" >> "$VG/fds"
done
if [ -s "$VG/fds" ]; then
	failed=$((failed + 1))
	printf 'not ok - no file descriptor left open at exit (%d runs)\n' "$runs"
	sed 's/^/#   /' "$VG/fds" | head -n 20
else
	passed=$((passed + 1))
	printf 'ok - no file descriptor left open at exit (%d runs)\n' "$runs"
fi
printf '# valgrind: %d runs of the tool, %d with a memcheck report, in %ds\n' \
    "$runs" "$errs" "$(( $(date +%s) - START ))"
printf '%d passed, %d failed\n' "$passed" "$failed"
[ "$failed" -eq 0 ]
