#!/usr/bin/env bash
# tests/package-test.sh: `make package-test`.
#
# Builds the Debian packages (packaging/debian) from a copy of the source
# tree in a temporary directory, so the checkout is never written; runs
# lintian on them (any E: tag fails); installs them (as root, or with
# sudo -n; otherwise those steps are skipped, said so); runs the installed
# programs on a file signed with a throw-away key, a tampered copy and a
# small tar; then purges them and checks they are gone. Everything lives in
# one mktemp directory, removed at the end. The last line says
# "package-test: passed" or why not (exit status 1; 2 when it cannot run).
# PACKAGE_TEST_KEEP=DIR keeps the packages, the logs and lintian's output.
set -uo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
PKGS=(electrum-verify electrum-verify-gui)
T=$(mktemp -d "${TMPDIR:-/tmp}/package-test.XXXXXX") || exit 2
FAILED=0
INSTALLED=0
SUDO=
CAN_INSTALL=1

cleanup() {
	if [ -n "${PACKAGE_TEST_KEEP:-}" ]; then
		mkdir -p "$PACKAGE_TEST_KEEP" &&
		    cp "$T"/*.deb "$T"/*.changes "$T"/*.log "$T"/lintian.out \
		    "$PACKAGE_TEST_KEEP"/ 2>/dev/null
	fi
	if [ "$INSTALLED" -eq 1 ]; then
		$SUDO dpkg --purge "${PKGS[@]}" >/dev/null 2>&1 ||
		    echo "package-test: could not purge ${PKGS[*]}" >&2
	fi
	[ -d "$T/gnupg" ] && gpgconf --homedir "$T/gnupg" --kill all 2>/dev/null
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

say() { printf '# %s\n' "$*"; }
ok() { printf 'ok: %s\n' "$*"; }
fail() {
	FAILED=$((FAILED + 1))
	printf 'FAIL: %s\n' "$*"
}
# die MESSAGE: cannot go on (exit 2).
die() {
	printf 'package-test: cannot run: %s\n' "$*"
	exit 2
}
# check NAME COMMAND...: one assertion.
check() {
	local name=$1
	shift
	if "$@"; then ok "$name"; else fail "$name"; fi
}

for tool in dpkg-buildpackage dpkg-parsechangelog lintian fakeroot dh \
    gpg gpgconf python3 sha256sum tar; do
	command -v "$tool" >/dev/null 2>&1 ||
	    die "'$tool' not found: install debhelper dpkg-dev fakeroot lintian gnupg python3"
done

# 1. One version everywhere: Makefile, debian/changelog, RPM spec.
VER=$(sed -n 's/^VERSION = //p' "$ROOT/Makefile")
DEBVER=$(dpkg-parsechangelog -l "$ROOT/packaging/debian/changelog" -S Version)
RPMVER=$(sed -n 's/^Version:[[:space:]]*//p' "$ROOT/packaging/rpm/electrum-verify.spec")
check "versions agree: Makefile '$VER', debian/changelog '$DEBVER', spec '$RPMVER'" \
    test -n "$VER" -a "$VER" = "$DEBVER" -a "$VER" = "$RPMVER"

# 2. May we install, and would we clobber anything?
if [ "$(id -u)" -ne 0 ]; then
	if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
		SUDO='sudo -n'
	else
		CAN_INSTALL=0
		say "not root and no password-less sudo: install steps will be skipped"
	fi
fi
for p in "${PKGS[@]}"; do
	st=$(dpkg-query -W -f='${db:Status-Status} ${Version}' "$p" 2>/dev/null)
	case $st in
	'' | not-installed* | config-files*) ;;
	*)
		die "package $p is on this system ($st): remove it first (dpkg --purge $p); this test installs and purges its own build" ;;
	esac
	if [ -e "/usr/bin/$p" ]; then
		die "/usr/bin/$p exists, not from a package (make install PREFIX=/usr?): remove it first"
	fi
done

# 3. A copy of the source tree: tracked files and untracked ones that are
# not ignored (build/ and the built programs are), debian/ at the top.
SRC=$T/electrum-verify-$VER
mkdir -p "$SRC"
if git -C "$ROOT" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
	(cd "$ROOT" && git ls-files -z -c -o --exclude-standard |
	    while IFS= read -r -d '' f; do
		[ -e "$f" ] || [ -L "$f" ] && printf '%s\0' "$f"
	    done | tar --null -T - -cf -) | tar -C "$SRC" -xf - ||
	    die "cannot copy the source tree"
else
	tar -C "$ROOT" --exclude=./.git --exclude=./build \
	    --exclude=./electrum-verify --exclude=./electrum-verify-gui \
	    -cf - . | tar -C "$SRC" -xf - || die "cannot copy the source tree"
fi
[ -e "$SRC/debian" ] && die "the source tree already has a debian/ directory"
cp -a "$ROOT/packaging/debian" "$SRC/debian" || die "cannot copy packaging/debian"

# 4. Build the binary packages (unsigned).
say "dpkg-buildpackage -us -uc -b in $SRC (log: build.log)"
start=$(date +%s)
case " ${DEB_BUILD_OPTIONS:-} " in
*' parallel='*) ;;
*) DEB_BUILD_OPTIONS="${DEB_BUILD_OPTIONS:-} parallel=$(nproc)" ;;
esac
export DEB_BUILD_OPTIONS
if ! (cd "$SRC" && dpkg-buildpackage -us -uc -b) > "$T/build.log" 2>&1; then
	tail -n 40 "$T/build.log"
	fail "dpkg-buildpackage -us -uc -b"
	echo "package-test: FAILED (the packages do not build)"
	exit 1
fi
ok "dpkg-buildpackage -us -uc -b ($(($(date +%s) - start)) s)"
ARCH=$(dpkg-architecture -qDEB_HOST_ARCH)
CHANGES=$T/electrum-verify_${VER}_$ARCH.changes
for p in "${PKGS[@]}"; do
	check "built ${p}_${VER}_$ARCH.deb" test -f "$T/${p}_${VER}_$ARCH.deb"
done
grep -E '^(run|skip) build/test_' "$T/build.log" | sed 's/^/# unit: /'

# 5. lintian, every tag shown; an error fails.
say "lintian --pedantic -I on the .changes"
lintian --pedantic -I --tag-display-limit 0 "$CHANGES" > "$T/lintian.out" 2>&1
lrc=$?
sed 's/^/# lintian: /' "$T/lintian.out"
nerr=$(grep -c '^E: ' "$T/lintian.out")
check "lintian: no errors ($nerr E:, $(grep -c '^W: ' "$T/lintian.out") W:, $(grep -c '^[IP]: ' "$T/lintian.out") I:/P:)" \
    test "$nerr" -eq 0 -a "$lrc" -eq 0

# 6. What each package holds.
CLI_FILES=(/usr/bin/electrum-verify
	/usr/share/man/man1/electrum-verify.1.gz
	/usr/share/bash-completion/completions/electrum-verify
	/usr/share/electrum-verify/electrum.pins
	/usr/share/doc/electrum-verify/copyright)
GUI_FILES=(/usr/bin/electrum-verify-gui
	/usr/share/man/man1/electrum-verify-gui.1.gz
	/usr/share/applications/net.electrumverify.Gui.desktop
	/usr/share/mime/packages/electrum-verify.xml
	/usr/share/icons/hicolor/scalable/apps/electrum-verify.svg
	/usr/share/icons/hicolor/48x48/apps/electrum-verify.png
	/usr/share/metainfo/net.electrumverify.Gui.metainfo.xml
	/usr/share/doc/electrum-verify-gui/copyright)
# has_files LISTFILE PATH...: every PATH is a line of LISTFILE.
has_files() {
	local list=$1 f missing=0
	shift
	for f in "$@"; do
		grep -qxF "$f" "$list" || { echo "#   missing: $f"; missing=1; }
	done
	return "$missing"
}
for p in "${PKGS[@]}"; do
	# files and links (dpkg-deb -c: mode owner size date time ./PATH)
	dpkg-deb -c "$T/${p}_${VER}_$ARCH.deb" |
	    awk '$1 !~ /^d/ { print substr($6, 2) }' > "$T/$p.contents"
	say "$p contains (files and links):"
	sed 's/^/#   /' "$T/$p.contents"
done
check "electrum-verify .deb holds the CLI, its man page, completion, pins" \
    has_files "$T/electrum-verify.contents" "${CLI_FILES[@]}"
check "electrum-verify-gui .deb holds the GUI, its man page, desktop files" \
    has_files "$T/electrum-verify-gui.contents" "${GUI_FILES[@]}"
check "the CLI package pulls in no GTK" \
    eval "! dpkg-deb -f '$T/electrum-verify_${VER}_$ARCH.deb' Depends | grep -q gtk"

if [ "$CAN_INSTALL" -eq 0 ]; then
	if [ "$FAILED" -eq 0 ]; then
		echo "package-test: passed (built and linted; install steps skipped: not root)"
		exit 0
	fi
	echo "package-test: FAILED ($FAILED checks)"
	exit 1
fi

# 7. Install.
INSTALLED=1
if ! $SUDO dpkg -i "$T/electrum-verify_${VER}_$ARCH.deb" \
    "$T/electrum-verify-gui_${VER}_$ARCH.deb" > "$T/dpkg.log" 2>&1; then
	cat "$T/dpkg.log"
	fail "dpkg -i"
	echo "package-test: FAILED (the packages do not install)"
	exit 1
fi
ok "dpkg -i electrum-verify electrum-verify-gui"
dpkg -L electrum-verify > "$T/cli.list"
dpkg -L electrum-verify-gui > "$T/gui.list"
check "dpkg -L electrum-verify lists the expected files" \
    has_files "$T/cli.list" "${CLI_FILES[@]}"
check "dpkg -L electrum-verify-gui lists the expected files" \
    has_files "$T/gui.list" "${GUI_FILES[@]}"

# 8. Run the installed programs, as a user would: clean HOME, a key store
# in the temporary directory, no display.
EV=/usr/bin/electrum-verify
mkdir -p "$T/home" "$T/work"
run() {
	(cd "$T/work" && env -i PATH=/usr/bin:/bin HOME="$T/home" \
	    ELECTRUM_VERIFY_HOME="$T/store" LANG=C.UTF-8 "$@") \
	    > "$T/out" 2> "$T/err"
	RC=$?
}
run $EV --version
check "installed electrum-verify --version says $VER" \
    grep -qxF "electrum-verify $VER" "$T/out"
run /usr/bin/electrum-verify-gui --version
check "installed electrum-verify-gui --version says $VER" \
    grep -qxF "electrum-verify-gui $VER" "$T/out"
run /usr/bin/electrum-verify-gui /dev/null
check "installed electrum-verify-gui without a display: exit 2, says so" \
    eval "[ $RC -eq 2 ] && grep -q 'cannot open a display' '$T/err'"

# A throw-away key in a temporary GnuPG home, a file signed with it.
export GNUPGHOME=$T/gnupg
mkdir -m 700 "$GNUPGHOME"
if ! gpg --batch --pinentry-mode loopback --passphrase '' --quick-gen-key \
    'Package Test <package-test@example.org>' ed25519 sign 1d \
    > "$T/gpg.log" 2>&1; then
	cat "$T/gpg.log"
	die "gpg cannot generate a test key"
fi
FPR=$(gpg --batch --with-colons --list-keys 2>> "$T/gpg.log" | awk -F: '$1 == "fpr" { print $10; exit }')
head -c 200000 /dev/urandom > "$T/work/payload.bin"
gpg --batch --armor --detach-sign -o "$T/work/payload.bin.asc" \
    "$T/work/payload.bin" 2>> "$T/gpg.log" &&
    gpg --batch --armor --export "$FPR" > "$T/work/pub.asc" 2>> "$T/gpg.log" ||
    die "gpg cannot sign or export"
gpgconf --homedir "$GNUPGHOME" --kill all
unset GNUPGHOME
SHA=$(sha256sum "$T/work/payload.bin" | cut -d' ' -f1)

run $EV --keyring pub.asc payload.bin
check "installed tool: good signature exits 0 with VERIFIED" eval \
    "[ $RC -eq 0 ] && head -n 1 '$T/out' | grep -q \"^VERIFIED: 'payload.bin' is signed by 1 key in 'pub.asc'\" && grep -q '$FPR' '$T/out'"
[ "$RC" -eq 0 ] || cat "$T/out" "$T/err"

run $EV --keyring pub.asc --json payload.bin
check "installed tool: --json is JSON, verdict verified, the file's SHA-256" \
    python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
sys.exit(not (d["verdict"] == "verified" and d["exit"] == 0 and
    d["file"]["sha256"] == sys.argv[2]))' "$T/out" "$SHA"

mkdir "$T/work/tampered"
cp "$T/work/payload.bin" "$T/work/payload.bin.asc" "$T/work/tampered/"
printf 'x' >> "$T/work/tampered/payload.bin"
run $EV --keyring pub.asc tampered/payload.bin
check "installed tool: tampered copy exits 1, NOT VERIFIED, BAD signature" eval \
    "[ $RC -eq 1 ] && head -n 1 '$T/out' | grep -q '^NOT VERIFIED: ' && grep -q 'BAD signature' '$T/out'"

run $EV --keyring pub.asc --json tampered/payload.bin
check "installed tool: tampered copy --json verdict not-verified, exit 1" \
    python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
sys.exit(not (d["verdict"] == "not-verified" and d["exit"] == 1))' "$T/out"

mkdir -p "$T/work/tree/dir"
echo hello > "$T/work/tree/dir/a.txt"
tar -C "$T/work/tree" -cf "$T/work/small.tar" dir
want=$(cd "$T/work/tree" && sha256sum dir/a.txt)
run $EV manifest --format sha256sum small.tar
check "installed tool: manifest of a tar lists its file with its SHA-256" eval \
    "[ $RC -eq 0 ] && grep -qxF '$want' '$T/out'"

# 9. Purge; nothing may be left.
if $SUDO dpkg --purge "${PKGS[@]}" > "$T/dpkg.log" 2>&1; then
	INSTALLED=0
	ok "dpkg --purge ${PKGS[*]}"
else
	cat "$T/dpkg.log"
	fail "dpkg --purge ${PKGS[*]}"
fi
check "after purge: /usr/bin/electrum-verify and -gui are gone" \
    test ! -e /usr/bin/electrum-verify -a ! -e /usr/bin/electrum-verify-gui
check "after purge: dpkg lists neither package as installed" eval \
    "! dpkg-query -W -f='\${db:Status-Status}\n' ${PKGS[*]} 2>/dev/null | grep -qvx not-installed"

if [ "$FAILED" -eq 0 ]; then
	echo "package-test: passed"
	exit 0
fi
echo "package-test: FAILED ($FAILED checks)"
exit 1
