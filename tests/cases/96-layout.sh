# The layout README.md's Layout section describes (tests/layout.py): one
# folder per layer, dependencies pointing downward, no include circle,
# private headers guarded, GPGME only in the OpenPGP engine. The checker
# itself must catch a violation: a copy of the tree with one upward
# include, one circle and a GPGME call in the policy fails it.

layout_cases() {
	local line name
	while IFS= read -r line; do
		case $line in
		'ok '*) report "layout: ${line#ok }" 0 ;;
		'not ok '*)
			name=${line#not ok }
			report "layout: ${name%%: *}" 1 "${name#*: }" ;;
		esac
	done
}

python3 "$ROOT/tests/layout.py" "$ROOT" > "$T/layout.out" 2>&1
layout_cases < "$T/layout.out"
[ -s "$T/layout.out" ] || report 'layout: the checker ran' 1 "no output from tests/layout.py"

L=$T/layout-bad
mkdir -p "$L"
cp -r "$ROOT/verify" "$ROOT/README.md" "$L/"
printf '#include "walk/arc.h"\n' >> "$L/verify/base/err.c"
printf '#include "base/hash.h"\n' >> "$L/verify/base/err.h"
printf 'static void f(void) { gpgme_check_version(0); }\n' >> "$L/verify/trust/policy.c"
python3 "$ROOT/tests/layout.py" "$L" > "$T/layout-bad.out" 2>&1
if grep -q '^not ok dependencies point downward.*base/err.c includes walk/arc.h' "$T/layout-bad.out" &&
    grep -q '^not ok no include circle between headers' "$T/layout-bad.out" &&
    grep -q '^not ok GPGME only in the OpenPGP engine.*trust/policy.c' "$T/layout-bad.out"; then
	report 'layout: the checker catches an upward include, a circle, GPGME outside the engine' 0
else
	report 'layout: the checker catches an upward include, a circle, GPGME outside the engine' 1 "$(cat "$T/layout-bad.out")"
fi
