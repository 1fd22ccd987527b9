# The desktop helper electrum-verify-gui, run under Xvfb (xvfb-run) with
# its test hook: ELECTRUM_VERIFY_GUI_TEST=DIR makes it write, once the
# check is done (or an offer is shown), DIR/widgets.txt (one line per
# visible widget: type, accessible role, accessible label, text) and
# DIR/screenshot.png, then exit 0 genuine, 1 NOT genuine, 2 could not
# check, 3 nothing checked. The verdict is asserted on widgets.txt, and
# every screenshot is kept as $GUI_SHOTS/CASE.png (make passes
# $(BUILD)/gui-screenshots; default build/gui-screenshots; emptied of
# pictures here first) for a person to look at.
#
#   [GUI_DURING=CMD] g NAME EXIT CHECK... -- [@DIR] [VAR=VALUE | -VAR ...] ARGS...
#
# runs "electrum-verify-gui ARGS..." like t does the CLI (clean
# environment: BASE_ENV plus GUI_ENV), with the checks of t applied to
# widgets.txt as stdout; a real PNG is required as well. With GUI_DURING
# (and ELECTRUM_VERIFY_GUI_TEST_BUSY=hold among the words), CMD is run
# (eval, $GUI_PID set) once the program wrote busy-widgets.txt: the check
# is then running; without a final widgets.txt (ended by a signal), the
# busy one is checked. ELECTRUM_VERIFY_GUI_TEST_EXPAND=1 opens every
# expander for the picture (a closed one's child is not in the widget
# tree, so not in widgets.txt). GUI_SCREEN=WxH (default 1280x1024) sets
# the size of the X screen; fits (below) reads DIR/layout.txt, the
# window's size and where each labelled widget lies. Without xvfb-run (packages xvfb, xauth) the cases
# fail: CI installs it.

EVGUI=${EVGUI:-$ROOT/electrum-verify-gui}
case $EVGUI in /*) ;; *) EVGUI=$PWD/$EVGUI ;; esac
GUI_SHOTS=${GUI_SHOTS:-$ROOT/build/gui-screenshots}
case $GUI_SHOTS in /*) ;; *) GUI_SHOTS=$ROOT/$GUI_SHOTS ;; esac
mkdir -p "$GUI_SHOTS" && rm -f "$GUI_SHOTS"/*.png
GUI_TIMEOUT=${GUI_TIMEOUT:-90}
G=$T/gui
GUI_ENV=(
	ELECTRUM_VERIFY_HOME=$G/store
	GDK_BACKEND=x11
	GSK_RENDERER=cairo
	GDK_DEBUG=gl-disable:vulkan-disable:default-settings
	LIBGL_ALWAYS_SOFTWARE=1
	GTK_A11Y=test
	NO_AT_BRIDGE=1
	DBUS_SESSION_BUS_ADDRESS=disabled:
	GSETTINGS_BACKEND=memory
)

V_OK='Genuine Electrum release'
V_SIGNED='Genuine: signed by the Electrum developers'
V_BAD='NOT genuine — do not run it'
V_CANNOT='Could not check'
V_MISNAMED='Signed by the Electrum developers, but not what its name says'

# A check "verdict=TITLE:ICON" (expanded by g) asserts the verdict box by
# its accessible label, the icon by its accessible label and name, and the
# big title label.
verdict_checks() {
	local title=${1%:*} icon=${1##*:}
	VCHECKS=("^ +GtkBox role=group a11y=\"Verdict: $(re "$title")\"" \
	    "^ +GtkImage role=img a11y=\"$(re "$title")\" icon=\"$icon\"" \
	    "^ +GtkLabel role=label text=\"$(re "$title")\"\$")
}
# reason RE: the line under the verdict (the label after the title).
reason() { printf '^ +GtkLabel role=label text="%s' "$1"; }
# button TEXT: a visible button.
button() { printf '^ +GtkButton role=button( a11y="[^"]*")? text="%s"' "$(re "$1")"; }
# png_ok FILE: a non-empty PNG of a plausible size.
png_ok() {
	[ -s "$1" ] && [ "$(head -c 8 "$1" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] &&
	    [ "$(wc -c < "$1")" -gt 2000 ]
}

# fits W H RE...: layout.txt (gui_shot_layout) says that the window and
# its minimum size are within W x H, that the content's minimum width is
# within the scrolled view, and that a widget labelled by each RE (its
# quoted label or button text, whole) lies wholly inside the view as
# first shown: seen without scrolling, none of it clipped.
fits() {
	local w=$1 h=$2
	shift 2
	[ -s "$LAYOUT" ] || { echo "no $LAYOUT"; return 1; }
	awk -v W="$w" -v H="$h" -v res="$(printf '%s\n' "$@")" '
	BEGIN { n = split(res, want, "\n") - 1 }
	NR == 1 { if ($1 != "window" || $2 > W || $3 > H || $5 > W || $6 > H) {
		print "too large for " W "x" H ": " $0; bad = 1 } }
	NR == 2 { vw = $2; vh = $3
		if ($1 != "view" || $5 > vw) { print "content wider than the view: " $0; bad = 1 } }
	NR > 2 { q = $0; sub(/^[^"]*"/, "", q); sub(/" -?[0-9]+ -?[0-9]+ [0-9]+ [0-9]+$/, "", q)
		for (i = 1; i <= n; i++) if (q ~ ("^" want[i] "$")) {
			seen[i] = 1
			if ($(NF-3) < 0 || $(NF-2) < 0 || $(NF-3) + $(NF-1) > vw || $(NF-2) + $NF > vh) {
				print "not wholly in the " vw "x" vh " view: " $0; bad = 1 } } }
	END { for (i = 1; i <= n; i++) if (!seen[i]) { print "no widget labelled " want[i]; bad = 1 }
		exit bad }' "$LAYOUT"
}

gui_ready() {
	GUI_WHY=''
	if [ ! -x "$EVGUI" ]; then
		GUI_WHY="$EVGUI not found or not executable (run make)"
	elif ! command -v xvfb-run > /dev/null 2>&1 || ! command -v xauth > /dev/null 2>&1; then
		GUI_WHY='xvfb-run or xauth not found: install the Debian packages xvfb and xauth'
	fi
	[ -z "$GUI_WHY" ]
}

# desc_pid ROOT PROGRAM: the process id of PROGRAM (a path) among the
# descendants of ROOT.
desc_pid() {
	local p c want queue=("$1")
	want=$(readlink -f "$2")
	while [ ${#queue[@]} -gt 0 ]; do
		p=${queue[0]}
		queue=("${queue[@]:1}")
		[ "$(readlink "/proc/$p/exe" 2>/dev/null)" = "$want" ] &&
		    { printf '%s\n' "$p"; return 0; }
		for c in $(pgrep -P "$p"); do queue+=("$c"); done
	done
	return 1
}

# gui_pid ROOT: the process id of the GUI among the descendants of ROOT.
gui_pid() { desc_pid "$1" "$EVGUI"; }

# gui_during DIR PID CMD: once DIR/busy-widgets.txt is there (while the
# run PID lasts), CMD with GUI_PID set (and GUI_RUN, the run's PID).
gui_during() {
	local dir=$1 pid=$2 cmd=$3 n=0
	while [ ! -s "$dir/busy-widgets.txt" ] && kill -0 "$pid" 2> /dev/null &&
	    [ "$n" -lt $((GUI_TIMEOUT * 10)) ]; do
		sleep 0.1
		n=$((n + 1))
	done
	[ -s "$dir/busy-widgets.txt" ] || return 0
	GUI_PID=$(gui_pid "$pid") || return 0
	GUI_RUN=$pid
	eval "$cmd"
}

# run_gui NAME: run as prepared by prep_run, under Xvfb, with the hook
# (and GUI_DURING while it runs).
run_gui() {
	local name=$1 dir pid
	dir=$G/out/$(printf '%s' "$name" | tr -c 'A-Za-z0-9_-' '-')
	rm -rf "$dir"
	mkdir -p "$dir"
	OUT=$dir/widgets.txt
	ERR=$dir/stderr
	CMDLINE="cd $(printf '%q' "$RUN_DIR") && env -i $(quote "${RUN_ENV[@]}" ELECTRUM_VERIFY_GUI_TEST="$dir") xvfb-run -a $(quote "$EVGUI" "${RUN_ARGS[@]}")"
	# xvfb-run itself may fail when runs race for a display or its
	# clean-up (the X server's SIGUSR1 after its last client leaves can
	# make dash take a clean-up step that succeeded for a failure: then
	# xvfb-run exits 5 "problem while cleaning up temporary directory"
	# and leaves the X server running): then the run is repeated (twice
	# at the most)
	local try
	for try in 1 2 3; do
		# (nothing of an earlier try: GUI_DURING waits for a new
		# busy-widgets.txt, and the checks read these)
		rm -f "$dir"/busy-widgets.txt "$dir"/busy-screenshot.png "$dir/screenshot.png"
		: > "$OUT"
		(
			cd "$RUN_DIR" || exit 125
			exec timeout -k 5 "$GUI_TIMEOUT" env -i "${RUN_ENV[@]}" \
			    ELECTRUM_VERIFY_GUI_TEST="$dir" \
			    xvfb-run -a -s "-screen 0 ${GUI_SCREEN:-1280x1024}x24 -nolisten tcp" \
			    "$EVGUI" "${RUN_ARGS[@]}"
		) > "$dir/stdout" 2> "$ERR" < /dev/null &
		pid=$!
		[ -z "${GUI_DURING:-}" ] || gui_during "$dir" "$pid" "$GUI_DURING"
		wait "$pid"
		RC=$?
		grep -q '^xvfb-run: error:' "$ERR" || break
		cp "$ERR" "$dir/xvfb-run-error.$try"
	done
	SHOT=$dir/screenshot.png
	LAYOUT=$dir/layout.txt
	if [ ! -s "$OUT" ] && [ -s "$dir/busy-widgets.txt" ]; then
		OUT=$dir/busy-widgets.txt
		SHOT=$dir/busy-screenshot.png
	fi
	mkdir -p "$GUI_SHOTS"
	[ -s "$dir/screenshot.png" ] && cp "$dir/screenshot.png" "$GUI_SHOTS/${dir##*/}.png"
	[ -s "$dir/busy-screenshot.png" ] && cp "$dir/busy-screenshot.png" "$GUI_SHOTS/${dir##*/}-busy.png"
	return 0
}

g() {
	local name=$1 want=$2
	shift 2
	local checks=()
	while [ $# -gt 0 ] && [ "$1" != -- ]; do
		if [[ $1 == verdict=* ]]; then
			verdict_checks "${1#verdict=}"
			checks+=("${VCHECKS[@]}")
		else
			checks+=("$1")
		fi
		shift
	done
	if [ $# -eq 0 ] || [ ${#checks[@]} -eq 0 ]; then
		report "gui: $name" 1 "bad case: it needs checks, then '--' and the arguments"
		return
	fi
	shift
	if ! gui_ready; then
		report "gui: $name" 1 "$GUI_WHY"
		return
	fi
	prep_run "${GUI_ENV[@]}" "$@"
	run_gui "$name"
	check_result "gui: $name" "$want" "${checks[@]}" 'sh:png_ok "$SHOT"' \
	    '!err:CRITICAL'
}

# --- the files the cases open ----------------------------------------------
mkdir -p "$G"/good "$G"/hostile "$G"/bad "$G"/unknown "$G"/nosig "$G"/orphan "$G"/big \
    "$G"/odd "$G"/per "$G/src/Electrum-4.6.2/electrum" "$G/out" "$G/run" "$G"/ext \
    "$G"/rel "$G"/many "$G"/cyr "$G"/big2 "$G"/sigtmp "$G"/xtmp
chmod 700 "$G/run"
printf 'print("hello")\n' > "$G/src/Electrum-4.6.2/electrum/__init__.py"
printf 'Electrum 4.6.2\n' > "$G/src/Electrum-4.6.2/README.md"
tar -C "$G/src" --owner=0 --group=0 --numeric-owner --mtime=@1700000000 \
    -czf "$G/good/Electrum-4.6.2.tar.gz" Electrum-4.6.2
fx_sign alice "$G/good/Electrum-4.6.2.tar.gz.asc" "$G/good/Electrum-4.6.2.tar.gz" -u "$FPR_alice!"
# the same signed tarball renamed to a newer release (issue 15)
mkdir -p "$G/renamed"
cp "$G/good/Electrum-4.6.2.tar.gz" "$G/renamed/Electrum-4.8.1.tar.gz"
cp "$G/good/Electrum-4.6.2.tar.gz.asc" "$G/renamed/Electrum-4.8.1.tar.gz.asc"
fx_stop_agents
# a signed tarball with hostile entries: a path leaving the directory and
# a duplicate (python's tarfile writes what GNU tar would refuse)
python3 - "$G/hostile/Electrum-4.6.2.tar.gz" <<'PY' || report 'gui: hostile tarball made' 1 'python3 failed'
import io, sys, tarfile
with tarfile.open(sys.argv[1], "w:gz") as t:
    for name, data in (("Electrum-4.6.2/README.md", b"Electrum\n"),
                       ("../evil.sh", b"#!/bin/sh\necho pwned\n"),
                       ("Electrum-4.6.2/run_electrum", b"one\n"),
                       ("Electrum-4.6.2/run_electrum", b"two\n")):
        i = tarfile.TarInfo(name)
        i.size, i.mtime, i.mode = len(data), 1700000000, 0o755
        t.addfile(i, io.BytesIO(data))
PY
fx_sign alice "$G/hostile/Electrum-4.6.2.tar.gz.asc" "$G/hostile/Electrum-4.6.2.tar.gz" -u "$FPR_alice!"
fx_stop_agents
# more entries than the window lists (5000), the one hostile entry last
python3 - "$G/many/Electrum-4.6.2.tar.gz" <<'PY' || report 'gui: long tarball made' 1 'python3 failed'
import io, sys, tarfile
with tarfile.open(sys.argv[1], "w:gz", compresslevel=1) as t:
    names = ["Electrum-4.6.2/f%04d" % i for i in range(5100)] + ["../evil.sh"]
    for name in names:
        i = tarfile.TarInfo(name)
        i.size, i.mtime, i.mode = 1, 1700000000, 0o644
        t.addfile(i, io.BytesIO(b"x"))
PY
fx_sign alice "$G/many/Electrum-4.6.2.tar.gz.asc" "$G/many/Electrum-4.6.2.tar.gz" -u "$FPR_alice!"
fx_stop_agents
TGZ_SHA=$(sha256sum "$G/good/Electrum-4.6.2.tar.gz" | cut -d' ' -f1)
cp "$FX/tampered.bin" "$G/bad/data.bin"
cp "$FX/sig/alice.asc" "$G/bad/data.bin.asc"
cp "$FX/data.bin" "$G/unknown/data.bin"
cp "$FX/sig/eve.asc" "$G/unknown/data.bin.asc"
cp "$FX/data.bin" "$G/nosig/data.bin"
cp "$FX/sig/alice.asc" "$G/orphan/data.bin.asc"
cp "$FX/data.bin" "$G/per/data.bin"
cp "$FX/sig/alice.asc" "$G/per/data.bin.alice.asc"
cp "$FX/sig/bob.asc" "$G/per/data.bin.bob.asc"
truncate -s 1G "$G/big/data.bin"
cp "$FX/sig/alice.asc" "$G/big/data.bin.asc"
ODD="$G/odd/odd"$'\n'"name"$'\xe2\x80\xae'"nib.exe"
cp "$FX/data.bin" "$ODD"
cp "$FX/sig/alice.asc" "$ODD.asc"
# X.tar beside X.tar.gz.asc: "gz" is no signer, the .tar is not what
# the signature is for
cp "$FX/data.bin" "$G/ext/Electrum-4.6.2.tar"
cp "$FX/sig/alice.asc" "$G/ext/Electrum-4.6.2.tar.gz.asc"
# a release name on other content
cp "$FX/data.bin" "$G/rel/electrum-4.6.2-x86_64.AppImage"
cp "$FX/sig/alice.asc" "$G/rel/electrum-4.6.2-x86_64.AppImage.asc"
# names in Cyrillic (UTF-8)
CYR="$G/cyr/Зеркало.bin"
cp "$FX/data.bin" "$CYR"
cp "$FX/sig/alice.asc" "$CYR.asc"
cp "$FX/data.bin" "$G/cyr/Файл.bin"
truncate -s 1G "$G/big2/data.bin"
cp "$FX/sig/alice.asc" "$G/big2/data.bin.asc"
# a tiny AppImage of a release name: an ELF marked "AI\2" at offset 8
# (gcc puts its section headers last: the squashfs starts right after),
# then a squashfs image
mkdir -p "$G/app/tree/usr/bin" "$G/appimg"
printf 'int main(void) { return 0; }\n' > "$G/app/rt.c"
printf '#!/bin/sh\necho electrum\n' > "$G/app/tree/usr/bin/electrum"
chmod 755 "$G/app/tree/usr/bin/electrum"
ln -sf usr/bin/electrum "$G/app/tree/AppRun"
APPIMG=$G/appimg/electrum-4.6.2-x86_64.AppImage
if gcc -O2 -o "$G/app/rt" "$G/app/rt.c" &&
    printf 'AI\002' | dd of="$G/app/rt" bs=1 seek=8 conv=notrunc 2> /dev/null &&
    mksquashfs "$G/app/tree" "$G/app/img" -quiet -noappend -all-root -no-progress > /dev/null &&
    cat "$G/app/rt" "$G/app/img" > "$APPIMG"; then
	fx_sign alice "$APPIMG.asc" "$APPIMG" -u "$FPR_alice!"
	fx_stop_agents
else
	report 'gui: AppImage made (gcc, mksquashfs)' 1 'gcc or mksquashfs failed'
fi
# a small disk image of a release name (tests/mkdmg.py), signed
DMG=$G/dmg/electrum-4.6.2.dmg
mkdir -p "$G/dmg"
if python3 "$TESTS/mkdmg.py" image "$DMG" small; then
	fx_sign alice "$DMG.asc" "$DMG" -u "$FPR_alice!"
	fx_stop_agents
else
	report 'gui: disk image made (tests/mkdmg.py)' 1 'mkdmg.py failed'
fi
# pins of alice and bob only: every pinned signer has a key in the store
grep -E '^(alice|bob) ' "$FX/pins" > "$G/pins-ab"
# the key store of the cases: alice and bob, imported with the CLI
prep_run ELECTRUM_VERIFY_HOME="$G/store" keys import "$FX/keys/alice.asc" "$FX/keys/bob.asc"
run_ev
check_result 'gui: key store for the GUI cases (CLI keys import)' 0 "$(imp alice)" "$(imp bob)"

# --- the verdicts ------------------------------------------------------------
WHEN='[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2} UTC'
g 'genuine tarball: verdict, signer and date, SHA-256 with copy button' 0 \
    "verdict=$V_OK:emblem-ok-symbolic" \
    "$(reason "Electrum 4\\.6\\.2 \\(source tarball\\), signed by the Electrum developer alice on $WHEN\\.\"")" \
    "text=\"$TGZ_SHA\"" "$(button Copy)" 'a11y="Copy SHA-256"' \
    '^ +GtkImage role=img a11y="Good" icon="emblem-ok-symbolic"' 'text="alice"' \
    'text="Electrum 4\.6\.2, source tarball; version 4\.6\.2 \(from the content\)"' 'text="Valid signatures by Electrum developers: 1 \(1 needed\)"' \
    "!$(button 'Choose signature…')" '!pinned' \
    -- "$G/good/Electrum-4.6.2.tar.gz"
g 'genuine tarball: files inside listed in an expander' 0 \
    "verdict=$V_OK:emblem-ok-symbolic" \
    '^ +GtkExpander .*expanded=0' 'text="Files inside \(tar\.gz, [0-9]+ entries\)"' \
    -- "$G/good/Electrum-4.6.2.tar.gz"
g 'hostile entries: listed at once, first, marked, with a warning' 0 \
    "verdict=$V_OK:emblem-ok-symbolic" '^ +GtkExpander .*expanded=1' \
    'text="Files inside \(tar\.gz, [0-9]+ entries\) — WARNING: suspicious entries' \
    'GtkTextView role=text-box a11y="Files inside" lines=[0-9]+ text="\(the 3 suspicious entries first\)\\n[^"]*\.\./evil\.sh  \[dotdot' \
    'GtkTextView .*run_electrum  \[duplicate' -- "$G/hostile/Electrum-4.6.2.tar.gz"
g 'a hostile entry after 5000 others: listed first, the rest counted' 0 \
    "verdict=$V_OK:emblem-ok-symbolic" '^ +GtkExpander .*expanded=1' \
    'text="Files inside \(tar\.gz, 5101 entries\) — WARNING' \
    'GtkTextView .*text="\(the 1 suspicious entry first\)\\n[^"]*\.\./evil\.sh  \[dotdot' \
    'GtkTextView .*… 101 more entries not listed here \(0 of them suspicious\)' \
    -- "$G/many/Electrum-4.6.2.tar.gz"
g 'opened as its .asc: the file beside it is checked' 0 \
    "verdict=$V_OK:emblem-ok-symbolic" "text=\"$(re "$G/good/Electrum-4.6.2.tar.gz")\"\$" \
    "text=\"$TGZ_SHA\"" -- "$G/good/Electrum-4.6.2.tar.gz.asc"
g 'opened as FILE.SIGNER.asc: every signer file beside it is read; no release name, no release claimed' 0 \
    "verdict=$V_SIGNED:emblem-ok-symbolic" \
    "$(reason "Signed by 2 Electrum developers \\(alice, bob\\) on $WHEN\\. The file name is not that of an Electrum release")" \
    'text="alice"' 'text="bob"' "!$V_OK" -- "$G/per/data.bin.bob.asc"
g 'opened as X.tar.gz.asc beside X.tar: "gz" is no signer, the .tar is not checked' 2 \
    "verdict=$V_CANNOT:dialog-warning-symbolic" \
    "$(reason "'Electrum-4\\.6\\.2\\.tar\\.gz\\.asc' is a signature, but the file it signs is not beside it \\(looked for 'Electrum-4\\.6\\.2\\.tar\\.gz'\\)")" \
    "$(button 'Choose the signed file…')" '!Electrum-4\.6\.2\.tar"' '!NOT genuine' \
    -- "$G/ext/Electrum-4.6.2.tar.gz.asc"
g 'X.tar opened with only X.tar.gz.asc beside it: no signature found' 2 \
    "verdict=$V_CANNOT:dialog-warning-symbolic" "$(reason 'No signature found')" \
    "$(button 'Choose signature…')" -- "$G/ext/Electrum-4.6.2.tar"
g 'release name on other content: signed, but not what its name says: NOT genuine, exit 1' 1 \
    "verdict=$V_MISNAMED:dialog-error-symbolic" "!$V_OK" "!$V_SIGNED" \
    "$(reason "Signed by the Electrum developer alice on $WHEN\\. But the name says Electrum 4\\.6\\.2 \\(Linux x86_64 AppImage\\) and the content is not that \\(content type: unknown\\): the file is not what its name says\\. Do not run it as that release\\.\"")" \
    'text="unknown — WARNING: the name says AppImage"' \
    -- "$G/rel/electrum-4.6.2-x86_64.AppImage"
g 'an old release renamed to a newer one: NOT genuine, the real version named' 1 \
    "verdict=$V_BAD:dialog-error-symbolic" "!$V_OK" \
    "$(reason "Signed by the Electrum developers, but not the release its name says: the name says Electrum 4\\.8\\.1 but the content is Electrum 4\\.6\\.2")" \
    'text="Electrum 4\.8\.1, source tarball; version 4\.6\.2 \(from the content\)"' \
    -- "$G/renamed/Electrum-4.8.1.tar.gz"
# a key store that verified Electrum 9.9.9 source tarballs before (issue 15)
rm -rf "$G/store-rb" && cp -a "$G/store" "$G/store-rb" &&
    printf 'source-tarball 9.9.9 1700000000\n' > "$G/store-rb/releases.seen"
g 'an older release than one verified before: genuine (as the CLI says), the newer one named' 0 \
    "verdict=Genuine, but older than a release checked before:emblem-ok-symbolic" "!$V_OK" \
    "$(reason "Electrum 4\\.6\\.2 \\(source tarball\\), signed by the Electrum developer alice on $WHEN\\. But Electrum 9\\.9\\.9 was verified here on 2023-11-14 22:13 UTC: this is an older release\\.")" \
    -- ELECTRUM_VERIFY_HOME="$G/store-rb" "$G/good/Electrum-4.6.2.tar.gz"
g 'genuine AppImage: its files listed in the expander' 0 \
    "verdict=$V_OK:emblem-ok-symbolic" \
    "$(reason "Electrum 4\\.6\\.2 \\(Linux x86_64 AppImage\\), signed by the Electrum developer alice on $WHEN\\.\"")" \
    'text="Files inside \(AppImage, [0-9]+ entries\)"' \
    '^ +GtkExpander .*expanded=1' \
    'GtkTextView role=text-box a11y="Files inside" .*text="[^"]*AppRun[^"]*usr/bin/electrum' \
    -- ELECTRUM_VERIFY_GUI_TEST_EXPAND=1 "$APPIMG"
g 'genuine disk image: the files of its volume listed in the expander' 0 \
    "verdict=$V_OK:emblem-ok-symbolic" \
    'text="Files inside \(dmg, [0-9]+ entries\)"' \
    'GtkTextView role=text-box a11y="Files inside" .*text="[^"]*a/f[^"]*h1' \
    -- ELECTRUM_VERIFY_GUI_TEST_EXPAND=1 "$DMG"
g 'tampered file: NOT genuine, BAD signature from alice' 1 \
    "verdict=$V_BAD:dialog-error-symbolic" "$(reason 'BAD signature from alice')" \
    '^ +GtkImage role=img a11y="BAD: does not match the file" icon="dialog-error-symbolic"' \
    "!$(button 'Import key files…')" \
    '^ +GtkLabel role=label a11y="What to do now" text="What to do now:\\n• Delete this file\. Do not run or open it\.\\n• Download Electrum only from https://electrum\.org\.\\n• Check the address in your browser before you download: exactly electrum\.org, not a look-alike name\.' \
    -- "$G/bad/data.bin"
g 'genuine: no advice to delete the file' 0 \
    "verdict=$V_OK:emblem-ok-symbolic" '!What to do now' '!Delete this file' -- "$G/good/Electrum-4.6.2.tar.gz"
# The window on a 1024x600 screen: it and its minimum size fit, and the
# verdict with what it says to do, and the offered buttons, are seen
# without scrolling (layout.txt; each picture is kept too)
GUI_SCREEN=1024x600 \
g '1024x600: NOT genuine: the verdict and what to do fit, unscrolled' 1 \
    "verdict=$V_BAD:dialog-error-symbolic" \
    "sh:fits 1024 600 'Verdict: $(re "$V_BAD")' 'What to do now'" -- "$G/bad/data.bin"
GUI_SCREEN=1024x600 \
g '1024x600: no signature: the verdict and the chooser button fit, unscrolled' 2 \
    "verdict=$V_CANNOT:dialog-warning-symbolic" \
    "sh:fits 1024 600 'Verdict: $V_CANNOT' 'Choose signature…'" -- "$G/nosig/data.bin"
GUI_SCREEN=1024x600 \
g '1024x600: a pinned signer'"'"'s key missing: the reason and the import button fit' 2 \
    "verdict=$V_CANNOT:dialog-warning-symbolic" \
    "sh:fits 1024 600 'Verdict: $V_CANNOT' 'Import key files…'" -- --sig "$FX/sig/ivan.asc" "$G/nosig/data.bin"
GUI_SCREEN=1024x600 \
g '1024x600: genuine AppImage, files listed: the verdict fits, the rest scrolls' 0 \
    "verdict=$V_OK:emblem-ok-symbolic" "sh:fits 1024 600 'Verdict: $V_OK'" \
    -- ELECTRUM_VERIFY_GUI_TEST_EXPAND=1 "$APPIMG"
# (an unknown key names no pinned signer, by its issuer fingerprint or key
# ID, nor one of their listed signing subkeys: not genuine, whatever keys
# are missing from the store)
g 'unknown key, some pinned keys not imported: NOT genuine, as the CLI says' 1 \
    "verdict=$V_BAD:dialog-error-symbolic" \
    "$(reason "The signature was made by a key that is not an Electrum developer's: this is not a genuine Electrum file\\.\"")" \
    'a11y="Unknown key"' 'text="unknown"' "!$(button 'Import key files…')" \
    -- "$G/unknown/data.bin"
g 'unknown signer, every pinned key in the store: no import offered' 1 \
    "verdict=$V_BAD:dialog-error-symbolic" "$(reason "The signature was made by a key that is not an Electrum developer's")" \
    "!$(button 'Import key files…')" -- ELECTRUM_VERIFY_PINS="$G/pins-ab" "$G/unknown/data.bin"
# Real data: only ThomasV's key at hand: the real pins with only his key
# bundled beside them (ELECTRUM_VERIFY_PINS, issue 11: the built-in pins
# come with every key), nothing stored; the 4.5.8 tag is signed by a subkey
# of sombernight's personal key, listed in the pins: could not check,
# sombernight named (the CLI says the same, exit 2)
if [ -d "$SHARED/signed-tags" ]; then
	mkdir -p "$G/tvpins/pubkeys"
	cp "$ROOT/keys/electrum.pins" "$G/tvpins/electrum.pins"
	cp "$SHARED/pubkeys/ThomasV.asc" "$G/tvpins/pubkeys/"
	g 'real: tag 4.5.8 (a subkey of sombernight) with only ThomasV'"'"'s key: could not check, sombernight named' 2 \
	    "verdict=$V_CANNOT:dialog-warning-symbolic" \
	    "$(reason "Signed with the key of sombernight, an Electrum developer, but that key is not imported yet\\.")" \
	    "$(button 'Import key files…')" '!NOT genuine' "!not an Electrum developer's" \
	    -- ELECTRUM_VERIFY_HOME="$G/tvstore" ELECTRUM_VERIFY_PINS="$G/tvpins/electrum.pins" "$SHARED/signed-tags/4.5.8.tag"
	g 'real: tag 4.5.8 with the built-in pins and nothing stored: genuine (bundled keys)' 0 \
	    "verdict=$V_SIGNED:emblem-ok-symbolic" "!$(button 'Import key files…')" \
	    -- ELECTRUM_VERIFY_HOME="$G/tvstore" -ELECTRUM_VERIFY_PINS "$SHARED/signed-tags/4.5.8.tag"
	# ThomasV's key binds its user IDs with SHA-1 self-signatures: a
	# note, kept in the closed details, not under the verdict
	g 'real: ThomasV.asc opened, import accepted: imported with the built-in pins' 0 \
	    '^ +GtkBox role=group a11y="Verdict: Key imported"' \
	    'text="imported the key of ThomasV \(6694D8DE7BE8EE5631BED9502BD5824B7F9470E6\)"' \
	    "sh:[ -s '$G/tvstore2/keys/6694D8DE7BE8EE5631BED9502BD5824B7F9470E6.pgp' ]" \
	    -- ELECTRUM_VERIFY_HOME="$G/tvstore2" -ELECTRUM_VERIFY_PINS ELECTRUM_VERIFY_GUI_TEST_CONFIRM=1 \
	    "$SHARED/pubkeys/ThomasV.asc"
	g 'real: tag 3.3.4 by ThomasV: genuine, the SHA-1 self-signature note not under the verdict' 0 \
	    "verdict=$V_SIGNED:emblem-ok-symbolic" 'text="ThomasV"' \
	    '^ +GtkExpander role=[a-z]+ expanded=0' 'text="Details \(1 note\)"' '!SHA-1' \
	    -- ELECTRUM_VERIFY_HOME="$G/tvstore" -ELECTRUM_VERIFY_PINS --sig "$SHARED/signed-tags/3.3.4.tag.asc" \
	    "$SHARED/signed-tags/3.3.4.tag"
	g 'real: tag 3.3.4 by ThomasV: the SHA-1 note in the details, opened' 0 \
	    "verdict=$V_SIGNED:emblem-ok-symbolic" '^ +GtkExpander role=[a-z]+ expanded=1' \
	    'a11y="Signature notes" text="Signature 1 \(ThomasV\): the key binds its user IDs or subkeys with SHA-1 self-signatures' \
	    -- ELECTRUM_VERIFY_GUI_TEST_EXPAND=1 ELECTRUM_VERIFY_HOME="$G/tvstore" -ELECTRUM_VERIFY_PINS \
	    --sig "$SHARED/signed-tags/3.3.4.tag.asc" "$SHARED/signed-tags/3.3.4.tag"
else
	report 'gui: real data present' 1 "missing: $SHARED/signed-tags"
fi
g 'missing signature: could not check, signature chooser offered' 2 \
    "verdict=$V_CANNOT:dialog-warning-symbolic" "$(reason 'No signature found')" \
    "$(button 'Choose signature…')" "!$(button 'Import key files…')" \
    -- "$G/nosig/data.bin"
g 'missing signature, then the chosen signature is checked' 0 \
    "verdict=$V_SIGNED:emblem-ok-symbolic" "text=\"$(re "$FX/sig/alice.asc")\"\$" \
    -- ELECTRUM_VERIFY_GUI_TEST_CHOOSE="$FX/sig/alice.asc" "$G/nosig/data.bin"
g 'a key file given as the signature: not a signature, chooser offered again' 2 \
    "verdict=$V_CANNOT:dialog-warning-symbolic" \
    "$(reason 'This is not a signature of the file: choose the signature \(\.asc\) downloaded with it\. In detail: malformed signature: .*public key')" \
    "$(button 'Choose signature…')" '!NOT genuine' -- --sig "$FX/keys/alice.asc" "$G/nosig/data.bin"
g 'a key file given as the signature, then the right one chosen' 0 \
    "verdict=$V_SIGNED:emblem-ok-symbolic" \
    -- ELECTRUM_VERIFY_GUI_TEST_CHOOSE="$FX/sig/alice.asc" --sig "$FX/keys/alice.asc" "$G/nosig/data.bin"
g 'junk given as the signature: not a signature' 2 \
    "verdict=$V_CANNOT:dialog-warning-symbolic" "$(reason 'This is not a signature of the file')" \
    "$(button 'Choose signature…')" -- --sig "$FX/sig/garbage.sig" "$G/nosig/data.bin"
g 'a file too large to be a signature: not a signature, chooser offered' 2 \
    "verdict=$V_CANNOT:dialog-warning-symbolic" "$(reason 'This is not a signature of the file: .*In detail: .*too large')" \
    "$(button 'Choose signature…')" -- --sig "$FX/sig/big.sig" "$G/nosig/data.bin"
g "pinned signer whose key is not imported (ivan): could not check, key import offered" 2 \
    "verdict=$V_CANNOT:dialog-warning-symbolic" "$(reason 'Signed with the key of ivan, an Electrum developer, but that key is not imported')" \
    "$(button 'Import key files…')" 'a11y="Key not imported"' 'text="ivan"' \
    'text="made by the key of pinned signer ivan, which is not at hand: use Import key files…"' \
    "!electrum-verify keys import" -- --sig "$FX/sig/ivan.asc" "$G/nosig/data.bin"
g 'empty key store: could not check, key import offered' 2 \
    "verdict=$V_CANNOT:dialog-warning-symbolic" "$(reason 'The keys of the Electrum developers are not imported')" \
    "$(button 'Import key files…')" -- ELECTRUM_VERIFY_HOME="$G/empty-store" "$G/good/Electrum-4.6.2.tar.gz"
g 'empty key store, then the chosen key files are imported and checked' 0 \
    "verdict=$V_OK:emblem-ok-symbolic" 'text="imported the key of alice \([0-9A-F]{40}\)\\nrefused .*not the key of a known Electrum developer' \
    -- ELECTRUM_VERIFY_HOME="$G/import-store" ELECTRUM_VERIFY_GUI_TEST_CHOOSE="$FX/keys/alice.asc:$FX/keys/eve.asc" \
    "$G/good/Electrum-4.6.2.tar.gz"
g 'a signature without its file: the signed file chooser offered' 2 \
    "verdict=$V_CANNOT:dialog-warning-symbolic" "$(reason "'data\\.bin\\.asc' is a signature, but the file it signs is not beside it")" \
    "$(button 'Choose the signed file…')" -- "$G/orphan/data.bin.asc"
g 'a signature without its file, then the chosen file is checked' 0 \
    "verdict=$V_SIGNED:emblem-ok-symbolic" -- ELECTRUM_VERIFY_GUI_TEST_CHOOSE="$FX/data.bin" "$G/orphan/data.bin.asc"
g 'file that does not exist: could not check, why' 2 \
    "verdict=$V_CANNOT:dialog-warning-symbolic" "$(reason "Cannot open '.*/nothing-here': No such file or directory")" \
    "err:^electrum-verify-gui: cannot open '.*/nothing-here': No such file or directory\$" -- "$G/nothing-here"
g 'a directory: audited as a release folder (91-gui-folder.sh), not read as a file' 0 \
    "verdict=Genuine Electrum release folder:emblem-ok-symbolic" \
    "$(reason 'Electrum 4\.6\.2: 1 release file, each verified')" '!is not a regular file' -- "$G/good"
g 'no FILE: a window offering to open one' 3 \
    '^ +GtkBox role=group a11y="Verdict: Check a downloaded Electrum file"' "$(button 'Open a file…')" \
    "$(button 'Open…')" --
g 'no FILE, then the chosen file is opened and checked' 0 \
    "verdict=$V_OK:emblem-ok-symbolic" -- ELECTRUM_VERIFY_GUI_TEST_CHOOSE="$G/good/Electrum-4.6.2.tar.gz"
g 'file that does not exist, empty key store: the file is the reason' 2 \
    "verdict=$V_CANNOT:dialog-warning-symbolic" "$(reason "Cannot open '.*/nothing-here'")" \
    "!$(button 'Import key files…')" -- ELECTRUM_VERIFY_HOME="$G/empty-store" "$G/nothing-here"
g 'cancel while hashing a large file: could not check, cancelled' 2 \
    "verdict=$V_CANNOT:dialog-warning-symbolic" "$(reason 'Cancelled')" "$(button 'Check again')" \
    -- ELECTRUM_VERIFY_GUI_TEST_CANCEL=1 "$G/big/data.bin"
g 'closing the window while hashing: progress and cancel button shown, then stopped' 3 \
    '^ +GtkBox role=group a11y="Verdict: Checking…"' \
    '^ +GtkProgressBar role=progress-bar a11y="Progress" text="Checking the signature: [0-9.]+.{1,2}[kM]B of 1\.1.{1,2}GB"' \
    "$(button Cancel)" -- ELECTRUM_VERIFY_GUI_TEST_BUSY=1 "$G/big/data.bin"
GUI_DURING='touch -m -d @1600000000 "$G/big2/data.bin"' \
g 'the file changes while it is checked: could not check, check again offered' 2 \
    "verdict=$V_CANNOT:dialog-warning-symbolic" "$(reason 'The file changed while it was being checked')" \
    "$(button 'Check again')" '!signatures by' -- ELECTRUM_VERIFY_GUI_TEST_BUSY=hold "$G/big2/data.bin"
for sig in TERM:143 INT:130; do
	# (SEEN: the private GnuPG home was there in TMPDIR while checking)
	SEEN=''
	GUI_DURING="SEEN=\$(ls \"\$G/sigtmp\"); kill -${sig%%:*} \"\$GUI_PID\"" \
	g "SIG${sig%%:*} while hashing: the window closes, the check is stopped, no temporary GnuPG home left" \
	    "${sig##*:}" '^ +GtkBox role=group a11y="Verdict: Checking…"' \
	    "err:^electrum-verify-gui: SIG${sig%%:*}: the check was cancelled\$" 'sh:! kill -0 "$GUI_PID"' \
	    'sh:[[ $SEEN == electrum-verify.* ]]' \
	    'sh:[ -z "$(find "$G/sigtmp" -mindepth 1 -maxdepth 1 -name "electrum-verify.*")" ]' \
	    -- ELECTRUM_VERIFY_GUI_TEST_BUSY=hold TMPDIR="$G/sigtmp" "$G/big/data.bin"
done
# The X server going away mid-check: GDK would end the program at once,
# skipping every clean-up; the check is still stopped and waited for, and
# no temporary GnuPG home is left. (The status is the program's 2, or 1
# from xvfb-run: its clean-up fails to stop the X server that is gone.)
SEEN=''
GUI_DURING='SEEN=$(ls "$G/xtmp"); kill -TERM "$(desc_pid "$GUI_RUN" "$(command -v Xvfb)")"' \
g 'the X server goes away while hashing: the check is stopped, no temporary GnuPG home left' '1|2' \
    '^ +GtkBox role=group a11y="Verdict: Checking…"' \
    'err:^electrum-verify-gui: lost the connection to the display: the check was cancelled$' \
    'sh:! kill -0 "$GUI_PID"' 'sh:[[ $SEEN == electrum-verify.* ]]' \
    'sh:[ -z "$(find "$G/xtmp" -mindepth 1 -maxdepth 1 -name "electrum-verify.*")" ]' \
    -- ELECTRUM_VERIFY_GUI_TEST_BUSY=hold TMPDIR="$G/xtmp" "$G/big/data.bin"
g 'hostile file name: newline and bidi override shown escaped' 0 \
    "verdict=$V_SIGNED:emblem-ok-symbolic" 'text="odd\\\\u\{000a\}name\\\\u\{202e\}nib\.exe"$' \
    -- "$ODD"
g 'a name in Cyrillic: shown as it is in the file and signature rows' 0 \
    "verdict=$V_SIGNED:emblem-ok-symbolic" "text=\"$(re "$CYR")\"\$" "text=\"$(re "$CYR.asc")\"\$" \
    '!\\\\x[0-9a-f]{2}' -- "$CYR"
g 'a name in Cyrillic in the reason: shown as it is' 2 \
    "verdict=$V_CANNOT:dialog-warning-symbolic" "$(reason "No signature found: looked for 'Файл\\.bin\\.asc'")" \
    '!\\\\x[0-9a-f]{2}' -- "$G/cyr/Файл.bin"

# --- key files opened, chosen, dropped ----------------------------------------------
# nokey DIR: the key store DIR holds no key
nokey() { [ -z "$(ls -A "$1/keys" 2>/dev/null)" ]; }
V_ASK='A public key: import it?'
g 'a public key opened: import offered, never called a signature, nothing imported yet' 3 \
    "^ +GtkBox role=group a11y=\"Verdict: $(re "$V_ASK")\"" \
    "$(reason "'alice\\.asc' holds an OpenPGP public key: it is not a download, and not a signature, so there is nothing in it to check\\. Import it into the key store\\?")" \
    "$(button 'Import this key')" "$(button 'Open a file…')" '!is a signature' '!Choose the signed file' \
    "sh:nokey '$G/ko-store'" "sh:fits 1024 600 'Verdict: A public key: import it[?]' 'Import this key'" \
    -- ELECTRUM_VERIFY_HOME="$G/ko-store" "$FX/keys/alice.asc"
g 'a public key opened, import accepted: the pinned key is imported' 0 \
    '^ +GtkBox role=group a11y="Verdict: Key imported"' "$(reason 'The key store now holds it')" \
    "text=\"imported the key of alice \\($FPR_alice\\)" "sh:[ -s '$G/ko-store/keys/$FPR_alice.pgp' ]" \
    -- ELECTRUM_VERIFY_HOME="$G/ko-store" ELECTRUM_VERIFY_GUI_TEST_CONFIRM=1 "$FX/keys/alice.asc"
g 'a binary public key opened: import offered too' 3 \
    "^ +GtkBox role=group a11y=\"Verdict: $(re "$V_ASK")\"" "$(button 'Import this key')" \
    -- ELECTRUM_VERIFY_HOME="$G/ko-store2" "$FX/keys/alice.gpg"
{ printf 'The key of bob, as published:\n\n'; cat "$FX/keys/bob.asc"; } > "$G/bob-text.asc"
g 'a public key with text before its armour: import offered too' 3 \
    "^ +GtkBox role=group a11y=\"Verdict: $(re "$V_ASK")\"" "$(button 'Import this key')" '!is a signature' \
    -- ELECTRUM_VERIFY_HOME="$G/ko-store2" "$G/bob-text.asc"
g 'a key that is not pinned, import accepted: refused, nothing stored' 2 \
    '^ +GtkBox role=group a11y="Verdict: Not imported: not a key of an Electrum developer"' \
    "text=\"refused .*\\($FPR_eve\\): not the key of a known Electrum developer" "sh:nokey '$G/ko-store3'" \
    -- ELECTRUM_VERIFY_HOME="$G/ko-store3" ELECTRUM_VERIFY_GUI_TEST_CONFIRM=1 "$FX/keys/eve.asc"
g 'the key chooser given a signature: refused with a plain message, nothing imported' 2 \
    "verdict=$V_CANNOT:dialog-warning-symbolic" \
    "text=\"'alice\\.asc' is a signature, not a key file: not imported\\. Choose the public key files of the Electrum developers" \
    "err:^electrum-verify-gui: 'alice\\.asc' is a signature, not a key file" "sh:nokey '$G/kc-store'" \
    -- ELECTRUM_VERIFY_HOME="$G/kc-store" ELECTRUM_VERIFY_GUI_TEST_CHOOSE="$FX/sig/alice.asc" \
    "$G/good/Electrum-4.6.2.tar.gz"
g 'the key chooser given a signature and a key: the key imported, the signature refused, then checked' 0 \
    "verdict=$V_OK:emblem-ok-symbolic" "text=\"'alice\\.asc' is a signature, not a key file" \
    -- ELECTRUM_VERIFY_HOME="$G/kc-store2" ELECTRUM_VERIFY_GUI_TEST_CHOOSE="$FX/sig/alice.asc:$FX/keys/alice.asc" \
    "$G/good/Electrum-4.6.2.tar.gz"
g 'a download dropped on the empty window: checked' 0 \
    "verdict=$V_OK:emblem-ok-symbolic" "text=\"$TGZ_SHA\"" \
    -- ELECTRUM_VERIFY_GUI_TEST_DROP="$G/good/Electrum-4.6.2.tar.gz"
g 'its .asc dropped: the download beside it checked' 0 \
    "verdict=$V_OK:emblem-ok-symbolic" "text=\"$TGZ_SHA\"" \
    -- ELECTRUM_VERIFY_GUI_TEST_DROP="$G/good/Electrum-4.6.2.tar.gz.asc"
g 'a download and a signature from elsewhere dropped together: checked with that signature' 0 \
    "verdict=$V_SIGNED:emblem-ok-symbolic" "text=\"$(re "$FX/sig/alice.asc")\"\$" \
    -- ELECTRUM_VERIFY_GUI_TEST_DROP="$FX/sig/alice.asc:$G/nosig/data.bin"
g 'a download dropped on a NOT genuine verdict: the new one checked' 0 \
    "verdict=$V_OK:emblem-ok-symbolic" '!What to do now' \
    -- ELECTRUM_VERIFY_GUI_TEST_DROP="$G/good/Electrum-4.6.2.tar.gz" "$G/bad/data.bin"
g 'a public key dropped: import offered' 3 \
    "^ +GtkBox role=group a11y=\"Verdict: $(re "$V_ASK")\"" "$(button 'Import this key')" \
    -- ELECTRUM_VERIFY_GUI_TEST_DROP="$FX/keys/bob.asc"
g 'three files dropped: one at a time, said plainly, nothing checked' 3 \
    'text="Drop one file at a time: a download, its signature, or a download together with its signature\."' \
    'err:^electrum-verify-gui: drop one file at a time' \
    -- ELECTRUM_VERIFY_GUI_TEST_DROP="$G/nosig/data.bin:$FX/sig/alice.asc:$FX/sig/bob.asc"

# --- "Update the developers' keys" (keys fetch), from a loopback server ------------
# tests/fetchsrv.py on 127.0.0.1 with a CA made here (tls_certs), given
# through the test hook; pins naming its addresses
GF=$G/fetch
mkdir -p "$GF/www"
cp "$FX/keys/alice.asc" "$FX/keys/eve.asc" "$GF/www/"
GF_PID=''
if tls_certs "$GF/tls" > "$GF/tls.log" 2>&1; then
	timeout -k 5 600 python3 "$TESTS/fetchsrv.py" "$GF/tls/srv.pem" "$GF/tls/srv.key" \
	    "$GF/www" "$GF/port" "$GF/requests.log" 590 > "$GF/fetchsrv.log" 2>&1 &
	GF_PID=$!
	for i in $(seq 100); do [ -s "$GF/port" ] && break; sleep 0.1; done
fi
GP=$(cat "$GF/port" 2>/dev/null)
if [ -n "$GP" ] && tcp_wait "$GP"; then
	GU=https://127.0.0.1:$GP
	GCA=(ELECTRUM_VERIFY_GUI_TEST_CAFILE="$GF/tls/ca.pem")
	printf 'alice %s %s\n' "$FPR_alice" "$GU/alice.asc" > "$GF/pins-ok"
	printf 'alice %s %s\nbob %s %s\n' "$FPR_alice" "$GU/alice.asc" "$FPR_bob" "$GU/eve.asc" > "$GF/pins-refused"
	printf 'alice %s %s\n' "$FPR_alice" "$GU/stall" > "$GF/pins-stall"
	g 'update keys (--update-keys, the menu'"'"'s action): the pinned key fetched and stored' 0 \
	    '^ +GtkBox role=group a11y="Verdict: The developers’ keys are up to date"' \
	    "$(reason '1 pinned key asked for at its published address: 1 updated, 0 already up to date, 0 refused, 0 could not be fetched\.')" \
	    "text=\"alice: updated \\($FPR_alice\\)\"" "sh:[ -s '$GF/s1/keys/$FPR_alice.pgp' ]" \
	    '^ +GtkMenuButton role=[a-z]+ a11y="Menu"' \
	    -- ELECTRUM_VERIFY_HOME="$GF/s1" ELECTRUM_VERIFY_PINS="$GF/pins-ok" "${GCA[@]}" --update-keys
	g 'update keys again: already up to date' 0 \
	    "text=\"alice: already up to date \\($FPR_alice\\)\"" \
	    -- ELECTRUM_VERIFY_HOME="$GF/s1" ELECTRUM_VERIFY_PINS="$GF/pins-ok" "${GCA[@]}" --update-keys
	g 'update keys: another key under a pinned name is refused and not stored' 2 \
	    '^ +GtkBox role=group a11y="Verdict: Some keys were refused"' \
	    "$(reason '2 pinned keys asked for at their published addresses: 1 updated, 0 already up to date, 1 refused, 0 could not be fetched\.')" \
	    "text=\"alice: updated \\($FPR_alice\\)\\\\nbob: refused: the file at '[^']*/eve\\.asc' holds key $FPR_eve, not the pinned $FPR_bob" \
	    "sh:[ ! -e '$GF/s2/keys/$FPR_bob.pgp' ] && [ ! -e '$GF/s2/keys/$FPR_eve.pgp' ]" \
	    -- ELECTRUM_VERIFY_HOME="$GF/s2" ELECTRUM_VERIFY_PINS="$GF/pins-refused" "${GCA[@]}" --update-keys
	g 'update keys without the CA that vouches for the server: could not, try again offered' 2 \
	    '^ +GtkBox role=group a11y="Verdict: Could not update every key"' \
	    'text="alice: could not be fetched: ' "$(button 'Update the developers’ keys')" "sh:nokey '$GF/s3'" \
	    -- ELECTRUM_VERIFY_HOME="$GF/s3" ELECTRUM_VERIFY_PINS="$GF/pins-ok" --update-keys
	g 'update keys: progress and cancel shown while a key is fetched' 3 \
	    '^ +GtkBox role=group a11y="Verdict: Updating the developers’ keys…"' \
	    '^ +GtkProgressBar role=progress-bar a11y="Progress" text="Fetching the developers’ keys: 0 of 1"' \
	    "$(button Cancel)" \
	    -- ELECTRUM_VERIFY_HOME="$GF/s4" ELECTRUM_VERIFY_PINS="$GF/pins-stall" "${GCA[@]}" \
	    ELECTRUM_VERIFY_GUI_TEST_BUSY=1 --update-keys
	g 'update keys: Cancel stops a stalled transfer, said so' 2 \
	    '^ +GtkBox role=group a11y="Verdict: Key update cancelled"' \
	    "$(reason 'Stopped: 1 pinned key asked for')" 'text="alice: could not be fetched: interrupted"' \
	    "$(button 'Update the developers’ keys')" "sh:nokey '$GF/s5'" "sh:grep -qx /stall '$GF/requests.log'" \
	    "sh:fits 1024 600 'Verdict: Key update cancelled' 'Update the developers’ keys'" \
	    -- ELECTRUM_VERIFY_HOME="$GF/s5" ELECTRUM_VERIFY_PINS="$GF/pins-stall" "${GCA[@]}" \
	    ELECTRUM_VERIFY_GUI_TEST_CANCEL=1 --update-keys
else
	report 'gui: the loopback HTTPS server for the key update' 1 \
	    "$(cat "$GF/tls.log" "$GF/fetchsrv.log" 2>/dev/null | tail -n 8)"
fi
[ -z "$GF_PID" ] || { kill "$GF_PID" 2>/dev/null; wait "$GF_PID" 2>/dev/null; }

# --- the command line ----------------------------------------------------------
EV_SAVED=$EV
EV=$EVGUI
t 'gui: --help' 0 '^usage: electrum-verify-gui ' 'ELECTRUM_VERIFY_GUI_TEST' -- --help
t 'gui: --version' 0 'lines=1' '^electrum-verify-gui [0-9]+\.[0-9]+\.[0-9]+$' -- --version
t 'gui: unknown option' 2 "err:^electrum-verify-gui: unknown option: '--bogus'\$" -- --bogus
t 'gui: unknown short option: named itself, not the program' 2 "err:^electrum-verify-gui: unknown option: '-a'\$" -- -ab
t 'gui: --sig without its argument' 2 "err:^electrum-verify-gui: missing argument for '--sig'\$" -- --sig
t 'gui: two files' 2 'err:^electrum-verify-gui: one file at a time' -- a b
t 'gui: --update-keys with a FILE: a usage error' 2 'err:^electrum-verify-gui: --update-keys takes no FILE$' \
    -- --update-keys a
# (XDG_RUNTIME_DIR: without it GLib makes ~/.cache its stand-in while GDK
# looks for a Wayland display)
t 'gui: no display: a clear message, no crash' 2 'err:^electrum-verify-gui: cannot open a display' \
    '!err:CRITICAL' -- -DISPLAY -WAYLAND_DISPLAY XDG_RUNTIME_DIR="$G/run" "$G/good/Electrum-4.6.2.tar.gz"
EV=$EV_SAVED

# The GUI runs too leave HOME as it was and nothing in TMPDIR (the private
# GnuPG homes of the checks, the cancelled one included, are gone).
t_unchanged 'gui: nothing written anywhere in HOME' "$T/home" "$T/home.snap"
left=$(find "$T/tmp" -mindepth 1 -maxdepth 1 2>/dev/null | head -n 5)
report 'gui: no temporary GnuPG home left in TMPDIR' "$([ -z "$left" ]; echo $?)" "left in $T/tmp:" "$left"

# --- make install / uninstall (staged in DESTDIR) --------------------------------
# The binaries are taken as built (-o: not remade); with DESTDIR set no
# cache is refreshed. Then the MIME data is compiled as a desktop would,
# in a copy, to show that an .AppImage gets the type the entry lists.
I=$G/inst
make -s -C "$ROOT" -o "$EV" -o "$EVGUI" install DESTDIR="$I" PREFIX=/usr \
    EV="$EV" EVGUI="$EVGUI" BUILD="$G/build" > "$T/install.out" 2>&1
st=$?
inst_ok() {
	local f
	for f in bin/electrum-verify:755 bin/electrum-verify-gui:755 \
	    share/applications/net.electrumverify.Gui.desktop:644 \
	    share/mime/packages/electrum-verify.xml:644 \
	    share/icons/hicolor/scalable/apps/electrum-verify.svg:644; do
		[ "$(stat -c %a "$I/usr/${f%:*}" 2>/dev/null)" = "${f#*:}" ] ||
		    { echo "missing or wrong mode: /usr/${f%:*} (want ${f#*:})"; return 1; }
	done
	# the 48x48 PNG of the icon (CI installs librsvg2-common, so gdk-pixbuf
	# renders SVG): the PNG signature, then IHDR's width and height
	[ "$(od -An -tu1 -N24 "$I/usr/share/icons/hicolor/48x48/apps/electrum-verify.png" 2> /dev/null |
	    tr -s ' \n' ' ')" = ' 137 80 78 71 13 10 26 10 0 0 0 13 73 72 68 82 0 0 0 48 0 0 0 48 ' ] ||
	    { echo 'no 48x48 PNG icon (is librsvg2-common installed?)'; return 1; }
	[ ! -e "$I/usr/share/mime/mime.cache" ] && [ ! -e "$I/usr/share/applications/mimeinfo.cache" ] ||
	    { echo "a cache was refreshed inside DESTDIR"; return 1; }
}
why=$(inst_ok)
report 'gui: make install DESTDIR=... PREFIX=/usr puts every file in place, no cache refreshed' \
    "$([ "$st" -eq 0 ] && [ -z "$why" ]; echo $?)" "make exit $st" "$why" "$(head -n 8 "$T/install.out")"
D=$I/usr/share/applications/net.electrumverify.Gui.desktop
desk_ok() {
	local t
	grep -qx 'Exec=electrum-verify-gui -- %f' "$D" || { echo 'Exec line'; return 1; }
	grep -qx 'Icon=electrum-verify' "$D" || { echo 'Icon line'; return 1; }
	# named after the application ID, so that a desktop finds it from
	# the window
	grep -q "^#define GUI_APP_ID \"${D##*/}\"" <(sed 's/"$/.desktop"/' "$ROOT/verify/gui/gui.h") ||
	    { echo "${D##*/} is not GUI_APP_ID.desktop"; return 1; }
	# no plain .gz or .tar is an Electrum file: not every gzip file
	! grep -Eq '^MimeType=(.*;)?application/(gzip|x-tar);' "$D" ||
	    { echo 'MimeType lists application/gzip or application/x-tar'; return 1; }
	for t in application/vnd.appimage application/x-ms-dos-executable \
	    application/vnd.microsoft.portable-executable application/x-apple-diskimage \
	    application/vnd.android.package-archive application/x-compressed-tar \
	    application/pgp-signature application/pgp-keys; do
		grep -q "^MimeType=.*\\b$t;" "$D" || { echo "MimeType lacks $t"; return 1; }
	done
	# the menu's key update as a desktop action (the launcher's menu)
	grep -qx 'Actions=update-keys;' "$D" && grep -qx '\[Desktop Action update-keys\]' "$D" &&
	    grep -qx 'Exec=electrum-verify-gui --update-keys' "$D" || { echo 'no update-keys action'; return 1; }
	desktop-file-validate "$D" || return 1
}
why=$(desk_ok 2>&1)
report 'gui: the .desktop entry runs the GUI on the file, lists the types of every artifact, .asc and key, and the key update action' \
    "$([ -z "$why" ]; echo $?)" "$why"
rm -rf "$G/mime"
mkdir -p "$G/mime/packages"
cp "$I/usr/share/mime/packages/electrum-verify.xml" "$G/mime/packages/"
update-mime-database "$G/mime" > "$T/mime.out" 2>&1
st=$?
report 'gui: the shared-mime-info XML compiles and gives *.AppImage the AppImage type' \
    "$([ "$st" -eq 0 ] && grep -q '^60:application/vnd.appimage:\*\.appimage$' "$G/mime/globs2"; echo $?)" \
    "update-mime-database exit $st" "$(cat "$T/mime.out")" "$(cat "$G/mime/globs2" 2>/dev/null)"
make -s -C "$ROOT" uninstall DESTDIR="$I" PREFIX=/usr > "$T/install.out" 2>&1
st=$?
left=$(find "$I" -type f | head -n 5)
report 'gui: make uninstall removes every installed file' "$([ "$st" -eq 0 ] && [ -z "$left" ]; echo $?)" \
    "make exit $st" "left: $left"
