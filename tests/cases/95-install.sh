# make install / make uninstall (DESTDIR, PREFIX), the man pages, the bash
# completion and the AppStream metadata.
#
# The binaries installed are the ones under test ($EV, $EVGUI): make runs
# with -o on them, so nothing is rebuilt, and with BUILD under $T (only the
# 48x48 PNG icon is made there). Every option a --help prints must be in
# the man page and offered by the completion: the lists are taken from the
# programs' own --help, so a new option without documentation fails here.
# Needs mandoc, groff, man-db, bash-completion, appstream and
# desktop-file-utils (CI installs them); without one the cases fail.

EVGUI=${EVGUI:-$ROOT/electrum-verify-gui}
case $EVGUI in /*) ;; *) EVGUI=$PWD/$EVGUI ;; esac
I=$T/install
mkdir -p "$I/home" "$I/files/sub"

# inst DESTDIR PREFIX TARGET [VAR=VALUE...]: make TARGET in the checkout,
# output in $I/make.out (the outer make's MAKEFLAGS and directory
# variables left out: they are not ours).
inst() {
	local d=$1 p=$2 target=$3
	shift 3
	env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL -u BINDIR -u DATADIR -u MANDIR \
	    -u COMPDIR make -C "$ROOT" --no-print-directory \
	    -o "$EV" -o "$EVGUI" EV="$EV" EVGUI="$EVGUI" BUILD="$I/build" \
	    DESTDIR="$d" PREFIX="$p" "$@" "$target" > "$I/make.out" 2>&1
}

# listing DIR: "MODE TYPE PATH" of every file and link under DIR.
listing() {
	(cd "$1" && find . \( -type f -o -type l \) -printf '%m %y %P\n' | LC_ALL=C sort -k 3)
}

# expected PREFIX: the listing a make install with PREFIX gives (PREFIX
# without its leading /).
expected() {
	local p=${1#/}
	{
		printf '755 f %s/bin/electrum-verify\n' "$p"
		printf '755 f %s/bin/electrum-verify-gui\n' "$p"
		printf '644 f %s/share/applications/net.electrumverify.Gui.desktop\n' "$p"
		printf '644 f %s/share/bash-completion/completions/electrum-verify\n' "$p"
		printf '777 l %s/share/bash-completion/completions/electrum-verify-gui\n' "$p"
		printf '444 f %s/share/electrum-verify/electrum.pins\n' "$p"
		for k in "$ROOT"/keys/pubkeys/*.asc; do
			printf '444 f %s/share/electrum-verify/pubkeys/%s\n' "$p" "${k##*/}"
		done
		[ -s "$I/build/electrum-verify-48.png" ] &&
		    printf '644 f %s/share/icons/hicolor/48x48/apps/electrum-verify.png\n' "$p"
		printf '644 f %s/share/icons/hicolor/scalable/apps/electrum-verify.svg\n' "$p"
		printf '644 f %s/share/man/man1/electrum-verify-gui.1\n' "$p"
		printf '644 f %s/share/man/man1/electrum-verify.1\n' "$p"
		printf '644 f %s/share/metainfo/net.electrumverify.Gui.metainfo.xml\n' "$p"
		printf '644 f %s/share/mime/packages/electrum-verify.xml\n' "$p"
	} | LC_ALL=C sort -k 3
}

# case_install NAME DESTDIR PREFIX: make install gives exactly the
# expected files and modes.
case_install() {
	local name=$1 d=$2 p=$3
	if ! inst "$d" "$p" install; then
		report "$name" 1 "make install failed:" "$(tail -n 8 "$I/make.out")"
		return
	fi
	listing "$d" > "$I/got"
	expected "$p" > "$I/want"
	if cmp -s "$I/got" "$I/want"; then
		report "$name" 0
	else
		report "$name" 1 "installed files (- expected, + got):" \
		    "$(diff "$I/want" "$I/got" | grep '^[<>]' | sed 's/^</-/; s/^>/+/')"
	fi
}

# shcase NAME CMD: a case that holds when the shell command CMD succeeds
# (its output, shown on failure, in $I/case.out).
shcase() {
	if ( eval "$2" ) > "$I/case.out" 2>&1; then
		report "$1" 0
	else
		report "$1" 1 "command: $2"
		diag_file output "$I/case.out"
	fi
}

D=$I/usr-root
DD=$D/usr/share
case_install 'make install DESTDIR PREFIX=/usr: every file, with its mode' "$D" /usr
shcase 'installed programs are the ones built, and run' \
    'cmp "$EV" "$D/usr/bin/electrum-verify" && cmp "$EVGUI" "$D/usr/bin/electrum-verify-gui" &&
     [ "$("$D/usr/bin/electrum-verify" --version)" = "$("$EV" --version)" ] &&
     "$D/usr/bin/electrum-verify" --version | grep -qE "^electrum-verify [0-9]" &&
     "$D/usr/bin/electrum-verify-gui" --version | grep -qE "^electrum-verify-gui [0-9]"'
shcase 'installed pins: a copy of keys/electrum.pins (mode 444 above)' \
    'cmp "$ROOT/keys/electrum.pins" "$DD/electrum-verify/electrum.pins"'

# The installed copy lists the pins the binary has compiled in (it never
# reads the copy).
awk '!/^#/ && NF && $1 != "subkey" { print $1 }' "$DD/electrum-verify/electrum.pins" > "$I/pin-names"
EV_BUILT=$EV
EV=$D/usr/bin/electrum-verify
t 'installed binary: keys list shows the pins of the installed copy' 0 \
    "^$(head -n 1 "$I/pin-names") +[0-9A-F]{40} " \
    'sh:[ "$(awk "/^[^ ]/ { print \$1 }" "$OUT")" = "$(cat "$I/pin-names")" ]' \
    -- -ELECTRUM_VERIFY_PINS keys list
# The keys are compiled in too: with an empty store and HOME the installed
# binary verifies a real signed tag; the installed copy of the pins, given
# as ELECTRUM_VERIFY_PINS, brings the installed copy of the keys beside it.
mkdir -p "$I/emptyhome"
if [ -d "$SHARED/signed-tags" ]; then
	t 'installed binary: empty store and HOME, no import: the real 4.8.1 tag verifies' 0 \
	    "1:$(ok_line 4.8.1.tag 1 sombernight)" \
	    -- @"$SHARED/signed-tags" -ELECTRUM_VERIFY_PINS HOME=$I/emptyhome \
	    ELECTRUM_VERIFY_HOME=$I/nostore --sig 4.8.1.tag.asc 4.8.1.tag
fi
t 'installed binary: the installed pins as ELECTRUM_VERIFY_PINS bring the installed keys' 0 \
    "^ThomasV +6694D8DE7BE8EE5631BED9502BD5824B7F9470E6 +present, bundled" '!missing' \
    -- ELECTRUM_VERIFY_PINS=$DD/electrum-verify/electrum.pins ELECTRUM_VERIFY_HOME=$I/nostore keys list
EV=$EV_BUILT

# ---- man pages ----

# longopts CMD...: the long options in the option lines (indented, starting
# with --) of what CMD prints, sorted; alltokens CMD...: every --word it
# prints (usage lines included).
longopts() {
	"$@" 2>&1 | grep -E -- '^ +--' | grep -oE -- '--[a-z][a-z0-9-]*' | LC_ALL=C sort -u
}
alltokens() {
	"$@" 2>&1 | grep -oE -- '--[a-z][a-z0-9-]*' | LC_ALL=C sort -u
}
# keys_verbs: the verbs of "keys" in its usage message.
keys_verbs() {
	"$EV" keys 2>&1 | sed -n 's/.*electrum-verify keys //p' | head -n 1 |
	    tr '|' '\n' | awk 'NF { print $1 }'
}
# subcommands: the words after the program's name in the --help usage.
subcommands() {
	"$EV" --help | sed -n 's/^ *\(usage: \)\{0,1\}electrum-verify \[\{0,1\}\([a-z][a-z]*\).*/\2/p' |
	    LC_ALL=C sort -u
}
longopts "$EV" --help > "$I/opts-check"
longopts "$EV" manifest --help > "$I/opts-manifest"
longopts "$EV" compare --help > "$I/opts-compare"
longopts "$EV" keys fetch --help > "$I/opts-fetch"
longopts "$EVGUI" --help > "$I/opts-gui"
{ alltokens "$EV" --help; alltokens "$EV" manifest --help; alltokens "$EV" compare --help
  alltokens "$EV" keys; alltokens "$EV" keys fetch --help; } | LC_ALL=C sort -u > "$I/opts-all"
alltokens "$EVGUI" --help > "$I/opts-gui-all"
keys_verbs > "$I/keys-verbs"
subcommands > "$I/subcommands"
shcase 'the option lists taken from --help are complete enough to test' \
    'grep -qx -- --sig "$I/opts-check" && grep -qx -- --format "$I/opts-manifest" &&
     grep -qx -- --unsigned "$I/opts-compare" && grep -qx -- --sig "$I/opts-gui" &&
     grep -qx -- --ca-file "$I/opts-fetch" &&
     grep -qx import "$I/keys-verbs" && [ "$(tr "\n" " " < "$I/subcommands")" = "check compare keys manifest " ]'

for page in electrum-verify electrum-verify-gui; do
	src=$ROOT/packaging/$page.1
	shcase "$page.1: mandoc -Tlint -W warning is clean" \
	    'out=$(mandoc -Tlint -W warning "$src" 2>&1); rc=$?; printf "%s\n" "$out"; [ $rc -eq 0 ] && [ -z "$out" ]'
	shcase "$page.1: groff -man -ww -z is silent" \
	    'out=$(groff -man -ww -z "$src" 2>&1); rc=$?; printf "%s\n" "$out"; [ $rc -eq 0 ] && [ -z "$out" ]'
	# the installed page, as man shows it (overstrikes removed)
	MANWIDTH=80 MANPAGER=cat PAGER=cat man -l "$DD/man/man1/$page.1" 2>"$I/man.err" |
	    sed 's/.\x08//g' > "$I/$page.txt"
	shcase "$page.1: man -l renders NAME ... SEE ALSO" \
	    'cat "$I/man.err"; for s in NAME SYNOPSIS DESCRIPTION OPTIONS ENVIRONMENT FILES "EXIT STATUS" EXAMPLES SECURITY "SEE ALSO"; do
	         grep -qx "$s" "$I/$page.txt" || { echo "no section $s"; exit 1; }; done;
	     grep -q "^ *$page " "$I/$page.txt" && [ ! -s "$I/man.err" ]'
	# one line per paragraph: no option is split by a line break
	mandoc -T ascii -O width=1000 "$src" | sed 's/.\x08//g' > "$I/$page.wide"
done
shcase 'electrum-verify.1 documents every long option the --help texts and keys usage print' \
    'rc=0; while read -r o; do grep -qE -- "(^|[^a-z-])$o([^a-z0-9-]|\$)" "$I/electrum-verify.wide" ||
	 { echo "missing: $o"; rc=1; }; done < "$I/opts-all"; exit $rc'
shcase 'electrum-verify.1 documents every subcommand and keys verb' \
    'rc=0; while read -r c; do grep -qE "(^|[^a-z-])electrum-verify (\[)?$c([^a-z]|\$)" "$I/electrum-verify.wide" ||
	 { echo "missing: $c"; rc=1; }; done < "$I/subcommands";
     while read -r v; do grep -qE "(^| )keys $v( |\$)" "$I/electrum-verify.wide" ||
	 { echo "missing: keys $v"; rc=1; }; done < "$I/keys-verbs"; exit $rc'
shcase 'electrum-verify-gui.1 documents every long option its --help prints' \
    'rc=0; while read -r o; do grep -qE -- "(^|[^a-z-])$o([^a-z0-9-]|\$)" "$I/electrum-verify-gui.wide" ||
	 { echo "missing: $o"; rc=1; }; done < "$I/opts-gui-all"; exit $rc'
shcase 'the installed man page names the installed pins copy' \
    'grep -q "/usr/share/electrum-verify/electrum.pins" "$I/electrum-verify.txt" &&
     ! grep -q "/usr/local/share" "$I/electrum-verify.txt" "$I/electrum-verify-gui.txt"'
shcase 'electrum-verify.1: exit status and examples as the README says' \
    'w=$I/electrum-verify.wide; grep -qE "^ +0 +Verified" "$w" && grep -qE "^ +1 +Not verified" "$w" &&
     grep -qE "^ +2 +Could not check" "$w" &&
     grep -qF -- "--keyring debian/upstream/signing-key.asc --quiet" "$w" &&
     grep -qE -- "electrum-verify --json .*\| *\$" "$w" &&
     grep -qE "^ +\\\$ electrum-verify electrum-[0-9.]+-x86_64\.AppImage\$" "$w"'

# ---- bash completion (the installed file, loaded as bash-completion loads
# it: by the command's name, electrum-verify-gui through its link) ----

touch "$I/files/foo.AppImage" "$I/files/foo.AppImage.asc" "$I/files/foo.tar.gz" \
    "$I/files/foo.txt" "$I/files/foo.gz" "$I/files/foo.exe.sig"

# comp WORD...: what the completion offers for the command line WORD...
# (the last word is the one being completed), sorted, one per line; run in
# $I/files with the installed programs first in PATH and the test pins.
comp() {
	(cd "$I/files" && env -i PATH="$D/usr/bin:/usr/bin:/bin" HOME="$I/home" LC_ALL=C \
	    TMPDIR="$T/tmp" ELECTRUM_VERIFY_HOME="$T/store" ELECTRUM_VERIFY_PINS="$FX/pins" \
	    BASH_COMPLETION_USER_DIR="$DD/bash-completion" XDG_DATA_DIRS=/nonexistent \
	    bash --norc --noprofile -c '
		. /usr/share/bash-completion/bash_completion || exit 90
		__load_completion "$1" || exit 91
		f=$(complete -p "$1" 2>/dev/null | sed -n "s/.* -F \([^ ]*\) .*/\1/p")
		[ -n "$f" ] || exit 92
		COMP_WORDS=("$@")
		COMP_CWORD=$(($# - 1))
		COMP_LINE="$*"
		COMP_POINT=${#COMP_LINE}
		"$f" "$1" "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
		printf "%s\n" "${COMPREPLY[@]}"' _ "$@") | LC_ALL=C sort -u
}
# comp_is NAME WANT_FILE WORD...: the completion offers exactly WANT_FILE.
comp_is() {
	local name=$1 want=$2
	shift 2
	comp "$@" > "$I/comp.got" 2>&1
	if cmp -s "$want" "$I/comp.got"; then
		report "$name" 0
	else
		report "$name" 1 "completing: $*" "(- wanted, + offered)" \
		    "$(diff "$want" "$I/comp.got" | grep '^[<>]' | sed 's/^</-/; s/^>/+/')"
	fi
}
comp_words() { printf '%s\n' "$@" | LC_ALL=C sort -u > "$I/comp.want"; }

comp_words check compare keys manifest foo.AppImage foo.AppImage.asc foo.exe.sig foo.tar.gz sub
comp_is 'completion: electrum-verify TAB: subcommands, Electrum files, directories' \
    "$I/comp.want" electrum-verify ''
comp_is 'completion: electrum-verify --TAB: the options of --help' \
    "$I/opts-check" electrum-verify --
comp_is 'completion: electrum-verify check --TAB: the options of --help' \
    "$I/opts-check" electrum-verify check --
comp_is 'completion: electrum-verify manifest --TAB: the options of manifest --help' \
    "$I/opts-manifest" electrum-verify manifest --
comp_is 'completion: electrum-verify compare --TAB: the options of compare --help' \
    "$I/opts-compare" electrum-verify compare --
LC_ALL=C sort -u "$I/keys-verbs" > "$I/comp.want"
comp_is 'completion: electrum-verify keys TAB: the verbs of the keys usage' \
    "$I/comp.want" electrum-verify keys ''
awk '!/^#/ && NF { print $1 }' "$FX/pins" | LC_ALL=C sort -u > "$I/comp.want"
comp_is 'completion: electrum-verify keys fetch TAB: the pin names (keys list)' \
    "$I/comp.want" electrum-verify keys fetch ''
comp_is 'completion: electrum-verify keys fetch --TAB: the options of keys fetch --help' \
    "$I/opts-fetch" electrum-verify keys fetch --
comp_words alice
comp_is 'completion: electrum-verify keys export a TAB: alice' \
    "$I/comp.want" electrum-verify keys export a
comp_words foo.AppImage foo.AppImage.asc
comp_is 'completion: electrum-verify foo.A TAB: the AppImage and its signature' \
    "$I/comp.want" electrum-verify --json foo.A
comp_words foo.AppImage.asc foo.exe.sig sub
comp_is 'completion: --sig TAB: signature files and directories only' \
    "$I/comp.want" electrum-verify --sig ''
comp_words mtree sha256sum json
comp_is 'completion: manifest --format TAB: the three formats' \
    "$I/comp.want" electrum-verify manifest --format ''
comp_words foo.AppImage foo.AppImage.asc foo.exe.sig foo.tar.gz sub
comp_is 'completion: electrum-verify-gui TAB (through its link): Electrum files only' \
    "$I/comp.want" electrum-verify-gui ''
comp_is 'completion: electrum-verify-gui --TAB: the options of its --help' \
    "$I/opts-gui" electrum-verify-gui --

# ---- desktop entry and AppStream metadata, as installed ----

shcase 'desktop-file-validate: the installed desktop entry is valid' \
    'out=$(desktop-file-validate "$DD/applications/net.electrumverify.Gui.desktop" 2>&1); rc=$?;
     printf "%s\n" "$out"; [ $rc -eq 0 ] && [ -z "$out" ]'
shcase 'appstreamcli validate-tree: metainfo valid, no error or warning, id matches the desktop entry' \
    'out=$(appstreamcli validate-tree --no-net --pedantic "$D" 2>&1); rc=$?; printf "%s\n" "$out";
     [ $rc -eq 0 ] && ! printf "%s\n" "$out" | grep -qE "^ *[EW]: " &&
     grep -q "<launchable type=\"desktop-id\">net.electrumverify.Gui.desktop</launchable>" \
	 "$DD/metainfo/net.electrumverify.Gui.metainfo.xml" &&
     grep -q "<id>net.electrumverify.Gui</id>" "$DD/metainfo/net.electrumverify.Gui.metainfo.xml"'

shcase 'metainfo: provides the GUI binary and exactly the desktop entry'"'"'s MIME types' \
    'sed -n "s/^MimeType=//p" "$DD/applications/net.electrumverify.Gui.desktop" | tr ";" "\n" |
	 sed "/^\$/d" | LC_ALL=C sort > "$I/mime.desktop"
     sed -n "s/.*<mediatype>\(.*\)<\/mediatype>.*/\1/p" "$DD/metainfo/net.electrumverify.Gui.metainfo.xml" |
	 LC_ALL=C sort > "$I/mime.meta"
     diff "$I/mime.desktop" "$I/mime.meta" && [ -s "$I/mime.meta" ] &&
     grep -q "<binary>electrum-verify-gui</binary>" "$DD/metainfo/net.electrumverify.Gui.metainfo.xml"'

# ---- uninstall: exactly what install put there ----

mkdir -p "$D/usr/share/electrum-verify-other"
printf 'x\n' > "$D/usr/bin/other"
printf 'x\n' > "$DD/applications/other.desktop"
printf 'x\n' > "$DD/man/man1/other.1"
printf 'x\n' > "$DD/bash-completion/completions/other"
shcase 'make uninstall removes every installed file, and nothing else' \
    'inst "$D" /usr uninstall || { cat "$I/make.out"; exit 1; }
     listing "$D" > "$I/left"; cat "$I/left";
     [ "$(awk "{ print \$3 }" "$I/left" | tr "\n" " ")" = "usr/bin/other usr/share/applications/other.desktop usr/share/bash-completion/completions/other usr/share/man/man1/other.1 " ] &&
     [ ! -e "$DD/electrum-verify" ] && [ -d "$D/usr/share/electrum-verify-other" ]'

O=$I/opt-root
case_install 'make install PREFIX=/opt/ev: every file under /opt/ev' "$O" /opt/ev
shcase 'PREFIX=/opt/ev: the man page names /opt/ev/share/electrum-verify/electrum.pins' \
    'grep -q "^\.It Pa /opt/ev/share/electrum-verify/electrum.pins\$" "$O/opt/ev/share/man/man1/electrum-verify.1" &&
     "$O/opt/ev/bin/electrum-verify" --version'
shcase 'make uninstall PREFIX=/opt/ev leaves no file' \
    'inst "$O" /opt/ev uninstall || { cat "$I/make.out"; exit 1; }
     listing "$O"; [ -z "$(listing "$O")" ] && [ ! -e "$O/opt/ev/share/electrum-verify" ]'
