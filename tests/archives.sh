# tests/archives.sh: the artifacts the manifest and compare cases
# (tests/cases/8*.sh) read, generated once per run under AR=$T/ar. Sourced
# by each of those case files; the first one to source it builds
# everything (a few seconds), so CASES="81" alone works too.
#
# Nothing here calls electrum-verify: the artifacts are made with tar, gzip,
# xz, bzip2, zip, dpkg-deb, gcc + mksquashfs, openssl + osslsigncode,
# tests/mkpe.py, tests/mkapk.py and tests/mkarchives.py (hostile ones).
# Each group reports one "fixture: archives: ..." line; a group that cannot
# be built fails there, and the cases using it fail after it.
#
# Results (all under AR):
#   src.tar src.tar.gz src.tar.xz src.tar.bz2 src.zip
#                     the same source tree Electrum-4.6.2/ (12 entries:
#                     dirs, files, an executable, a symlink, an empty file,
#                     an empty dir, a name with " #=")
#   v-*.tar.gz        the tree changed: v-byte (one byte of wallet.py),
#                     v-mode (README.md 0600), v-addrm (__init__.py removed,
#                     new.py added), v-type (wallet_link.py a file, not a
#                     symlink), v-link (wallet_link.py -> __init__.py),
#                     v-mtime (all times +999 s), v-owner (other:2000)
#   src-copy.tar.gz   a byte-identical copy of src.tar.gz
#   deb/ok.deb deb/badmd5.deb deb/unlisted.deb
#                     dpkg-deb --root-owner-group packages; badmd5: the
#                     md5sums line of README is wrong; unlisted: it is missing
#   app/*.AppImage    ELF runtime ("AI\2" at offset 8) + squashfs: gz, xz,
#                     zstd; changed (one byte of a file), runtime2 (another
#                     runtime, same image), junk (bytes after the image),
#                     cut (image truncated)
#   pe/*.exe          mkpe.py PE32 (and PE32+ with a tail), signed with a
#                     throw-away self-signed certificate; removed.exe =
#                     osslsigncode remove-signature (2.5 or 2.9, checked
#                     against mkpe.py --strip); nested, two-certs,
#                     pad16, nonzero-pad, after, tampered
#   apk/*.apk         official (v1 META-INF files + signing block: v2, v3,
#                     verity padding), local (neither), unknown (block
#                     0x12345678 too),
#                     changed (classes.dex differs), extra (an extra
#                     META-INF file that is no v1 signature file), mismatch
#                     (central directory names disagree with local headers)
#   h/*               tests/mkarchives.py hostile (see there)
#   bad/*             truncated and junk-appended archives, garbage manifests
# and shell variables (exported, for jq's $ENV): SRC_N, WALLET_SHA,
# EMPTY_SHA, JUNK_SHA, JUNK_SIZE, GZ_SIZE, PE_REMOVED_SHA, PE64_REMOVED_SHA,
# PE_CERT_OFF, PE_CERT_SIZE, APP_OFF, APP_RT_SHA.

AR=$T/ar
AR_GEN=$T/argen
AR_TIME=1700000000
AR_E=Electrum-4.6.2
NOOUT='sh:[ ! -s "$OUT" ]'
# (a cap's message is not a usage error about an unknown option)
NOTOPT='!err:(unrecognized|unrecognised|unknown|invalid) option'
MKA=$TESTS/mkarchives.py

# ar_tar DIR OUT.tar [tar options]: a deterministic GNU tar of DIR/$AR_E.
ar_tar() {
	local dir=$1 out=$2
	shift 2
	tar --sort=name --format=gnu --mtime=@$AR_TIME --owner=user:1000 \
	    --group=user:1000 "$@" -C "$dir" -cf "$out" "$AR_E"
}

# ar_flip FILE OFFSET: complement one byte of FILE.
ar_flip() {
	python3 -c 'import sys
p, o = sys.argv[1], int(sys.argv[2])
b = bytearray(open(p, "rb").read()); b[o] ^= 0xff; open(p, "wb").write(b)' "$1" "$2"
}

ar_src() {
	local s=$AR_GEN/src e
	e=$s/$AR_E
	mkdir -p "$e/electrum/locale" "$e/contrib" || return 1
	printf '# Electrum (test tree)\n' > "$e/README.md"
	printf '#!/bin/sh\nexec python3 -m electrum "$@"\n' > "$e/run_electrum"
	chmod 755 "$e/run_electrum"
	printf 'from setuptools import setup\nsetup()\n' > "$e/setup.py"
	printf '__version__ = "4.6.2"\n' > "$e/electrum/__init__.py"
	fx_pattern 150000 > "$e/electrum/wallet.py"
	: > "$e/electrum/empty.txt"
	ln -s wallet.py "$e/electrum/wallet_link.py"
	printf 'a name with a space, a hash and an equals sign\n' > "$e/contrib/sp ace#=.txt"
	chmod -R u=rwX,go=rX "$e" && chmod 755 "$e/run_electrum"
	ar_tar "$s" "$AR/src.tar" || return 1
	gzip -n -9 -c "$AR/src.tar" > "$AR/src.tar.gz" &&
	xz -c "$AR/src.tar" > "$AR/src.tar.xz" &&
	bzip2 -c "$AR/src.tar" > "$AR/src.tar.bz2" &&
	cp "$AR/src.tar.gz" "$AR/src-copy.tar.gz" || return 1
	find "$e" -exec touch -h -d @$AR_TIME {} + &&
	(cd "$s" && TZ=UTC zip -q -r -y -X "$AR/src.zip" "$AR_E") || return 1
	SRC_N=12
	WALLET_SHA=$(sha256sum < "$e/electrum/wallet.py" | cut -d' ' -f1)
	EMPTY_SHA=$(sha256sum < /dev/null | cut -d' ' -f1)
	[ "$(bsdtar -tf "$AR/src.tar.gz" | wc -l)" -eq "$SRC_N" ] &&
	[ "$(bsdtar -tf "$AR/src.zip" | wc -l)" -eq "$SRC_N" ]
}

# ar_variant NAME CMD [tar options]: the source tree copied, CMD run in the
# copy's $AR_E, tarred to v-NAME.tar.gz.
ar_variant() {
	local name=$1 cmd=$2 v=$AR_GEN/v-$1
	shift 2
	rm -rf "$v" && mkdir -p "$v" && cp -a "$AR_GEN/src/$AR_E" "$v/" || return 1
	(cd "$v/$AR_E" && eval "$cmd") || return 1
	ar_tar "$v" "$AR_GEN/v-$name.tar" "$@" &&
	gzip -n -9 -c "$AR_GEN/v-$name.tar" > "$AR/v-$name.tar.gz"
}

ar_variants() {
	ar_variant byte 'ar_flip electrum/wallet.py 1000' &&
	ar_variant mode 'chmod 600 README.md' &&
	ar_variant addrm 'rm electrum/__init__.py && printf "new\n" > electrum/new.py' &&
	ar_variant type 'rm electrum/wallet_link.py && printf "not a link\n" > electrum/wallet_link.py' &&
	ar_variant link 'ln -sfn __init__.py electrum/wallet_link.py' &&
	ar_variant mtime ':' --mtime=@$((AR_TIME + 999)) &&
	ar_variant owner ':' --owner=other:2000 --group=other:2000 || return 1
	cmp -s "$AR_GEN/src/$AR_E/electrum/wallet.py" "$AR_GEN/v-byte/$AR_E/electrum/wallet.py" &&
	    return 1
	[ "$(wc -c < "$AR_GEN/v-byte/$AR_E/electrum/wallet.py")" -eq 150000 ]
}

ar_deb() {
	local p=$AR_GEN/deb/pkg d=$AR/deb
	mkdir -p "$p/DEBIAN" "$p/usr/bin" "$p/usr/share/doc/electrum-test" "$d" || return 1
	printf 'Package: electrum-test\nVersion: 4.6.2\nArchitecture: all\nMaintainer: Test <test@test>\nDescription: a test package\n' \
	    > "$p/DEBIAN/control"
	printf '#!/bin/sh\necho electrum\n' > "$p/usr/bin/electrum"
	chmod 755 "$p/usr/bin/electrum"
	printf 'read me\n' > "$p/usr/share/doc/electrum-test/README"
	ln -s electrum "$p/usr/bin/electrum-link"
	chmod -R u=rwX,go=rX "$p"
	(cd "$p" && md5sum usr/bin/electrum usr/share/doc/electrum-test/README) > "$p/DEBIAN/md5sums"
	local o=(--root-owner-group -Zxz --build)
	dpkg-deb "${o[@]}" "$p" "$d/ok.deb" > /dev/null || return 1
	sed -i 's|^[0-9a-f]*  usr/share/doc/electrum-test/README$|00000000000000000000000000000000  usr/share/doc/electrum-test/README|' \
	    "$p/DEBIAN/md5sums"
	grep -q '^0\{32\}  usr/share' "$p/DEBIAN/md5sums" || return 1
	dpkg-deb "${o[@]}" "$p" "$d/badmd5.deb" > /dev/null || return 1
	sed -i '/README$/d' "$p/DEBIAN/md5sums"
	dpkg-deb "${o[@]}" "$p" "$d/unlisted.deb" > /dev/null || return 1
	bsdtar -xOf "$d/ok.deb" data.tar.xz > "$AR_GEN/deb/data.tar.xz"
}

# ar_runtime OUT WORD: a tiny ELF marked as an AppImage type 2 runtime.
ar_runtime() {
	printf '#include <stdio.h>\nint main(void) { puts("%s"); return 0; }\n' "$2" > "$AR_GEN/app/rt.c"
	gcc -O2 -o "$1" "$AR_GEN/app/rt.c" || return 1
	printf 'AI\002' | dd of="$1" bs=1 seek=8 conv=notrunc 2>/dev/null
	# the squashfs must start right after the ELF section headers
	[ "$(python3 "$MKA" elf-end "$1")" -eq "$(wc -c < "$1")" ]
}

# ar_sqfs TREE OUT COMP
ar_sqfs() {
	mksquashfs "$1" "$2" -comp "$3" -noappend -all-root -quiet -no-progress \
	    -mkfs-time $AR_TIME -all-time $AR_TIME > /dev/null
}

ar_appimage() {
	local g=$AR_GEN/app a=$AR/app c
	mkdir -p "$g/tree/usr/bin" "$g/tree/usr/lib" "$g/tree/usr/share/emptydir" "$a" || return 1
	printf '#!/bin/sh\necho electrum\n' > "$g/tree/usr/bin/electrum"
	chmod 755 "$g/tree/usr/bin/electrum"
	ln -s usr/bin/electrum "$g/tree/AppRun"
	printf '[Desktop Entry]\nName=Electrum\nExec=electrum\nType=Application\n' > "$g/tree/electrum.desktop"
	fx_pattern 300000 > "$g/tree/usr/lib/big.bin"
	: > "$g/tree/usr/share/empty.txt"
	printf 'x' > "$g/tree/usr/share/one byte.txt"
	chmod -R u=rwX,go=rX "$g/tree" && chmod 755 "$g/tree/usr/bin/electrum"
	ar_runtime "$g/runtime" electrum && ar_runtime "$g/runtime2" other || return 1
	for c in gzip xz zstd; do
		ar_sqfs "$g/tree" "$g/$c.sqfs" "$c" && cat "$g/runtime" "$g/$c.sqfs" > "$a/$c.AppImage" ||
		    return 1
	done
	cat "$g/runtime2" "$g/xz.sqfs" > "$a/runtime2.AppImage"
	{ cat "$a/xz.AppImage"; printf 'JUNK after the squashfs image\n'; } > "$a/junk.AppImage"
	head -c $(( $(wc -c < "$a/xz.AppImage") - 6000 )) "$a/xz.AppImage" > "$a/cut.AppImage"
	cp -a "$g/tree" "$g/tree2" && ar_flip "$g/tree2/electrum.desktop" 5 &&
	ar_sqfs "$g/tree2" "$g/changed.sqfs" xz && cat "$g/runtime" "$g/changed.sqfs" > "$a/changed.AppImage" ||
	    return 1
	chmod 755 "$a"/*.AppImage
	APP_OFF=$(wc -c < "$g/runtime")
	APP_RT_SHA=$(sha256sum < "$g/runtime" | cut -d' ' -f1)
	unsquashfs -s -o "$APP_OFF" "$a/xz.AppImage" | grep -qi 'compression xz'
}

ar_pe() {
	local p=$AR/pe g=$AR_GEN/pe s
	# (set even if a step fails: the cases then fail, they do not stop the run)
	PE_REMOVED_SHA=none PE64_REMOVED_SHA=none PE_CERT_OFF=0 PE_CERT_SIZE=0
	mkdir -p "$p" "$g" || return 1
	openssl req -x509 -newkey rsa:2048 -nodes -keyout "$g/key.pem" -out "$g/cert.pem" \
	    -subj /CN=electrum-verify-test -days 2 > /dev/null 2>&1 || return 1
	# (options that osslsigncode 2.5, Debian 12's, and 2.9 both take; the
	# output must not exist yet: neither overwrites it)
	osslsigncode --version 2>&1 | head -n 1
	s=(osslsigncode sign -h sha256 -certs "$g/cert.pem" -key "$g/key.pem" -n electrum-test)
	python3 "$TESTS/mkpe.py" --size 20000 "$p/unsigned.exe" &&
	python3 "$TESTS/mkpe.py" --pe32plus --size 30000 --tail 3 "$p/unsigned64.exe" || return 1
	"${s[@]}" -in "$p/unsigned.exe" -out "$p/signed.exe" > /dev/null &&
	"${s[@]}" -in "$p/unsigned64.exe" -out "$p/signed64.exe" > /dev/null &&
	"${s[@]}" -nest -in "$p/signed.exe" -out "$p/nested.exe" > /dev/null &&
	osslsigncode remove-signature -in "$p/signed.exe" -out "$p/removed.exe" > /dev/null &&
	osslsigncode remove-signature -in "$p/signed64.exe" -out "$p/removed64.exe" > /dev/null ||
	    return 1
	python3 "$TESTS/mkpe.py" --tamper two-certs "$p/signed.exe" "$p/two-certs.exe" &&
	python3 "$TESTS/mkpe.py" --tamper pad=16 "$p/signed.exe" "$p/pad16.exe" &&
	python3 "$TESTS/mkpe.py" --tamper nonzero-pad "$p/signed.exe" "$p/nonzero-pad.exe" &&
	python3 "$TESTS/mkpe.py" --tamper after=16 "$p/signed.exe" "$p/after.exe" || return 1
	cp "$p/signed.exe" "$p/tampered.exe" && ar_flip "$p/tampered.exe" 5000 || return 1
	PE_REMOVED_SHA=$(sha256sum < "$p/removed.exe" | cut -d' ' -f1)
	PE64_REMOVED_SHA=$(sha256sum < "$p/removed64.exe" | cut -d' ' -f1)
	read -r PE_CERT_OFF PE_CERT_SIZE < <(python3 "$MKA" pe-certdir "$p/signed.exe")
	[ "$PE_CERT_OFF" -gt 0 ] && [ "$PE_CERT_SIZE" -gt 0 ] &&
	[ $((PE_CERT_OFF + PE_CERT_SIZE)) -eq "$(wc -c < "$p/signed.exe")" ] || return 1
	# the peer follows the rule of issue 3 (mkpe.py --strip), and a nested
	# signature goes with the outer one
	osslsigncode remove-signature -in "$p/nested.exe" -out "$g/removed-nested.exe" > /dev/null &&
	python3 "$TESTS/mkpe.py" --strip "$p/signed.exe" "$g/strip.exe" &&
	python3 "$TESTS/mkpe.py" --strip "$p/signed64.exe" "$g/strip64.exe" &&
	cmp "$g/strip.exe" "$p/removed.exe" && cmp "$g/strip64.exe" "$p/removed64.exe" &&
	cmp "$p/removed.exe" "$g/removed-nested.exe" && cmp "$p/removed.exe" "$p/unsigned.exe"
}

ar_apk() {
	local g=$AR_GEN/apk a=$AR/apk t
	t=$g/tree
	mkdir -p "$t/META-INF" "$t/res/drawable" "$t/lib/arm64-v8a" "$t/assets" "$a" || return 1
	printf '<manifest package="org.electrum.electrum"/>\n' > "$t/AndroidManifest.xml"
	fx_pattern 70000 > "$t/classes.dex"
	fx_pattern 3000 > "$t/resources.arsc"
	fx_pattern 900 > "$t/res/drawable/icon.png"
	fx_pattern 5000 > "$t/lib/arm64-v8a/libmain.so"
	printf 'asset\n' > "$t/assets/info.txt"
	local files=(AndroidManifest.xml classes.dex resources.arsc res/drawable/icon.png
	    lib/arm64-v8a/libmain.so assets/info.txt)
	# the official is signed v1 by jarsigner (MANIFEST.MF, CERT.SF,
	# CERT.RSA with SHA-256 digests), as an APK signer writes them
	(cd "$t" && TZ=UTC zip -q -X -D "$g/official.zip" "${files[@]}" &&
	    TZ=UTC zip -q -X -D "$g/local.zip" "${files[@]}") &&
	keytool -genkeypair -keystore "$g/ks.p12" -storetype PKCS12 -storepass testpass \
	    -keypass testpass -alias cert -keyalg RSA -keysize 2048 -dname CN=electrum-verify-test \
	    -validity 2 > /dev/null 2>&1 &&
	jarsigner -keystore "$g/ks.p12" -storepass testpass -digestalg SHA-256 \
	    -sigalg SHA256withRSA "$g/official.zip" cert > /dev/null 2>&1 || return 1
	printf 'not a signature file\n' > "$t/META-INF/extra.txt"
	cp "$g/official.zip" "$g/extra.zip" &&
	(cd "$t" && TZ=UTC zip -q -X -D "$g/extra.zip" META-INF/extra.txt) || return 1
	ar_flip "$t/classes.dex" 100
	(cd "$t" && TZ=UTC zip -q -X -D "$g/changed.zip" "${files[@]}") || return 1
	# (mkapk.py always writes a v2 pair and verity padding)
	local mk=(python3 "$TESTS/mkapk.py") v3=f05368c0:800
	"${mk[@]}" "$g/official.zip" "$a/official.apk" --block $v3 &&
	"${mk[@]}" "$g/local.zip" "$a/local.apk" --no-block &&
	"${mk[@]}" "$g/official.zip" "$a/unknown.apk" --block 12345678:64 --block $v3 &&
	"${mk[@]}" "$g/changed.zip" "$a/changed.apk" --no-block &&
	"${mk[@]}" "$g/extra.zip" "$a/extra.apk" &&
	"${mk[@]}" --mismatch "$g/official.zip" "$g/mismatch.zip" &&
	"${mk[@]}" "$g/mismatch.zip" "$a/mismatch.apk" || return 1
	# the APKs are still zips that bsdtar reads in full
	[ "$(bsdtar -tf "$a/official.apk" | wc -l)" -eq 9 ] &&
	[ "$(bsdtar -tf "$a/local.apk" | wc -l)" -eq 6 ] &&
	[ "$(bsdtar -tf "$a/unknown.apk" | wc -l)" -eq 9 ]
}

ar_bad() {
	local b=$AR/bad n
	mkdir -p "$b" || return 1
	n=$(wc -c < "$AR/src.tar.gz")
	head -c $((n / 2)) "$AR/src.tar.gz" > "$b/cut.tar.gz"
	head -c $(( $(wc -c < "$AR/src.tar.xz") / 2 )) "$AR/src.tar.xz" > "$b/cut.tar.xz"
	head -c $(( $(wc -c < "$AR/src.tar.bz2") / 2 )) "$AR/src.tar.bz2" > "$b/cut.tar.bz2"
	# a plain tar cut inside the data of wallet.py
	head -c 60000 "$AR/src.tar" > "$b/cut.tar"
	head -c $(( $(wc -c < "$AR/src.zip") / 2 )) "$AR/src.zip" > "$b/cut.zip"
	printf 'JUNK after the end of the stream\n' > "$AR_GEN/junk"
	JUNK_SIZE=$(wc -c < "$AR_GEN/junk")
	JUNK_SHA=$(sha256sum < "$AR_GEN/junk" | cut -d' ' -f1)
	GZ_SIZE=$n
	cat "$AR/src.tar.gz" "$AR_GEN/junk" > "$b/junk-after-gzip.tar.gz"
	{ cat "$AR/src.tar.gz"; head -c 512 /dev/zero; } > "$b/zeros-after-gzip.tar.gz"
	cat "$AR/src.tar" "$AR_GEN/junk" | gzip -n -c > "$b/junk-after-tar.tar.gz"
	# garbage manifests: each looks like its format on its first line
	printf '#mtree\n./a type=file mode=644 size=5\n./b type=bogus mode=644 size=x\n' > "$b/bad.mtree"
	printf '%s  a.txt\nthis is not a sha256sum line\n' "$EMPTY_SHA" > "$b/bad.sha256"
	printf '{\n  "kind": "tar.gz",\n  "entries": [ oops ]\n}\n' > "$b/bad.json"
	# the gzip check fails on the cut file, passes on the junk one
	! gzip -t "$b/cut.tar.gz" 2>/dev/null && bsdtar -tf "$b/junk-after-gzip.tar.gz" > /dev/null 2>&1
}

ar_group() {
	local name=$1 fn=$2
	if "$fn" > "$AR_GEN/$fn.log" 2>&1; then
		report "fixture: archives: $name" 0
	else
		report "fixture: archives: $name" 1 "$fn failed (tests/archives.sh)"
		diag_file output "$AR_GEN/$fn.log" 15
	fi
}

ar_generate() {
	local start=$SECONDS
	rm -rf "$AR" "$AR_GEN"
	mkdir -p "$AR" "$AR_GEN/app"
	ar_group 'source tree as tar, tar.gz, tar.xz, tar.bz2, zip' ar_src
	ar_group 'changed source trees (byte, mode, added/removed, type, link, mtime, owner)' ar_variants
	ar_group '.deb packages (md5sums right, wrong, missing)' ar_deb
	ar_group 'AppImages (gzip, xz, zstd squashfs after a marked ELF runtime)' ar_appimage
	ar_group 'PE executables signed with osslsigncode, tampered variants' ar_pe
	ar_group 'APKs with and without a signing block (tests/mkapk.py)' ar_apk
	ar_group 'truncated and junk-appended archives, garbage manifests' ar_bad
	if python3 "$MKA" hostile "$AR/h" > "$AR_GEN/hostile.log" 2>&1; then
		report 'fixture: archives: hostile tars and zips (tests/mkarchives.py)' 0
	else
		report 'fixture: archives: hostile tars and zips (tests/mkarchives.py)' 1
		diag_file output "$AR_GEN/hostile.log" 15
	fi
	export SRC_N WALLET_SHA EMPTY_SHA JUNK_SHA JUNK_SIZE GZ_SIZE PE_REMOVED_SHA \
	    PE64_REMOVED_SHA PE_CERT_OFF PE_CERT_SIZE APP_OFF APP_RT_SHA
	mkdir -p "$T/mf" "$T/empty"
	snapshot "$AR" > "$T/ar.snap"
	AR_READY=1
	printf '# archives ready in %ds\n' $((SECONDS - start))
}

# --- peer checks (for sh: checks; $OUT is our output) ---------------------------
# Each writes what differs to $T/peer.diff, which tp shows under a failure.

# peer_mtree ARCHIVE: our mtree = bsdtar's mtree of the same archive
# (type, mode, size, sha256, link; hard links have no peer there).
peer_mtree() {
	bsdtar -cf - --format=mtree --options='!all,type,mode,size,sha256,link' "@$1" \
	    > "$T/peer.theirs.mtree" 2> "$T/peer.diff" || return 1
	python3 "$MKA" mtree-norm "$T/peer.theirs.mtree" > "$T/peer.theirs" &&
	python3 "$MKA" mtree-norm "$OUT" > "$T/peer.ours" || return 1
	[ -s "$T/peer.ours" ] || { echo 'our mtree has no entries' > "$T/peer.diff"; return 1; }
	diff "$T/peer.ours" "$T/peer.theirs" > "$T/peer.diff"
}

# peer_sha256sum ARCHIVE: our sha256sum output passes sha256sum -c in a
# tree bsdtar extracted from ARCHIVE, and names every regular file there.
peer_sha256sum() {
	local x=$T/peer.x
	rm -rf "$x" && mkdir -p "$x" || return 1
	bsdtar -xf "$1" -C "$x" > "$T/peer.diff" 2>&1 || return 1
	peer_sha256sum_dir "$x"
}

# peer_sha256sum_dir DIR
peer_sha256sum_dir() {
	local x=$1 nf nl
	(cd "$x" && sha256sum -c --strict "$OUT") > "$T/peer.diff" 2>&1 || return 1
	nf=$(find "$x" -type f -printf x | wc -c)
	nl=$(grep -cE '^\\?[0-9a-f]{64}  ' "$OUT")
	[ "$nf" -gt 0 ] && [ "$nf" -eq "$nl" ] ||
	    { echo "$nf files extracted, $nl sha256sum lines" >> "$T/peer.diff"; return 1; }
}

# peer_unsquashfs APPIMAGE: our JSON entries = unsquashfs -lls (types,
# modes, sizes, link targets).
peer_unsquashfs() {
	unsquashfs -lls -o "$APP_OFF" "$1" > "$T/peer.lls" 2> "$T/peer.diff" || return 1
	python3 "$MKA" unsquashfs-norm "$T/peer.lls" > "$T/peer.theirs" &&
	python3 "$MKA" json-norm --nosha "$OUT" > "$T/peer.ours" || return 1
	[ -s "$T/peer.ours" ] || { echo 'our manifest has no entries' > "$T/peer.diff"; return 1; }
	diff "$T/peer.ours" "$T/peer.theirs" > "$T/peer.diff"
}

# peer_unsquashfs_sha APPIMAGE: our sha256sum output passes in the tree
# unsquashfs extracted.
peer_unsquashfs_sha() {
	local x=$T/peer.sq
	rm -rf "$x"
	unsquashfs -q -n -o "$APP_OFF" -d "$x" "$1" > "$T/peer.diff" 2>&1 || return 1
	peer_sha256sum_dir "$x"
}

# tp: t, and under a failure the peer's difference.
tp() {
	local before=$FAILED
	rm -f "$T/peer.diff"
	t "$@"
	if [ "$FAILED" -gt "$before" ] && [ -s "$T/peer.diff" ]; then
		diag_file 'peer check (diff ours theirs / messages)' "$T/peer.diff" 20
	fi
}

# ev ARGS...: the tool, in the case environment, for making manifest files.
ev() { (cd "$AR" && env -i "${BASE_ENV[@]}" "$EV" "$@"); }

# jflag PATH FLAG: a json: check that the entry PATH (a jq string literal)
# carries FLAG.
jflag() { printf 'json:any(.entries[]; .path == %s and any(.flags[]?; . == "%s"))' "$1" "$2"; }
# jclean PATH: the entry PATH exists and has no flags.
jclean() { printf 'json:any(.entries[]; .path == %s) and all(.entries[] | select(.path == %s); (.flags // []) == [])' "$1" "$1"; }

# readers_run OUT FILE...: tests/readers.py over the files into OUT (issue
# 16); the readers it skipped are said. readers_cases OUT: one case per
# file on which two readers disagree: manifest not clean, compare of the
# file with itself not IDENTICAL (for an image NAME.sqfs, the AppImage
# NAME.AppImage made of it beside it).
readers_run() {
	local out=$1
	shift
	python3 "$TESTS/readers.py" "$@" > "$out" 2> "$out.err"
	grep '^skipped ' "$out" | sed 's/^/# not run: differential reader /'
}
readers_cases() {
	local verdict file why
	while read -r verdict file why; do
		[ "$verdict" = disagree ] || continue
		[[ $file != *.sqfs ]] || file=${file%.sqfs}.AppImage
		t "differential: ${file#"$T"/} (${why}): manifest not clean, compare not IDENTICAL" '1|2' \
		    '!^IDENTICAL' "sh:cd '${file%/*}' && ! '$EV' manifest '${file##*/}' > /dev/null 2>&1" \
		    -- @"${file%/*}" compare "${file##*/}" "${file##*/}"
	done < "$1"
}

[ -n "${AR_READY:-}" ] || ar_generate
