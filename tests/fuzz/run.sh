#!/bin/bash
# tests/fuzz/run.sh: run the libFuzzer targets (make fuzz, make fuzz-smoke).
#   run.sh fuzz  BUILD SECONDS [NAME...]  each target SECONDS seconds on a
#       copy of its committed corpus (BUILD/work/NAME, kept between runs:
#       new inputs pile up there, never in tests/fuzz/corpus)
#   run.sh smoke BUILD SECONDS [NAME...]  every committed seed once, then
#       each target SECONDS seconds on a fresh copy of its corpus (0: the
#       seeds only; libFuzzer itself reads -max_total_time=0 as no limit)
# NAME is a target without "fuzz_" (default: all built in BUILD). One
# line per target: "NAME: N execs in S s, cov C ft F corp K, PASS" (or
# FAIL, with the end of its log). Crashes, leaks, timeouts and
# out-of-memory inputs go to BUILD/artifacts/NAME/. Exits 1 if any target
# failed. One fuzzer at a time (-jobs=1).
set -u
export LC_ALL=C

mode=${1:-} dir=${2:-} secs=${3:-}
case $mode in fuzz|smoke) ;; *) echo "usage: $0 fuzz|smoke BUILD SECONDS [NAME...]" >&2; exit 2 ;; esac
case $secs in
''|*[!0-9]*) echo "$0: SECONDS must be a whole number, not '$secs'" >&2; exit 2 ;;
esac
if [ "$mode" = fuzz ] && [ "$secs" -eq 0 ]; then
	echo "$0: fuzz needs SECONDS of at least 1 (0 would run without end)" >&2
	exit 2
fi
shift 3
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
names=("$@")
if [ ${#names[@]} -eq 0 ]; then
	for b in "$dir"/fuzz_*; do
		[ -x "$b" ] && names+=("${b##*/fuzz_}")
	done
fi
[ ${#names[@]} -gt 0 ] || { echo "no fuzz targets in $dir (make fuzz-build)" >&2; exit 2; }

# The largest input each target is given: archives get room for a small
# image of each kind, text formats less.
max_len() {
	case $1 in
	armour|pgp_sigs|pgp_key|pins|tarscan) echo 65536 ;;
	mfio) echo 131072 ;;
	*) echo 262144 ;;
	esac
}

# A symbolized report where llvm-symbolizer is installed.
if [ -z "${ASAN_SYMBOLIZER_PATH:-}" ]; then
	for s in llvm-symbolizer llvm-symbolizer-14; do
		command -v $s >/dev/null 2>&1 && { export ASAN_SYMBOLIZER_PATH=$(command -v $s); break; }
	done
fi
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

failed=0
for n in "${names[@]}"; do
	bin=$dir/fuzz_$n seeds=$here/corpus/$n art=$dir/artifacts/$n/
	[ -x "$bin" ] || { echo "$n: no binary $bin"; failed=1; continue; }
	[ -d "$seeds" ] || { echo "$n: no corpus $seeds"; failed=1; continue; }
	mkdir -p "$art" "$dir/work" || exit 2
	log=$dir/work/$n.log
	opts=(-max_len="$(max_len "$n")" -rss_limit_mb=2048 -malloc_limit_mb=2048
	    -timeout=20 -print_final_stats=1 -artifact_prefix="$art")
	[ -f "$here/$n.dict" ] && opts+=(-dict="$here/$n.dict")
	if [ "$mode" = smoke ]; then
		# each committed seed once, whole (no max_len cut)
		if ! "$bin" -rss_limit_mb=2048 -malloc_limit_mb=2048 -timeout=20 \
		    -artifact_prefix="$art" "$seeds"/* > "$log" 2>&1; then
			echo "$n: FAIL running the committed seeds"
			tail -n 30 "$log" | sed 's/^/# /'
			failed=1
			continue
		fi
		if [ "$secs" -eq 0 ]; then
			echo "$n: $(ls "$seeds" | wc -l) seeds, PASS"
			continue
		fi
		work=$dir/work/smoke-$n
		rm -rf "$work"
	else
		work=$dir/work/$n
	fi
	mkdir -p "$work" && cp "$seeds"/* "$work"/ || exit 2
	start=$(date +%s)
	"$bin" "${opts[@]}" -max_total_time="$secs" "$work" > "$log" 2>&1
	rc=$?
	t=$(( $(date +%s) - start ))
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
	stats=$(grep -E '^#[0-9]+.*(DONE|cov:)' "$log" | tail -n 1 |
	    sed -E 's/.*(cov: [0-9]+).*(ft: [0-9]+).*(corp: [0-9]+).*/\1 \2 \3/')
	if [ "$rc" -eq 0 ]; then
		echo "$n: ${execs:-?} execs in ${t}s, $stats, PASS"
	else
		echo "$n: exit $rc after ${t}s, $stats, FAIL (inputs in $art)"
		grep -E 'ERROR|SUMMARY|Test unit written|runtime error' "$log" | head -n 10 | sed 's/^/# /'
		failed=1
	fi
done
exit $failed
