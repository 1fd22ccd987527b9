# The desktop helper electrum-verify-gui, run under Xvfb (xvfb-run) with
# its test hook: ELECTRUM_VERIFY_GUI_TEST=DIR makes it write, once the
# check is done (or an offer is shown), DIR/widgets.txt (one line per
# visible widget: type, accessible role, accessible label, text) and
# DIR/screenshot.png, then exit 0 genuine, 1 NOT genuine, 2 could not
# check, 3 nothing checked. The verdict is asserted on widgets.txt, and
# every screenshot is kept as $GUI_SHOTS/CASE.png (default
# build/gui-screenshots) for a person to look at.
#
#   g NAME EXIT CHECK... -- [@DIR] [VAR=VALUE | -VAR ...] ARGS...
#
# runs "electrum-verify-gui ARGS..." like t does the CLI (clean
# environment: BASE_ENV plus GUI_ENV), with the checks of t applied to
# widgets.txt as stdout; a real PNG is required as well. Without xvfb-run
# (packages xvfb, xauth) the cases fail: CI installs it.

EVGUI=${EVGUI:-$ROOT/electrum-verify-gui}
case $EVGUI in /*) ;; *) EVGUI=$PWD/$EVGUI ;; esac
GUI_SHOTS=${GUI_SHOTS:-$ROOT/build/gui-screenshots}
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
V_BAD='NOT genuine — do not run it'
V_CANNOT='Could not check'

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

gui_ready() {
	GUI_WHY=''
	if [ ! -x "$EVGUI" ]; then
		GUI_WHY="$EVGUI not found or not executable (run make)"
	elif ! command -v xvfb-run > /dev/null 2>&1 || ! command -v xauth > /dev/null 2>&1; then
		GUI_WHY='xvfb-run or xauth not found: install the Debian packages xvfb and xauth'
	fi
	[ -z "$GUI_WHY" ]
}

# run_gui NAME: run as prepared by prep_run, under Xvfb, with the hook.
run_gui() {
	local name=$1 dir
	dir=$G/out/$(printf '%s' "$name" | tr -c 'A-Za-z0-9_-' '-')
	rm -rf "$dir"
	mkdir -p "$dir"
	OUT=$dir/widgets.txt
	ERR=$dir/stderr
	: > "$OUT"
	CMDLINE="cd $(printf '%q' "$RUN_DIR") && env -i $(quote "${RUN_ENV[@]}" ELECTRUM_VERIFY_GUI_TEST="$dir") xvfb-run -a $(quote "$EVGUI" "${RUN_ARGS[@]}")"
	# xvfb-run itself may fail when runs race for a display or its
	# clean-up: then the run is repeated (twice at the most)
	local try
	for try in 1 2 3; do
		(
			cd "$RUN_DIR" || exit 125
			exec timeout -k 5 "$GUI_TIMEOUT" env -i "${RUN_ENV[@]}" \
			    ELECTRUM_VERIFY_GUI_TEST="$dir" \
			    xvfb-run -a -s '-screen 0 1280x1024x24 -nolisten tcp' \
			    "$EVGUI" "${RUN_ARGS[@]}"
		) > "$dir/stdout" 2> "$ERR" < /dev/null
		RC=$?
		grep -q '^xvfb-run: error:' "$ERR" || break
		cp "$ERR" "$dir/xvfb-run-error.$try"
	done
	SHOT=$dir/screenshot.png
	if [ -s "$SHOT" ]; then
		mkdir -p "$GUI_SHOTS"
		cp "$SHOT" "$GUI_SHOTS/${dir##*/}.png"
	fi
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
    "$G"/odd "$G"/per "$G/src/Electrum-4.6.2/electrum" "$G/out" "$G/run"
chmod 700 "$G/run"
printf 'print("hello")\n' > "$G/src/Electrum-4.6.2/electrum/__init__.py"
printf 'Electrum 4.6.2\n' > "$G/src/Electrum-4.6.2/README.md"
tar -C "$G/src" --owner=0 --group=0 --numeric-owner --mtime=@1700000000 \
    -czf "$G/good/Electrum-4.6.2.tar.gz" Electrum-4.6.2
fx_sign alice "$G/good/Electrum-4.6.2.tar.gz.asc" "$G/good/Electrum-4.6.2.tar.gz" -u "$FPR_alice!"
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
# the key store of the cases: alice and bob, imported with the CLI
prep_run ELECTRUM_VERIFY_HOME="$G/store" keys import "$FX/keys/alice.asc" "$FX/keys/bob.asc"
run_ev
check_result 'gui: key store for the GUI cases (CLI keys import)' 0 "$(imp alice)" "$(imp bob)"

# --- the verdicts ------------------------------------------------------------
g 'genuine tarball: verdict, signer, SHA-256 with copy button' 0 \
    "verdict=$V_OK:emblem-ok-symbolic" "$(reason 'Signed by 1 pinned signer: alice')" \
    "text=\"$TGZ_SHA\"" "$(button Copy)" 'a11y="Copy SHA-256"' \
    '^ +GtkImage role=img a11y="Good" icon="emblem-ok-symbolic"' 'text="alice"' \
    'text="Electrum 4\.6\.2, .*\(from the file name\)"' 'text="Signatures: 1 counted, 1 needed"' \
    "!$(button 'Choose signature…')" \
    -- "$G/good/Electrum-4.6.2.tar.gz"
g 'genuine tarball: files inside listed in an expander' 0 \
    "verdict=$V_OK:emblem-ok-symbolic" \
    '^ +GtkExpander .*expanded=0' 'text="Files inside \(tar\.gz, [0-9]+ entries\)"' \
    -- "$G/good/Electrum-4.6.2.tar.gz"
g 'hostile entries: listed at once, marked, with a warning' 0 \
    "verdict=$V_OK:emblem-ok-symbolic" '^ +GtkExpander .*expanded=1' \
    'text="Files inside \(tar\.gz, [0-9]+ entries\) — WARNING: suspicious entries' \
    'GtkTextView role=text-box a11y="Files inside" lines=[0-9]+ text=".*\.\./evil\.sh  \[dotdot' \
    'GtkTextView .*run_electrum  \[duplicate' -- "$G/hostile/Electrum-4.6.2.tar.gz"
g 'opened as its .asc: the file beside it is checked' 0 \
    "verdict=$V_OK:emblem-ok-symbolic" "text=\"$(re "$G/good/Electrum-4.6.2.tar.gz")\"\$" \
    "text=\"$TGZ_SHA\"" -- "$G/good/Electrum-4.6.2.tar.gz.asc"
g 'opened as FILE.SIGNER.asc: every signer file beside it is read' 0 \
    "verdict=$V_OK:emblem-ok-symbolic" "$(reason 'Signed by 2 pinned signers: alice, bob')" \
    'text="alice"' 'text="bob"' -- "$G/per/data.bin.bob.asc"
g 'tampered file: NOT genuine, BAD signature from alice' 1 \
    "verdict=$V_BAD:dialog-error-symbolic" "$(reason 'BAD signature from alice')" \
    '^ +GtkImage role=img a11y="BAD: does not match the file" icon="dialog-error-symbolic"' \
    "!$(button 'Import key files…')" -- "$G/bad/data.bin"
g 'unknown signer: NOT genuine, key import offered' 1 \
    "verdict=$V_BAD:dialog-error-symbolic" "$(reason 'All 1 signature is from unknown keys')" \
    'a11y="Unknown key"' 'text="unknown"' "$(button 'Import key files…')" \
    -- "$G/unknown/data.bin"
g 'missing signature: could not check, signature chooser offered' 2 \
    "verdict=$V_CANNOT:dialog-warning-symbolic" "$(reason 'No signature found')" \
    "$(button 'Choose signature…')" "!$(button 'Import key files…')" \
    -- "$G/nosig/data.bin"
g 'missing signature, then the chosen signature is checked' 0 \
    "verdict=$V_OK:emblem-ok-symbolic" "text=\"$(re "$FX/sig/alice.asc")\"\$" \
    -- ELECTRUM_VERIFY_GUI_TEST_CHOOSE="$FX/sig/alice.asc" "$G/nosig/data.bin"
g "pinned signer whose key is not imported (ivan): could not check, key import offered" 2 \
    "verdict=$V_CANNOT:dialog-warning-symbolic" "$(reason 'Signed by the key of ivan, a pinned Electrum signer whose key is not imported')" \
    "$(button 'Import key files…')" -- --sig "$FX/sig/ivan.asc" "$G/nosig/data.bin"
g 'empty key store: could not check, key import offered' 2 \
    "verdict=$V_CANNOT:dialog-warning-symbolic" "$(reason 'The keys of the Electrum signers are not imported')" \
    "$(button 'Import key files…')" -- ELECTRUM_VERIFY_HOME="$G/empty-store" "$G/good/Electrum-4.6.2.tar.gz"
g 'empty key store, then the chosen key files are imported and checked' 0 \
    "verdict=$V_OK:emblem-ok-symbolic" 'text="imported the key of alice \([0-9A-F]{40}\)\\nrefused .*not a pinned Electrum signer' \
    -- ELECTRUM_VERIFY_HOME="$G/import-store" ELECTRUM_VERIFY_GUI_TEST_CHOOSE="$FX/keys/alice.asc:$FX/keys/eve.asc" \
    "$G/good/Electrum-4.6.2.tar.gz"
g 'a signature without its file: the signed file chooser offered' 2 \
    "verdict=$V_CANNOT:dialog-warning-symbolic" "$(reason "'data\\.bin\\.asc' is a signature, but the file it signs is not beside it")" \
    "$(button 'Choose the signed file…')" -- "$G/orphan/data.bin.asc"
g 'a signature without its file, then the chosen file is checked' 0 \
    "verdict=$V_OK:emblem-ok-symbolic" -- ELECTRUM_VERIFY_GUI_TEST_CHOOSE="$FX/data.bin" "$G/orphan/data.bin.asc"
g 'file that does not exist: could not check, why' 2 \
    "verdict=$V_CANNOT:dialog-warning-symbolic" "$(reason "Cannot open '.*/nothing-here': No such file or directory")" \
    "err:^electrum-verify-gui: cannot open '.*/nothing-here': No such file or directory\$" -- "$G/nothing-here"
g 'a directory: could not check, why' 2 \
    "verdict=$V_CANNOT:dialog-warning-symbolic" "$(reason "'.*' is not a regular file")" -- "$G/good"
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
g 'hostile file name: newline and bidi override shown escaped' 0 \
    "verdict=$V_OK:emblem-ok-symbolic" 'text="odd\\\\u\{000a\}name\\\\u\{202e\}nib\.exe"$' \
    -- "$ODD"

# --- the command line ----------------------------------------------------------
EV_SAVED=$EV
EV=$EVGUI
t 'gui: --help' 0 '^usage: electrum-verify-gui ' 'ELECTRUM_VERIFY_GUI_TEST' -- --help
t 'gui: --version' 0 'lines=1' '^electrum-verify-gui [0-9]+\.[0-9]+\.[0-9]+$' -- --version
t 'gui: unknown option' 2 "err:^electrum-verify-gui: unknown option or missing argument: '--bogus'\$" -- --bogus
t 'gui: two files' 2 'err:^electrum-verify-gui: one file at a time' -- a b
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
    EV="$EV" EVGUI="$EVGUI" > "$T/install.out" 2>&1
st=$?
inst_ok() {
	local f
	for f in bin/electrum-verify:755 bin/electrum-verify-gui:755 \
	    share/applications/electrum-verify.desktop:644 \
	    share/mime/packages/electrum-verify.xml:644 \
	    share/icons/hicolor/scalable/apps/electrum-verify.svg:644; do
		[ "$(stat -c %a "$I/usr/${f%:*}" 2>/dev/null)" = "${f#*:}" ] ||
		    { echo "missing or wrong mode: /usr/${f%:*} (want ${f#*:})"; return 1; }
	done
	[ ! -e "$I/usr/share/mime/mime.cache" ] && [ ! -e "$I/usr/share/applications/mimeinfo.cache" ] ||
	    { echo "a cache was refreshed inside DESTDIR"; return 1; }
}
why=$(inst_ok)
report 'gui: make install DESTDIR=... PREFIX=/usr puts every file in place, no cache refreshed' \
    "$([ "$st" -eq 0 ] && [ -z "$why" ]; echo $?)" "make exit $st" "$why" "$(head -n 8 "$T/install.out")"
D=$I/usr/share/applications/electrum-verify.desktop
desk_ok() {
	local t
	grep -qx 'Exec=electrum-verify-gui -- %f' "$D" || { echo 'Exec line'; return 1; }
	grep -qx 'Icon=electrum-verify' "$D" || { echo 'Icon line'; return 1; }
	for t in application/vnd.appimage application/x-ms-dos-executable \
	    application/vnd.microsoft.portable-executable application/x-apple-diskimage \
	    application/vnd.android.package-archive application/x-compressed-tar \
	    application/pgp-signature; do
		grep -q "^MimeType=.*\\b$t;" "$D" || { echo "MimeType lacks $t"; return 1; }
	done
	desktop-file-validate "$D" || return 1
}
why=$(desk_ok 2>&1)
report 'gui: the .desktop entry runs the GUI on the file and lists the types of every artifact and .asc' \
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
