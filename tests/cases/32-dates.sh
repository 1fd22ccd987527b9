# Binding the verdict to the release (issue 15), part 2: signature dates
# against the release index (keys/electrum.releases, compiled in; the
# file ELECTRUM_VERIFY_RELEASES names instead). A signature made before
# the named release existed is NOT VERIFIED; a version newer than the
# index needs signatures newer than the newest indexed release's last
# one. The file signed is a Windows portable .exe, which carries no
# version in its content (tests/mkrelease.py pe --no-resource), so only
# the date can tell an old release renamed; erin signs in 2020 (faked
# time, while her key was valid), alice now.

R32=$T/rel32
mkdir -p "$R32"
TOMORROW=$(date -u -d @$(( $(date +%s) + 86400 )) +%Y-%m-%dT%H:%M:%SZ)
{
	python3 "$TESTS/mkrelease.py" pe 3.3.2 "$R32/old.exe" --no-resource &&
	fx_sign erin "$R32/old.exe.asc" "$R32/old.exe" -u "$FPR_erin!" --faked-system-time '20200601T000000!' &&
	fx_sign alice "$R32/now.exe.asc" "$R32/old.exe" -u "$FPR_alice!" &&
	for v in 4.8.1 3.3.4 3.3.2 9.0.0 9.1.0; do
		cp "$R32/old.exe" "$R32/electrum-$v-portable.exe" &&
		cp "$R32/old.exe.asc" "$R32/electrum-$v-portable.exe.asc" || exit 1
	done &&
	cp "$R32/now.exe.asc" "$R32/now.asc" &&
	# a source tarball whose content agrees with its name, signed in 2020
	mkdir -p "$R32/src/Electrum-4.8.1/electrum" &&
	printf "ELECTRUM_VERSION = '4.8.1'\n" > "$R32/src/Electrum-4.8.1/electrum/version.py" &&
	tar -C "$R32/src" -czf "$R32/Electrum-4.8.1.tar.gz" Electrum-4.8.1 &&
	fx_sign erin "$R32/Electrum-4.8.1.tar.gz.asc" "$R32/Electrum-4.8.1.tar.gz" -u "$FPR_erin!" \
	    --faked-system-time '20200601T000000!' &&
	printf '# test index\n4.8.1 2026-08-12T12:32:29Z 2026-08-12T12:59:12Z\n9.0.0 %s %s  # tomorrow\n' \
	    "$TOMORROW" "$TOMORROW" > "$R32/index" &&
	printf '# test index\n4.8.1 2026-08-12 2026-08-12\n' > "$R32/bad-index" &&
	printf '4.8.1 2026-08-12T12:59:12Z 2026-08-12T12:32:29Z\n' > "$R32/reversed-index" &&
	printf '4.8.1 2026-08-12T12:32:29Z 2026-08-12T12:59:12Z\n4.8.1 2026-08-12T12:32:29Z 2026-08-12T12:59:12Z\n' > "$R32/twice-index"
} > "$R32/make.log" 2>&1
report 'date fixtures: a portable exe signed in 2020 and now, test indexes' $? "$(cat "$R32/make.log")"

BUILTIN='keys/electrum\.releases \(built in\)'
before() { printf "%ssigned on 2020-06-01T00:00:00Z, before Electrum %s was released" "$(nok_line "$1")" "$(re "$2")"; }

# --- the built-in index ------------------------------------------------------------
t 'signed in 2020, named 4.8.1 (first signed 2026-08-12): NOT VERIFIED, before the release' 1 \
    "1:$(before electrum-4.8.1-portable.exe 4.8.1) \\(first signed on 2026-08-12T12:32:29Z, $BUILTIN\\)" \
    '^version: +4\.8\.1 \(from the file name only\)$' '^ +#1 +GOOD +counted +erin ' \
    -- @$R32 electrum-4.8.1-portable.exe
t 'signed in 2020, named 3.3.4 (first signed 2019-02-13): verified, the date said' 0 \
    "1:$(ok_line electrum-3.3.4-portable.exe 1 erin)" \
    "^dates: +Electrum 3\\.3\\.4 was first signed on 2019-02-13T22:44:30Z \\($BUILTIN\\)$" \
    -- @$R32 electrum-3.3.4-portable.exe
t 'named 3.3.2, not in the index: verified, the dates said unchecked' 0 \
    "1:$(ok_line electrum-3.3.2-portable.exe 1 erin)" \
    "^dates: +Electrum 3\\.3\\.2 is not in the release index \\($BUILTIN\\): its signature dates are not checked" \
    -- @$R32 electrum-3.3.2-portable.exe
t 'signed in 2020, named 9.0.0 (newer than the index): NOT VERIFIED' 1 \
    "1:$(before electrum-9.0.0-portable.exe 9.0.0): it is newer than Electrum 4\\.8\\.1, signed up to 2026-08-12T12:59:12Z" \
    -- @$R32 electrum-9.0.0-portable.exe
t 'signed now, named 9.0.0 (newer than the index): verified' 0 \
    "1:$(ok_line electrum-9.0.0-portable.exe 1 alice)" '^dates: +Electrum 9\.0\.0 is newer than the release index' \
    -- @$R32 --sig now.asc electrum-9.0.0-portable.exe
t 'content and name agree, signed before the release: NOT VERIFIED by the date' 1 \
    "1:$(before Electrum-4.8.1.tar.gz 4.8.1)" '^version: +4\.8\.1 \(from the content\)$' \
    -- @$R32 Electrum-4.8.1.tar.gz
t 'JSON: date_check and the reason' 1 \
    'json:.verdict == "not-verified" and .release.date_check == "indexed" and (.reason | test("before Electrum 4.8.1 was released"))' \
    -- @$R32 --json electrum-4.8.1-portable.exe
t 'JSON: date_check "not-indexed"' 0 'json:.verdict == "verified" and .release.date_check == "not-indexed"' \
    -- @$R32 --json electrum-3.3.2-portable.exe
t 'a file that is no release name: no date check' 0 "1:$(ok_line old.exe 1 erin)" '!^dates:' \
    -- @$R32 old.exe

# --- an index of one's own (ELECTRUM_VERIFY_RELEASES) ------------------------------
t 'own index: 9.0.0 released tomorrow, signed now: NOT VERIFIED' 1 \
    "1:$(nok_line electrum-9.0.0-portable.exe)signed on [-0-9T:]+Z, before Electrum 9\\.0\\.0 was released \\(first signed on $TOMORROW, $(re "$R32/index")\\)" \
    -- @$R32 ELECTRUM_VERIFY_RELEASES=$R32/index --sig now.asc electrum-9.0.0-portable.exe
t 'own index: 9.1.0 newer than its newest (9.0.0, tomorrow), signed now: NOT VERIFIED' 1 \
    "1:$(nok_line electrum-9.1.0-portable.exe)signed on .*before Electrum 9\\.1\\.0 was released: it is newer than Electrum 9\\.0\\.0" \
    -- @$R32 ELECTRUM_VERIFY_RELEASES=$R32/index --sig now.asc electrum-9.1.0-portable.exe
t 'own index: 4.8.1 signed now: verified' 0 "1:$(ok_line electrum-4.8.1-portable.exe 1 alice)" \
    "^dates: +Electrum 4\\.8\\.1 was first signed on 2026-08-12T12:32:29Z \\($(re "$R32/index")\\)$" \
    -- @$R32 ELECTRUM_VERIFY_RELEASES=$R32/index --sig now.asc electrum-4.8.1-portable.exe
t 'own index with dates but no times: could not check, FILE:LINE named' 2 '!^VERIFIED' \
    "err:^electrum-verify: $(re "$R32/bad-index"):2: not 'VERSION EARLIEST LATEST'" \
    -- @$R32 ELECTRUM_VERIFY_RELEASES=$R32/bad-index --sig now.asc electrum-4.8.1-portable.exe
t 'own index with the latest before the earliest: could not check' 2 \
    "err:$(re "$R32/reversed-index"):1: not 'VERSION EARLIEST LATEST'" \
    -- @$R32 ELECTRUM_VERIFY_RELEASES=$R32/reversed-index --sig now.asc electrum-4.8.1-portable.exe
t 'own index with a version twice: could not check' 2 \
    "err:$(re "$R32/twice-index"):2: version 4\\.8\\.1 given twice" \
    -- @$R32 ELECTRUM_VERIFY_RELEASES=$R32/twice-index --sig now.asc electrum-4.8.1-portable.exe
t 'own index missing: could not check' 2 "err:cannot open '$(re "$R32")/none'" \
    -- @$R32 ELECTRUM_VERIFY_RELEASES=$R32/none --sig now.asc electrum-4.8.1-portable.exe

# --- the index in the tree is what its script makes of the real signatures ---------
if [ -d "$SHARED/signatures" ]; then
	python3 "$ROOT/keys/mkreleases.py" "$SHARED/signatures" > "$R32/regen" 2> "$R32/regen.err"
	cmp -s "$R32/regen" "$ROOT/keys/electrum.releases"
	report 'keys/electrum.releases = keys/mkreleases.py over the real signatures' $? \
	    "$(diff "$R32/regen" "$ROOT/keys/electrum.releases" | head -n 20)" "$(cat "$R32/regen.err")"
fi
