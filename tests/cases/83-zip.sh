# Zips and APKs that hide content from libarchive while Android, Java or
# Python read it (issue 3, review of the archive walkers): Info-ZIP
# Unicode Path fields that rename entries, file types that turn data into
# a directory, entries the central directory leaves out, a second end of
# central directory record, and bytes in extra fields and entry comments
# that no entry records. The zips come from tests/mkzip.py (written field
# by field), the clean ones from Info-ZIP zip, bsdtar and tests/mkapk.py.

[ -n "${AR_READY:-}" ] || . "$TESTS/archives.sh"

Z83=$T/z83
mkdir -p "$Z83"
# facts: one line "NAME KEY=VALUE ..." per zip; exported as Z83_KEY
while read -r _name _facts; do
	for _kv in $_facts; do
		export "Z83_${_kv%%=*}=${_kv#*=}"
	done
done < <(python3 "$TESTS/mkzip.py" "$Z83")
python3 "$TESTS/mkapk.py" "$Z83/up-off.zip" "$Z83/up-off.apk" > /dev/null &&
cp "$Z83/up-evil.zip" "$Z83/up-evil.apk" &&
python3 "$TESTS/mkapk.py" "$Z83/ex-none.zip" "$Z83/pad.apk" > /dev/null &&
python3 - "$Z83/pad.apk" <<'PY'
import struct, sys
# one byte of the verity padding (the last pair, just before the block's
# size field and magic) made non-zero
p = sys.argv[1]
b = bytearray(open(p, "rb").read())
cd_off = struct.unpack_from("<I", b, b.rfind(b"PK\5\6") + 16)[0]
assert b[cd_off - 16:cd_off] == b"APK Sig Block 42" and b[cd_off - 25] == 0
b[cd_off - 25] = 0x55
open(p, "wb").write(b)
PY
# clean zips from real tools: Info-ZIP without -X (UT and ux fields), bsdtar
# (its "xl" field too); each with a directory and a symlink
mkdir -p "$Z83/tree/d/empty" && printf 'hi\n' > "$Z83/tree/d/a.txt" &&
ln -sf a.txt "$Z83/tree/d/link" &&
(cd "$Z83/tree" && zip -q -r -y "$Z83/infozip.zip" d && bsdtar --format zip -cf "$Z83/bsdtar.zip" d)

rec() {	# rec NAME JQ: a json: check on the outside record NAME
	printf 'json:any(.outside[]; .name == "%s" and (%s))' "$1" "$2"
}
norec() { printf 'json:all(.outside[]; .name != "%s")' "$1"; }
HOSTILE='json:.hostile == true'
CLEAN='json:.hostile == false'

# --- Info-ZIP Unicode Path and Comment fields ---------------------------------------
# (libarchive takes an entry's name from a 0x7075 field, Android and Java
# from the header: two entries swapped that way list as the original)
t 'zip Unicode Path fields swapping classes.dex and classes2.dex: hostile zip-unicode-path' 1 \
    "$HOSTILE" "$(rec zip-unicode-path '.hostile == true and (.note | startswith("2 entries have an Info-ZIP Unicode Path (0x7075)")) and (.note | endswith("first '"'"'classes.dex'"'"' (0x7075)"))')" \
    "sh:python3 -c 'import zipfile, sys; sys.exit(zipfile.ZipFile(\"$Z83/up-evil.zip\").read(\"classes.dex\") != b\"EVIL\\n\")'" \
    -- @$Z83 manifest --format json up-evil.zip
t '--unsigned: an APK against the same zip with swapped names is DIFFERENT' 1 \
    "1:^DIFFERENT: 'up-off\\.apk' and 'up-evil\\.apk': " \
    '^hostile outside zip-unicode-path: 2 entries have an Info-ZIP Unicode Path ' \
    -- @$Z83 compare --unsigned up-off.apk up-evil.apk
t 'a Unicode Path field renaming classes.dex: zip-unicode-path and zip-name-mismatch' 1 "$HOSTILE" \
    "$(rec zip-unicode-path '.hostile == true')" \
    "$(rec zip-name-mismatch '.hostile == true and (.note | test("^2 names differ between the zip central directory and the entries read, first .classes\\.dex. \\(in the central directory, not read\\)$"))')" \
    -- @$Z83 manifest --format json up-rename.zip
t 'a Unicode Path field in the central directory only: hostile' 1 "$HOSTILE" \
    "$(rec zip-unicode-path '.hostile == true')" -- @$Z83 manifest --format json up-cd.zip
t 'a Unicode Comment field (0x6375): hostile zip-unicode-path' 1 \
    "$(rec zip-unicode-path '.hostile == true and (.note | endswith("(0x6375)"))')" \
    -- @$Z83 manifest --format json uc.zip
t 'a name with a NUL byte (libarchive stops there, Android does not): zip-name-mismatch' 1 \
    "$(rec zip-name-mismatch '.hostile == true and (.note | endswith("first '"'"'a.txt'"'"' (read, not in the central directory)"))')" \
    "$(rec zip-backslash-names '.hostile == true')" -- @$Z83 manifest --format json nul.zip

# --- data in entries of another type --------------------------------------------------
for ty in dir:directory chr:'character device' fifo:fifo sock:socket lnk:symlink; do
	t "APK: classes.dex with data but the Unix type ${ty#*:}: hostile zip-nonregular" 1 "$HOSTILE" \
	    "$(rec zip-nonregular '.hostile == true and (.note | endswith("first '"'"'classes.dex'"'"' ('"${ty#*:}"')"))')" \
	    -- @$Z83 manifest --format json "nr-${ty%%:*}-apk.zip"
done
for ty in dir chr fifo sock; do
	t "plain zip: classes.dex with data but the Unix type $ty: hostile zip-nonregular" 1 \
	    "$(rec zip-nonregular '.hostile == true and (.note | startswith("1 zip entry with data"))')" \
	    -- @$Z83 manifest --format json "nr-$ty.zip"
done
t 'the MS-DOS directory attribute on an entry with data: hostile zip-nonregular' 1 \
    "$(rec zip-nonregular '.hostile == true and (.note | endswith("(directory)"))')" \
    -- @$Z83 manifest --format json nr-dosdir.zip
t 'a name ending in "/" on an entry with data: hostile zip-nonregular' 1 \
    "$(rec zip-nonregular '.hostile == true and (.note | endswith("first '"'"'classes.dex/'"'"' (directory)"))')" \
    -- @$Z83 manifest --format json nr-slash.zip
for f in nr-xl.zip:'local header' nr-xlcd.zip:'central directory'; do
	t 'libarchive'"'"'s "xl" field making a file a directory in the '"${f#*:}"': hostile' 1 \
	    'json:any(.entries[]; .path == "classes.dex" and .type == "dir")' \
	    "$(rec zip-nonregular '.hostile == true')" -- @$Z83 manifest --format json "${f%%:*}"
done
t 'plain zip: an empty directory and a symlink are fine, a UT field recorded, not hostile' 0 "$CLEAN" \
    "$(norec zip-nonregular)" 'json:any(.entries[]; .path == "d/link" and .type == "symlink" and .link == "f.txt")' \
    "$(rec zip-extra-fields '.hostile == false and .size == 18 and (.note | startswith("2 extra fields in 1 entry"))')" \
    -- @$Z83 manifest --format json nr-ok.zip

# --- bytes between entries --------------------------------------------------------
t 'a local entry the central directory leaves out: hostile zip-gap (offset, size, sha256)' 1 "$HOSTILE" \
    "$(rec zip-gap '.hostile == true and .offset == ($ENV.Z83_gap_off | tonumber) and .size == ($ENV.Z83_gap_size | tonumber) and .sha256 == $ENV.Z83_gap_sha and (.note | startswith("1 gap or overlap between zip entries"))')" \
    "sh:cat '$Z83/gap.zip' | bsdtar -tf - | grep -qx evil.sh" -- @$Z83 manifest --format json gap.zip
t 'an entry inside the data of another: hostile zip-gap (overlap)' 1 "$HOSTILE" \
    "$(rec zip-gap '.hostile == true and .offset == ($ENV.Z83_ov_off | tonumber) and .size == ($ENV.Z83_ov_size | tonumber) and (.note | test("bytes in two entries at offset"))')" \
    -- @$Z83 manifest --format json overlap.zip
t 'zip-gap in mtree: an "# outside" comment' 1 \
    "^# outside zip-gap offset=$Z83_gap_off size=$Z83_gap_size sha256=$Z83_gap_sha hostile 1 gap or overlap" \
    -- @$Z83 manifest gap.zip

# --- two end of central directory records -------------------------------------------
t 'a second end of central directory record in the comment: exit 2, nothing on stdout' 2 "$NOOUT" \
    "err:^electrum-verify: 'eocd2\\.zip': ambiguous zip file: another end of central directory record at offset [0-9]+ follows the one at [0-9]+" \
    -- @$Z83 manifest eocd2.zip
t '"PK\5\6" in the zip comment: exit 2' 2 "$NOOUT" 'err:ambiguous zip file' -- @$Z83 manifest eocd-sig.zip
t 'compare with an ambiguous zip: exit 2, no verdict' 2 '!^(IDENTICAL|DIFFERENT)' 'err:ambiguous zip file' \
    -- @$Z83 compare ex-none.zip eocd2.zip

# --- extra fields and entry comments --------------------------------------------------
t 'compare: an unknown extra field and an entry comment make a difference' 1 \
    "1:^DIFFERENT: 'ex-none\\.zip' and 'ex-more\\.zip': 2 added, 0 removed, 0 changed\$" \
    '^added outside zip-extra-fields$' '^added outside zip-entry-comments$' \
    -- @$Z83 compare ex-none.zip ex-more.zip
t 'extra fields and entry comments: records at the central directory (size, sha256), not hostile' 0 "$CLEAN" \
    "$(rec zip-extra-fields '.hostile == false and .offset == ($ENV.Z83_cd_off | tonumber) and .size == ($ENV.Z83_x_size | tonumber) and .sha256 == $ENV.Z83_x_sha and .note == "1 extra field in 1 entry (zipalign'"'"'s 0xd935 left out)"')" \
    "$(rec zip-entry-comments '.hostile == false and .size == 18 and .sha256 == $ENV.Z83_c_sha and .note == "1 entry comment in the central directory"')" \
    -- @$Z83 manifest --format json ex-more.zip
t 'zipalign'"'"'s 0xd935 field, zero padding and an empty JAR magic are left out' 0 "$CLEAN" \
    "$(norec zip-extra-fields)" "$(rec zip-entry-comments '.size == 1')" -- @$Z83 manifest --format json ex-align.zip
t 'Info-ZIP zip (UT, ux fields, a symlink): not hostile, the fields recorded' 0 "$CLEAN" \
    "$(rec zip-extra-fields '.hostile == false and .size > 0')" "$(norec zip-nonregular)" \
    'json:any(.entries[]; .path == "d/link" and .type == "symlink")' -- @$Z83 manifest --format json infozip.zip
t 'bsdtar zip (UT, ux, xl fields, a symlink): not hostile, the fields recorded' 0 "$CLEAN" \
    "$(rec zip-extra-fields '.hostile == false and .size > 0')" "$(norec zip-nonregular)" \
    'json:any(.entries[]; .path == "d/empty" and .type == "dir")' -- @$Z83 manifest --format json bsdtar.zip
t 'APK verity padding that is not all zero: apk-signing-block hostile' 1 "$HOSTILE" \
    "$(rec apk-signing-block '.hostile == true and (.note | endswith("; hostile: verity padding not all zero"))')" \
    -- @$Z83 manifest --format json pad.apk

# a zip written by bsdtar to a pipe ends in zero padding after its end
# record: recorded as trailing-data, not hostile; junk there is hostile
(cd "$Z83/tree" && bsdtar --format zip -cf - d) > "$Z83/piped.zip"
{ cat "$Z83/bsdtar.zip"; printf 'junk'; } > "$Z83/junk-tail.zip"
t 'zip with zero padding after its end record (bsdtar to a pipe): recorded, not hostile' 0 "$CLEAN" \
    "$(rec trailing-data '.hostile == false and .size > 0 and (.note | startswith("zero padding"))')" \
    -- @$Z83 manifest --format json piped.zip
t 'zip with bytes after its end record: trailing-data hostile' 1 "$HOSTILE" \
    "$(rec trailing-data '.hostile == true and .size == 4')" -- @$Z83 manifest --format json junk-tail.zip
t 'compare --unsigned: official APK whose verity padding is not zero is a problem' 1 '1:^DIFFERENT: ' \
    "^problem: 'pad\.apk': the APK signing block's verity padding is not all zero$" \
    -- @$Z83 compare --unsigned pad.apk ex-none.zip

# --- local header against central directory (issue 16) ------------------------------
# libarchive reads the method and flags of the local header, Android, Java's
# ZipFile and Python's zipfile those of the central directory: every field
# both carry must agree. lh-*.zip from mkzip.py headers(); in each, one field
# of classes.dex differs.
python3 "$TESTS/mkapk.py" "$Z83/lh-deflate-stored.zip" "$Z83/lh-deflate-stored.apk" > /dev/null &&
python3 "$TESTS/mkapk.py" "$Z83/lh-stored-deflate.zip" "$Z83/lh-stored-deflate.apk" > /dev/null
lh() {	# lh WHY_RE: the zip-central-mismatch record names classes.dex and why
	rec zip-central-mismatch '.hostile == true and (.note | test("^1 central directory entry disagrees with the local headers, first: .classes\\.dex. \\('"$1"'\\)$"))'
}
pyread() {	# pyread ZIP SHA: Python's zipfile reads classes.dex with that SHA-256
	printf '%s' "sh:python3 -c 'import zipfile, hashlib, sys; sys.exit(hashlib.sha256(zipfile.ZipFile(\"$Z83/$1\").read(\"classes.dex\")).hexdigest() != \"$2\")'"
}
t 'stored in the local header, deflate in the central directory, CRC valid for both: hostile' 1 "$HOSTILE" \
    "$(lh 'method: 0 in the local header, 8 in the central directory')" \
    "json:any(.entries[]; .path == \"classes.dex\" and .sha256 == \"$Z83_evil_sha\" and .flags == [])" \
    "$(pyread lh-stored-deflate.zip "$Z83_good_sha")" -- @$Z83 manifest --format json lh-stored-deflate.zip
t 'deflate in the local header, stored in the central directory: hostile' 1 "$HOSTILE" \
    "$(lh 'method: 8 in the local header, 0 in the central directory')" \
    "json:any(.entries[]; .path == \"classes.dex\" and .sha256 == \"$Z83_good_sha\")" \
    "!$(pyread lh-deflate-stored.zip "$Z83_good_sha")" -- @$Z83 manifest --format json lh-deflate-stored.zip
t 'compare: same bytes read by libarchive, other method in the central directory: DIFFERENT' 1 \
    "1:^DIFFERENT: 'lh-ok-good\\.zip' and 'lh-deflate-stored\\.zip': 1 added, 0 removed, 0 changed, 2 hostile$" \
    '^hostile outside zip-central-mismatch: 1 central directory entry disagrees' \
    -- @$Z83 compare lh-ok-good.zip lh-deflate-stored.zip
for f in stored-deflate deflate-stored; do
	t "--unsigned: an APK whose local header and central directory disagree on the method ($f): DIFFERENT" 1 \
	    '1:^DIFFERENT: ' "^problem: 'lh-$f\\.apk': 1 central directory entries disagree with their local headers, first: 'classes\\.dex' \\(method: " \
	    -- @$Z83 compare --unsigned "lh-$f.apk" lh-ok-good.zip
done
t 'the encryption flag in the central directory only: hostile' 1 \
    "$(lh 'flags: 0x0000 in the local header, 0x0001 in the central directory')" -- @$Z83 manifest --format json lh-enc-cd.zip
t 'the encryption flag in the local header only: refused by libarchive (exit 2), no manifest' 2 "$NOOUT" \
    "err:^electrum-verify: cannot read 'lh-enc-local\\.zip' \\(entry 2 'classes\\.dex'\\)" -- @$Z83 manifest lh-enc-local.zip
t 'the data descriptor flag in the local header only: hostile' 1 \
    "$(lh 'flags: 0x0008 in the local header, 0x0000 in the central directory')" -- @$Z83 manifest --format json lh-desc-local.zip
t 'the UTF-8 flag in the central directory only: hostile' 1 \
    "$(lh 'flags: 0x0000 in the local header, 0x0800 in the central directory')" -- @$Z83 manifest --format json lh-utf8-cd.zip
t 'another CRC in the central directory: hostile' 1 \
    "$(lh 'CRC: f6b2475b in the local header, 12345678 in the central directory')" -- @$Z83 manifest --format json lh-crc.zip
t 'another size in the central directory: hostile' 1 \
    "$(lh 'size: 20 in the local header, 1000 in the central directory')" -- @$Z83 manifest --format json lh-size.zip
t 'zip64 sizes that differ: hostile' 1 \
    "$(lh 'size: 14 in the local header, 1014 in the central directory')" -- @$Z83 manifest --format json lh-zip64.zip
t 'a data descriptor giving another CRC than the central directory: hostile' 1 \
    "$(lh 'data descriptor: CRC deadbeef, sizes 5 and 5; central directory: 5eda26d2, 5 and 5')" \
    -- @$Z83 manifest --format json lh-desc.zip
t 'another MS-DOS modification time in the central directory: hostile' 1 \
    "$(lh 'modification time: [0-9a-f]{4} [0-9a-f]{4} in the local header, [0-9a-f]{4} 1234 in the central directory')" \
    -- @$Z83 manifest --format json lh-time.zip
t 'extended timestamps (0x5455) giving other mtimes: hostile' 1 \
    "$(lh 'extra field 0x5455: 9 bytes in the local header, 5 in the central directory, meaning differs')" \
    -- @$Z83 manifest --format json lh-ut.zip
t 'NTFS times (0x000a) that differ between the headers: hostile' 1 \
    "$(lh 'extra field 0x000a: 32 bytes in the local header, 32 in the central directory, meaning differs')" \
    -- @$Z83 manifest --format json lh-ntfs.zip
t 'an extra field given twice in the local header: hostile' 1 \
    "$(lh 'extra field 0x5455 given twice in the local header')" -- @$Z83 manifest --format json lh-twice.zip
for f in ut ux; do
	t "extra field $f as Info-ZIP writes it (local and central differ in bytes, not in meaning): clean" 0 \
	    "$CLEAN" "$(norec zip-central-mismatch)" -- @$Z83 manifest --format json "lh-ok-$f.zip"
done
for f in good zip64 desc; do
	t "local header and central directory agreeing ($f): clean" 0 "$CLEAN" "$(norec zip-central-mismatch)" \
	    -- @$Z83 manifest --format json "lh-ok-$f.zip"
done
python3 - "$Z83/pystream.zip" <<'PY'
import io, sys, zipfile
class Pipe(io.RawIOBase):   # not seekable: zipfile writes data descriptors
    def __init__(self): self.b = bytearray()
    def writable(self): return True
    def write(self, d): self.b += d; return len(d)
p = Pipe()
with zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED) as z:
    with z.open("a.txt", "w") as f:
        f.write(b"streamed\n" * 50)
    z.writestr("b.txt", b"b\n")
open(sys.argv[1], "wb").write(p.b)
PY
t 'Python zipfile writing to a pipe (data descriptors): clean' 0 "$CLEAN" "$(norec zip-central-mismatch)" \
    'sh:[ "$(od -An -tx1 -j6 -N1 "'"$Z83"'/pystream.zip" | tr -d " ")" = 08 ]' -- @$Z83 manifest --format json pystream.zip

# --- differential: several readers over every zip fixture (issue 16) --------------------
# tests/readers.py reads each zip with Python's zipfile, Java's ZipFile,
# unzip, 7z and bsdtar (whichever are installed; a missing one is said, not
# counted). Wherever two readers differ on an entry's name or bytes, the
# manifest must not be clean and compare not IDENTICAL (of the file with
# itself: a hostile mark or record on either side is a difference).
D83=$T/d83
mkdir -p "$D83"
D83_FILES=("$Z83"/*.zip "$Z83"/*.apk "$AR"/*.zip "$AR"/h/*.zip "$AR"/apk/*.apk)
readers_run "$D83/readers.txt" "${D83_FILES[@]}"
t 'differential: the readers run, and tell a method mismatch from agreement' 0 \
    "sh:grep -q '^disagree $Z83/lh-stored-deflate\\.zip ' '$D83/readers.txt'" \
    "sh:grep -Eq '^agree $Z83/lh-ok-good\\.zip [a-z0-9]+,[a-z0-9,]+\$' '$D83/readers.txt'" \
    "sh:[ \$(grep -c '^\\(agree\\|disagree\\|unreadable\\) ' '$D83/readers.txt') -eq ${#D83_FILES[@]} ]" \
    -- --version
readers_cases "$D83/readers.txt"

# --- APK v1 signature files (issue 16) ------------------------------------------------
# compare --unsigned leaves META-INF/MANIFEST.MF, *.SF, *.RSA out of the
# comparison, so they are audited: jarsigner's own output passes; a payload
# under a signature file's name, an attribute no signer writes, digests that
# no longer match, an unauthenticated attribute in CERT.RSA are problems.
V83=$T/v83
mkdir -p "$V83"
for k in rsa-extra mf-attr mf-stale rsa-unauth; do
	python3 "$TESTS/mkapk.py" --v1 $k "$AR_GEN/apk/official.zip" "$V83/$k.zip" &&
	python3 "$TESTS/mkapk.py" "$V83/$k.zip" "$V83/$k.apk" > /dev/null || break
done
python3 "$TESTS/mkapk.py" --v1 mf-stale "$AR_GEN/apk/local.zip" "$V83/stale-local.zip"
cp "$AR/apk/local.apk" "$AR/apk/official.apk" "$V83/"
t '--unsigned APK signed v1 by jarsigner: the signature files audited, IDENTICAL' 0 '1:^IDENTICAL: ' '!^problem' \
    "sh:unzip -l '$V83/official.apk' | grep -q 'META-INF/CERT\\.RSA\$'" -- @$V83 compare --unsigned official.apk local.apk
t '--unsigned APK: a payload as META-INF/X.RSA is a problem' 1 '1:^DIFFERENT: .*1 problem$' \
    "^problem: 'rsa-extra\\.apk': its v1 signature files hold [0-9]+ findings?, first: META-INF/X\\.RSA: a signature block without its \\.SF\$" \
    -- @$V83 compare --unsigned rsa-extra.apk local.apk
t '--unsigned APK: a payload inside MANIFEST.MF is a problem' 1 '1:^DIFFERENT: ' \
    "^problem: 'mf-attr\\.apk': its v1 signature files hold [0-9]+ findings?, first: META-INF/MANIFEST\\.MF: attribute 'X-Payload' \\(a signer writes none\\)\$" \
    -- @$V83 compare --unsigned mf-attr.apk local.apk
t '--unsigned APK: v1 digests that do not match the entries are a problem' 1 '1:^DIFFERENT: .*0 changed, 1 problem$' \
    "^problem: 'mf-stale\\.apk': its v1 signature files hold 1 finding, first: META-INF/MANIFEST\\.MF: the digest of 'classes\\.dex' does not match\$" \
    -- @$V83 compare --unsigned mf-stale.apk stale-local.zip
t '--unsigned APK: an unauthenticated attribute in CERT.RSA is a problem' 1 '1:^DIFFERENT: ' \
    "^problem: 'rsa-unauth\\.apk': its v1 signature files hold 1 finding, first: META-INF/CERT\\.RSA: unauthenticated attribute 1\\.3\\.6\\.1\\.4\\.1\\.99999\\.1 \\(81 bytes\\)\$" \
    -- @$V83 compare --unsigned rsa-unauth.apk local.apk
# manifest marks the same findings: the outside record apk-v1-signature
t 'manifest APK signed v1 by jarsigner: its v1 files audited, clean' 0 \
    '^# outside apk-v1-signature offset=0 size=0 3 files, clean$' -- @$V83 manifest official.apk
t 'manifest APK: a payload as META-INF/X.RSA is marked hostile' 1 \
    '^# outside apk-v1-signature offset=0 size=0 hostile [0-9]+ findings?, first: META-INF/X\.RSA: a signature block without its \.SF$' \
    -- @$V83 manifest rsa-extra.apk
t 'manifest APK --format json: stale v1 digests are a hostile record' 1 \
    'json:any(.outside[]; .name == "apk-v1-signature" and .hostile and (.note | test("the digest of .classes\\.dex. does not match")))' \
    -- @$V83 manifest --format json mf-stale.apk
t 'manifest APK without v1 files: no apk-v1-signature record' 0 '!apk-v1-signature' -- @$V83 manifest local.apk
# two MANIFEST.MF sections for one entry: readers differ on which they take
python3 - "$AR_GEN/apk/official.zip" "$V83/dup.zip" <<'PY'
import sys, zipfile
src, out = sys.argv[1:]
with zipfile.ZipFile(src) as z, zipfile.ZipFile(out, "w") as o:
    for i in z.infolist():
        d = z.read(i)
        if i.filename == "META-INF/MANIFEST.MF":
            secs = d.split(b"\r\n\r\n")
            dex = [s for s in secs if s.startswith(b"Name: classes.dex")]
            d = d + dex[0] + b"\r\n\r\n"
        o.writestr(i, d)
PY
python3 "$TESTS/mkapk.py" "$V83/dup.zip" "$V83/dup.apk" > /dev/null
t 'manifest APK: two MANIFEST.MF sections named alike are hostile' 1 \
    "^# outside apk-v1-signature .* hostile [0-9]+ findings?, first: META-INF/MANIFEST\\.MF: two sections named 'classes\\.dex'\$" \
    -- @$V83 manifest dup.apk
# found by fuzz_jarsig (tests/fuzz/corpus/jarsig/regress-strspn-unterminated):
# a manifest whose last line ends the file without ": " was read past its
# end; it is a finding now (and ASan, make check-asan, would see a read)
python3 - "$AR_GEN/apk/official.zip" "$TESTS/fuzz/corpus/jarsig/regress-strspn-unterminated" "$V83/fz.zip" <<'PY'
import sys, zipfile
src, mf, out = sys.argv[1:]
with zipfile.ZipFile(src) as z, zipfile.ZipFile(out, "w") as o:
    for i in z.infolist():
        o.writestr(i, open(mf, "rb").read() if i.filename == "META-INF/MANIFEST.MF" else z.read(i))
PY
python3 "$TESTS/mkapk.py" "$V83/fz.zip" "$V83/fz.apk" > /dev/null
t 'fuzz: a MANIFEST.MF ending in a line without ": " (read past its end once): a problem' 1 '1:^DIFFERENT: ' \
    "^problem: 'fz\\.apk': its v1 signature files hold [0-9]+ findings?, first: META-INF/MANIFEST\\.MF: " \
    -- @$V83 compare --unsigned fz.apk local.apk
