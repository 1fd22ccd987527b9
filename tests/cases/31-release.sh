# Binding the verdict to the release (issue 15), part 1: the version from
# the content. An old release renamed to a newer release's name, signed
# by a pinned key (as the real old release is), is NOT VERIFIED, naming
# the version the content has: a source tarball (top directory and
# electrum/version.py), an AppImage (version.py in its squashfs), an APK
# (versionName in the binary AndroidManifest.xml) and a Windows setup
# (ProductVersion of the version resource). The artifacts are built here
# (tests/mkrelease.py, mkapk.py, mksquashfs after the runtime of
# tests/archives.sh) and signed by alice.

[ -n "${AR_READY:-}" ] || . "$TESTS/archives.sh"

R31=$T/rel31
MKR=$TESTS/mkrelease.py
# r31_sign FILE...: alice's signature FILE.asc beside each FILE
r31_sign() {
	local f
	for f in "$@"; do fx_sign alice "$f.asc" "$f" -u "$FPR_alice!"; done
}
# r31_copy FROM TO: a copy of FROM and its signature under another name
r31_copy() { cp "$R31/$1" "$R31/$2" && cp "$R31/$1.asc" "$R31/$2.asc"; }
# r31_tar TOP PYVERSION OUT: a source tarball with top directory TOP and,
# unless PYVERSION is -, TOP/electrum/version.py setting it
r31_tar() {
	local g=$R31/gen/$3
	rm -rf "$g" && mkdir -p "$g/$1/electrum" &&
	printf 'Electrum\n' > "$g/$1/README.md" || return 1
	[ "$2" = - ] || printf "ELECTRUM_VERSION = '%s'     # version of the client package\nAPK_VERSION = '%s.0'\n" \
	    "$2" "$2" > "$g/$1/electrum/version.py"
	tar -C "$g" --owner=0 --group=0 --mtime=@$AR_TIME -czf "$R31/$3" "$1"
}
# r31_appimage VERSION OUT
r31_appimage() {
	local g=$R31/gen/$2 py=usr/lib/python3.11/site-packages/electrum
	rm -rf "$g" && mkdir -p "$g/tree/$py" "$g/tree/usr/bin" &&
	printf "ELECTRUM_VERSION = '%s'\n" "$1" > "$g/tree/$py/version.py" &&
	printf '#!/bin/sh\n' > "$g/tree/usr/bin/electrum" &&
	ar_sqfs "$g/tree" "$g/img.sqfs" xz && cat "$AR_GEN/app/runtime" "$g/img.sqfs" > "$R31/$2"
}
# r31_apk OUT [mkrelease axml options]: APK with versionName 3.3.2
r31_apk() {
	local g=$R31/gen/$1 out=$1
	shift
	rm -rf "$g" && mkdir -p "$g" && python3 "$MKR" axml 3.3.2 "$g/AndroidManifest.xml" "$@" &&
	printf 'dex\n' > "$g/classes.dex" &&
	(cd "$g" && zip -qX ../"$out.zip" AndroidManifest.xml classes.dex) &&
	python3 "$TESTS/mkapk.py" "$R31/gen/$out.zip" "$R31/$out"
}
mkdir -p "$R31/gen"
{
	r31_tar Electrum-3.3.2 3.3.2 Electrum-3.3.2.tar.gz &&
	r31_tar Electrum-3.3.2 3.3.3 mixed.tar.gz &&
	r31_tar Electrum-3.3.4 - Electrum-3.3.4.tar.gz &&
	r31_appimage 3.3.2 electrum-3.3.2-x86_64.AppImage &&
	r31_apk Electrum-3.3.2-arm64-v8a-release.apk &&
	r31_apk utf8.apk --utf8 &&
	r31_apk ref.apk --ref &&
	python3 "$MKR" pe 3.3.2 "$R31/electrum-3.3.2-setup.exe" &&
	python3 "$MKR" pe 3.3.2 "$R31/electrum-3.3.2-portable.exe" --no-resource &&
	# a setup whose version resource's data entry points outside every
	# section, and an APK whose AndroidManifest.xml is cut short
	python3 - "$R31/electrum-3.3.2-setup.exe" "$R31/electrum-4.8.2-setup.exe" <<'PY' &&
import struct, sys
b = bytearray(open(sys.argv[1], "rb").read())
# the data entry follows three 24-byte directories at the start of .rsrc
lf = struct.unpack_from("<I", b, 0x3c)[0]
n = struct.unpack_from("<H", b, lf + 6)[0]
opt = struct.unpack_from("<H", b, lf + 20)[0]
ptr = struct.unpack_from("<I", b, lf + 24 + opt + 40 * (n - 1) + 20)[0]
struct.pack_into("<I", b, ptr + 72, 0x7fff0000)
open(sys.argv[2], "wb").write(b)
PY
	mkdir -p "$R31/gen/cut" && head -c 200 "$R31/gen/Electrum-3.3.2-arm64-v8a-release.apk/AndroidManifest.xml" \
	    > "$R31/gen/cut/AndroidManifest.xml" && printf 'dex\n' > "$R31/gen/cut/classes.dex" &&
	(cd "$R31/gen/cut" && zip -qX ../cut.zip AndroidManifest.xml classes.dex) &&
	python3 "$TESTS/mkapk.py" "$R31/gen/cut.zip" "$R31/Electrum-4.8.2-arm64-v8a-release.apk" &&
	r31_sign "$R31"/*.tar.gz "$R31"/*.AppImage "$R31"/*.apk "$R31"/*.exe &&
	r31_copy Electrum-3.3.2.tar.gz Electrum-4.8.1.tar.gz &&
	r31_copy Electrum-3.3.2.tar.gz Electrum-sourceonly-4.8.1.tar.gz &&
	r31_copy mixed.tar.gz Electrum-3.3.3.tar.gz &&
	r31_copy electrum-3.3.2-x86_64.AppImage electrum-4.8.1-x86_64.AppImage &&
	r31_copy Electrum-3.3.2-arm64-v8a-release.apk Electrum-4.8.1-arm64-v8a-release.apk &&
	r31_copy utf8.apk Electrum-4.8.1-x86_64-release.apk &&
	r31_copy utf8.apk Electrum-3.3.2-x86_64-release.apk &&
	r31_copy ref.apk Electrum-4.8.1-armeabi-v7a-release.apk &&
	r31_copy electrum-3.3.2-setup.exe electrum-4.8.1-setup.exe &&
	r31_copy electrum-3.3.2-portable.exe electrum-4.8.1-portable.exe
} > "$R31/make.log" 2>&1
report 'release fixtures: old releases as tarball, AppImage, APK and setup.exe, renamed' $? \
    "$(cat "$R31/make.log")"

VC='^version: +3\.3\.2 \(from the content\)$'
VN() { printf '^version: +%s \\(from the file name only\\)$' "$(re "$1")"; }
renamed() { printf '%sthe name says Electrum 4\.8\.1 but the content is Electrum 3\.3\.2 \(%s' "$(nok_line "$1")" "$2"; }

# --- the genuine names: verified, the version from the content ------------------
t 'source tarball: top directory and version.py agree with the name' 0 \
    "1:$(ok_line Electrum-3.3.2.tar.gz 1 alice)" "$VC" \
    "^ +read from the top directory and 'Electrum-3\\.3\\.2/electrum/version\\.py'$" -- @$R31 Electrum-3.3.2.tar.gz
t 'source tarball without version.py: the top directory alone' 0 \
    "1:$(ok_line Electrum-3.3.4.tar.gz 1 alice)" '^version: +3\.3\.4 \(from the content\)$' \
    '^ +read from the top directory$' -- @$R31 Electrum-3.3.4.tar.gz
t 'AppImage: version.py inside the squashfs' 0 "1:$(ok_line electrum-3.3.2-x86_64.AppImage 1 alice)" "$VC" \
    "^ +read from 'usr/lib/python3\\.11/site-packages/electrum/version\\.py'$" -- @$R31 electrum-3.3.2-x86_64.AppImage
t 'APK: versionName of the binary AndroidManifest.xml (UTF-16 strings)' 0 \
    "1:$(ok_line Electrum-3.3.2-arm64-v8a-release.apk 1 alice)" "$VC" \
    '^ +read from versionName in AndroidManifest\.xml$' -- @$R31 Electrum-3.3.2-arm64-v8a-release.apk
t 'APK: versionName of the binary AndroidManifest.xml (UTF-8 strings)' 0 \
    "1:$(ok_line Electrum-3.3.2-x86_64-release.apk 1 alice)" "$VC" -- @$R31 Electrum-3.3.2-x86_64-release.apk
t 'Windows setup: ProductVersion of the version resource' 0 "1:$(ok_line electrum-3.3.2-setup.exe 1 alice)" \
    "$VC" '^ +read from ProductVersion in the version resource$' -- @$R31 electrum-3.3.2-setup.exe
t 'JSON: release.version_from "content", content_version, where' 0 \
    'json:.verdict == "verified" and .release.version_from == "content" and .release.content_version == "3.3.2" and (.release.version_where | test("version.py"))' \
    -- @$R31 --json electrum-3.3.2-x86_64.AppImage

# --- renamed: not verified, naming the real version -------------------------------
t 'renamed tarball 3.3.2 -> 4.8.1: NOT VERIFIED, the content is 3.3.2' 1 \
    "1:$(renamed Electrum-4.8.1.tar.gz "the top directory and 'Electrum-3\\.3\\.2/electrum/version\\.py'")" \
    "$VC" "^ +#1 +GOOD +counted +alice " -- @$R31 Electrum-4.8.1.tar.gz
t 'renamed tarball 3.3.2 -> sourceonly 4.8.1: NOT VERIFIED' 1 \
    "1:$(renamed Electrum-sourceonly-4.8.1.tar.gz 'the top directory and')" -- @$R31 Electrum-sourceonly-4.8.1.tar.gz
t 'renamed AppImage 3.3.2 -> 4.8.1: NOT VERIFIED, the content is 3.3.2' 1 \
    "1:$(renamed electrum-4.8.1-x86_64.AppImage "'usr/lib/python3\\.11/site-packages/electrum/version\\.py'")" \
    "$VC" -- @$R31 electrum-4.8.1-x86_64.AppImage
t 'renamed APK 3.3.2 -> 4.8.1: NOT VERIFIED, the content is 3.3.2' 1 \
    "1:$(renamed Electrum-4.8.1-arm64-v8a-release.apk 'versionName in AndroidManifest\.xml')" \
    "$VC" -- @$R31 Electrum-4.8.1-arm64-v8a-release.apk
t 'renamed APK (UTF-8 strings) 3.3.2 -> 4.8.1: NOT VERIFIED' 1 \
    "1:$(renamed Electrum-4.8.1-x86_64-release.apk 'versionName in AndroidManifest\.xml')" \
    -- @$R31 Electrum-4.8.1-x86_64-release.apk
t 'renamed setup.exe 3.3.2 -> 4.8.1: NOT VERIFIED, the content is 3.3.2' 1 \
    "1:$(renamed electrum-4.8.1-setup.exe 'ProductVersion in the version resource')" \
    "$VC" -- @$R31 electrum-4.8.1-setup.exe
t 'renamed, --quiet: the one line names the real version' 1 lines=1 \
    "1:$(renamed Electrum-4.8.1.tar.gz 'the top directory')" -- @$R31 --quiet Electrum-4.8.1.tar.gz
t 'renamed, JSON: not-verified, release.version 4.8.1, content_version 3.3.2' 1 \
    'json:.verdict == "not-verified" and .exit == 1 and .release.version == "4.8.1" and .release.content_version == "3.3.2" and (.reason | test("content is Electrum 3.3.2"))' \
    -- @$R31 --json Electrum-4.8.1.tar.gz
t 'top directory 3.3.2, version.py 3.3.3: NOT VERIFIED, both named' 1 \
    "1:$(nok_line Electrum-3.3.3.tar.gz)the content does not say which version it is \\(the top directory says 3\\.3\\.2 but 'Electrum-3\\.3\\.2/electrum/version\\.py' says 3\\.3\\.3\\)" \
    -- @$R31 Electrum-3.3.3.tar.gz

# --- where the content carries no version: said so, the verdict stays -------------
t 'PyInstaller-style exe without a version resource: from the file name only' 0 \
    "1:$(ok_line electrum-4.8.1-portable.exe 1 alice)" "$(VN 4.8.1)" \
    '^ +the content carries no version that is read$' -- @$R31 electrum-4.8.1-portable.exe
t 'APK whose versionName is a resource reference: from the file name only' 0 \
    "1:$(ok_line Electrum-4.8.1-armeabi-v7a-release.apk 1 alice)" "$(VN 4.8.1)" \
    -- @$R31 Electrum-4.8.1-armeabi-v7a-release.apk
t 'JSON: version_from "file-name" where the content has none' 0 \
    'json:.release.version_from == "file-name" and .release.content_version == null' \
    -- @$R31 --json electrum-4.8.1-portable.exe
t 'not verified anyway (BAD): the content is not read' 1 "1:$(nok_line Electrum-4.8.1.tar.gz).*BAD signature" \
    "$(VN 4.8.1)" '^ +the content was not read: the signatures do not verify$' \
    -- @$R31 --sig electrum-4.8.1-setup.exe.asc Electrum-4.8.1.tar.gz
t 'gzip data named as a tarball that holds no tar: from the file name only, why said' 0 \
    "1:$(ok_line Electrum-4.6.2.tar.gz 1 alice)" "$(VN 4.6.2)" '^ +the content could not be read for its version: ' \
    -- @$FX/rel --sig ../sig/rel.asc Electrum-4.6.2.tar.gz
t 'setup whose version resource points outside the sections: from the file name only, why said' 0 \
    "1:$(ok_line electrum-4.8.2-setup.exe 1 alice)" "$(VN 4.8.2)" \
    '^ +the content could not be read for its version: PE version resource: an address outside the sections$' \
    -- @$R31 electrum-4.8.2-setup.exe
t 'APK whose AndroidManifest.xml is cut short: from the file name only, why said' 0 \
    "1:$(ok_line Electrum-4.8.2-arm64-v8a-release.apk 1 alice)" "$(VN 4.8.2)" \
    '^ +the content could not be read for its version: AndroidManifest\.xml is not Android binary XML$' \
    -- @$R31 Electrum-4.8.2-arm64-v8a-release.apk
