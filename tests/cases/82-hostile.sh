# Hostile archives (issue 3): names that escape or collide, links that
# point elsewhere, sizes that lie, truncated streams, data after the end,
# and the caps. A hostile entry is listed and marked (exit 1); an archive
# that cannot be read in full is exit 2 with nothing on stdout, never a
# shorter manifest. The archives come from tests/mkarchives.py hostile.

[ -n "${AR_READY:-}" ] || . "$TESTS/archives.sh"

rx() { printf '%s' "$1" | sed 's/[][\.*^$()+?{}|]/\\&/g'; }
HOSTILE='json:.hostile == true'

# --- names --------------------------------------------------------------------
t 'name with "..": marked dotdot' 1 "$HOSTILE" "$(jflag '"../evil.txt"' dotdot)" \
    "$(jflag '"ok/../../evil2.txt"' dotdot)" "$(jclean '"ok.txt"')" \
    -- @$AR manifest --format json h/dotdot.tar
t 'name with "..": a "# hostile" comment in mtree, bsdtar still reads it' 1 '1:^#mtree$' \
    '^# hostile .*evil\.txt: ([a-z-]+,)*dotdot' \
    'sh:cd "$T/empty" && [ "$(bsdtar -tf "$OUT" | wc -l)" -eq 3 ]' -- @$AR manifest h/dotdot.tar
t 'absolute name: marked absolute' 1 "$HOSTILE" \
    'json:any(.entries[]; (.path | test("etc/evil\\.txt$")) and any(.flags[]; . == "absolute"))' \
    "$(jclean '"ok.txt"')" -- @$AR manifest --format json h/absolute.tar
t 'backslash in a name: marked backslash' 1 "$HOSTILE" "$(jflag '"dir\\evil.txt"' backslash)" \
    "$(jclean '"ok.txt"')" -- @$AR manifest --format json h/backslash.tar
t 'control character in a name: marked control' 1 "$HOSTILE" "$(jflag '"bell\u0007.txt"' control)" \
    "$(jclean '"ok.txt"')" -- @$AR manifest --format json h/control.tar
t 'control character in a name: escaped in mtree, no raw byte' 1 '1:^#mtree$' \
    '^\./bell\\007\.txt ' "sh:! grep -q \$'\\a' \"\$OUT\"" -- @$AR manifest h/control.tar
t 'invalid UTF-8 in a name: marked control, JSON still valid' 1 "$HOSTILE" \
    'json:any(.entries[]; (.path | startswith("bad")) and any(.flags[]; . == "control"))' \
    "$(jclean '"ok.txt"')" -- @$AR manifest --format json h/badutf8.tar
t 'empty path component ("a//b"): marked empty-name' 1 "$HOSTILE" \
    'json:any(.entries[]; (.path | test("^a/+b\\.txt$")) and any(.flags[]; . == "empty-name"))' \
    -- @$AR manifest --format json h/emptycomp.tar
t 'duplicate name: both entries listed, marked duplicate' 1 "$HOSTILE" \
    'json:[.entries[] | select(.path == "a.txt")] | length == 2 and all(.[]; any(.flags[]; . == "duplicate"))' \
    -- @$AR manifest --format json h/dup.tar
t 'duplicate after Unicode normalisation (NFC vs NFD "é")' 1 "$HOSTILE" \
    'json:(.entries | length) == 2 and ([.entries[].path] | unique | length) == 2' \
    'json:all(.entries[]; any(.flags[]; . == "duplicate-folded"))' \
    -- @$AR manifest --format json h/nfc.tar
# (in a pax header libarchive itself turns the NFD name into NFC)
t 'NFC and NFD "é" in pax headers: still two entries, marked' 1 "$HOSTILE" \
    'json:(.entries | length) == 2 and all(.entries[]; any(.flags[]; . == "duplicate" or . == "duplicate-folded"))' \
    -- @$AR manifest --format json h/nfc-pax.tar
t 'duplicate after case folding (README, readme)' 1 "$HOSTILE" \
    'json:(.entries | length) == 2 and any(.entries[]; any(.flags[]; . == "duplicate-folded"))' \
    -- @$AR manifest --format json h/case.tar
t 'names with "\" and a newline: sha256sum -c still passes in the extraction' 1 \
    '^# hostile' "sh:peer_sha256sum $AR/h/names.tar" "sh:[ \$(grep -c '^\\\\' \"\$OUT\") -eq 2 ]" \
    -- @$AR manifest --format sha256sum h/names.tar
t 'zip entry with "..": marked dotdot' 1 "$HOSTILE" "$(jflag '"../evil.txt"' dotdot)" \
    "$(jclean '"ok.txt"')" -- @$AR manifest --format json h/dotdot.zip
# (libarchive shows "dir\evil.txt" as "dir/evil.txt": the central directory tells)
t 'zip names with "\" or a control byte: hostile zip-backslash-names, count and first name' 1 \
    "$HOSTILE" 'json:any(.entries[]; .path == "dir/evil.txt")' \
    'json:any(.outside[]; .name == "zip-backslash-names" and .hostile == true and (.note | startswith("2 central directory names")) and (.note | endswith("first '"'"'dir\\\\evil.txt'"'"'")))' \
    -- @$AR manifest --format json h/backslash.zip

# --- links ----------------------------------------------------------------------
t 'entry below a symlink: marked below-symlink' 1 "$HOSTILE" "$(jflag '"d/x.txt"' below-symlink)" \
    "$(jclean '"sub"')" -- @$AR manifest --format json h/belowlink.tar
t 'hard link to a path not earlier in the archive: marked hardlink-forward' 1 "$HOSTILE" \
    "$(jflag '"h.txt"' hardlink-forward)" \
    'json:any(.entries[]; .path == "h.txt" and .type == "hardlink" and .link == "target.txt")' \
    -- @$AR manifest --format json h/hardfwd.tar
t 'hard link to an earlier path: a hardlink entry, not hostile' 0 'json:.hostile == false' \
    'json:any(.entries[]; .path == "h.txt" and .type == "hardlink" and .link == "target.txt" and .flags == [])' \
    -- @$AR manifest --format json h/hardok.tar
t 'symlinks pointing outside the root: marked symlink-outside' 1 "$HOSTILE" \
    "$(jflag '"up"' symlink-outside)" "$(jflag '"abs"' symlink-outside)" "$(jclean '"sub/in"')" \
    -- @$AR manifest --format json h/symout.tar

# --- modes (issue 16) -------------------------------------------------------------
t 'setuid, setgid and sticky bits: marked setuid-setgid-sticky' 1 "$HOSTILE" \
    "$(jflag '"suid"' setuid-setgid-sticky)" "$(jflag '"sgid"' setuid-setgid-sticky)" \
    "$(jflag '"sticky"' setuid-setgid-sticky)" "$(jclean '"plain"')" \
    'json:any(.entries[]; .path == "suid" and .mode == "4755")' -- @$AR manifest --format json h/setid.tar
t 'a setuid zip entry: marked' 1 "$(jflag '"suid.bin"' setuid-setgid-sticky)" \
    -- @$AR manifest --format json h/setid.zip
t 'compare: the same files without the bits: DIFFERENT, hostile named' 1 '1:^DIFFERENT: ' \
    '^hostile suid: setuid-setgid-sticky$' '^changed suid: mode$' -- @$AR compare h/modes.tar h/setid.tar
ev manifest "$AR/h/setid.tar" > "$T/setid.mtree" 2>/dev/null
t 'the mark read back from an mtree manifest' 1 '^hostile sgid: setuid-setgid-sticky$' \
    -- @$AR compare h/modes.tar "$T/setid.mtree"

# --- sizes that lie -------------------------------------------------------------------
# libarchive reads the real data and warns; either the entry is marked
# size-mismatch (exit 1) or the archive is refused (exit 2, no stdout).
LIE='sh:if [ $RC = 1 ]; then jq -e '"'"'any(.entries[]; .path == "lie.bin" and any(.flags[]; . == "size-mismatch"))'"'"' "$OUT"; else [ ! -s "$OUT" ] && grep -qE "^electrum-verify: .*(lie\.bin|size)" "$ERR"; fi'
t 'zip whose local and central sizes say 10, data 1000: marked or refused' '1|2' "$LIE" \
    -- @$AR manifest --format json h/sizelie.zip
t 'zip whose central size disagrees with the local header: marked or refused' '1|2' "$LIE" \
    -- @$AR manifest --format json h/sizedisagree.zip
t 'zip bomb declared 10 bytes: the entry cap counts bytes read' 2 "$NOOUT" \
    'err:^electrum-verify: .*--max-entry-bytes' "$NOTOPT" -- @$AR manifest --max-entry-bytes 100000 h/bomb.zip

# --- truncated, and data after the end ----------------------------------------------
for f in cut.tar.gz cut.tar.xz cut.tar.bz2 cut.tar cut.zip; do
	t "truncated $f: exit 2, nothing on stdout" 2 "$NOOUT" "err:^electrum-verify: .*$(rx "$f")" \
	    -- @$AR manifest "bad/$f"
done
t 'truncated AppImage (squashfs cut): exit 2, nothing on stdout' 2 "$NOOUT" 'err:^electrum-verify: .*cut\.AppImage' \
    -- @$AR manifest app/cut.AppImage
t 'junk after the gzip stream: hostile trailing data (offset, size, sha256)' 1 "$HOSTILE" \
    'json:any(.outside[]; .name == "trailing-data" and .hostile == true and .offset == ($ENV.GZ_SIZE | tonumber) and .size == ($ENV.JUNK_SIZE | tonumber) and .sha256 == $ENV.JUNK_SHA)' \
    'json:(.entries | length) == ($ENV.SRC_N | tonumber) and all(.entries[]; .flags == [])' \
    -- @$AR manifest --format json bad/junk-after-gzip.tar.gz
t 'junk after the gzip stream: an mtree comment' 1 '1:^#mtree$' \
    "^# outside trailing-data offset=$GZ_SIZE size=$JUNK_SIZE sha256=$JUNK_SHA hostile" \
    -- @$AR manifest bad/junk-after-gzip.tar.gz
t 'zeros after the gzip stream: not hostile' 0 'json:.hostile == false' \
    'json:(.entries | length) == ($ENV.SRC_N | tonumber)' -- @$AR manifest --format json bad/zeros-after-gzip.tar.gz
t 'junk after the zip end of central directory record: hostile trailing data (offset, size, sha256)' 1 \
    "$HOSTILE" "$(jclean '"ok.txt"')" \
    'json:any(.outside[]; .name == "trailing-data" and .hostile == true and .size == ($ENV.JUNK_SIZE | tonumber) and .sha256 == $ENV.JUNK_SHA)' \
    'sh:[ "$(jq '"'"'.outside[] | select(.name == "trailing-data") | .offset + .size'"'"' "$OUT")" -eq "$(wc -c < "$AR/h/junk-after.zip")" ]' \
    -- @$AR manifest --format json h/junk-after.zip
t 'junk after the end of the tar: hostile trailing data' 1 "$HOSTILE" \
    'json:any(.outside[]; (.name | startswith("trailing-data")) and .hostile == true and .size >= ($ENV.JUNK_SIZE | tonumber))' \
    'json:(.entries | length) == ($ENV.SRC_N | tonumber)' \
    -- @$AR manifest --format json bad/junk-after-tar.tar.gz

# --- caps -------------------------------------------------------------------------------
t "caps: --max-entries at the entry count ($SRC_N) passes" 0 '1:^#mtree$' \
    -- @$AR manifest --max-entries "$SRC_N" src.tar.gz
t 'caps: --max-entries below the count: exit 2 naming the option' 2 "$NOOUT" \
    'err:^electrum-verify: .*--max-entries' "$NOTOPT" -- @$AR manifest --max-entries $((SRC_N - 1)) src.tar.gz
t 'caps: --max-entries 3' 2 "$NOOUT" 'err:^electrum-verify: .*--max-entries' "$NOTOPT" \
    -- @$AR manifest --max-entries 3 src.zip
t 'caps: --max-entry-bytes 10' 2 "$NOOUT" 'err:^electrum-verify: .*--max-entry-bytes' "$NOTOPT" \
    -- @$AR manifest --max-entry-bytes 10 src.tar.gz
t 'caps: --max-entry-bytes at the largest file (150000) passes' 0 '1:^#mtree$' \
    -- @$AR manifest --max-entry-bytes 150000 src.tar.xz
t 'caps: --max-total-bytes 1000' 2 "$NOOUT" 'err:^electrum-verify: .*--max-total-bytes' "$NOTOPT" \
    -- @$AR manifest --max-total-bytes 1000 src.tar.gz
t 'caps: --max-path 10' 2 "$NOOUT" 'err:^electrum-verify: .*--max-path' "$NOTOPT" \
    -- @$AR manifest --max-path 10 src.tar.gz
t 'caps: apply to AppImages too' 2 "$NOOUT" 'err:^electrum-verify: .*--max-entries' "$NOTOPT" \
    -- @$AR manifest --max-entries 3 app/xz.AppImage
t 'caps: apply to compare' 2 'err:^electrum-verify: .*--max-entries' "$NOTOPT" '!^(IDENTICAL|DIFFERENT)' \
    -- @$AR compare --max-entries 3 src.tar.gz src.tar.xz
t 'caps: --max-entries abc: usage error' 2 "$NOOUT" 'err:^electrum-verify: .*max-entries' \
    -- @$AR manifest --max-entries abc src.tar.gz

t_unchanged 'hostile archives: nothing written beside them' "$AR" "$T/ar.snap"

# --- the zip comment ----------------------------------------------------------------
# (after the end of central directory record, covered by no entry: an
# outside record, so that a compare sees it)
ZC_SHA=$(printf 'release build A\n' | sha256sum | cut -d' ' -f1)
export ZC_SHA
t 'zip comment: outside record zip-comment (offset, size, sha256), not hostile' 0 'json:.hostile == false' \
    'json:any(.outside[]; .name == "zip-comment" and .hostile == false and .size == 16 and .note == "16 bytes" and .sha256 == $ENV.ZC_SHA)' \
    'sh:[ "$(jq '"'"'.outside[] | select(.name == "zip-comment") | .offset + .size'"'"' "$OUT")" -eq "$(wc -c < "$AR/h/comment-a.zip")" ]' \
    -- @$AR manifest --format json h/comment-a.zip
t 'zip without a comment: no zip-comment record' 0 'json:all(.outside[]?; .name != "zip-comment")' \
    -- @$AR manifest --format json h/comment-none.zip
# (then: the two kinds, and the owners a zip does not record, in notes)
ZIP_OWNERS="^note: owners not compared: '([^']*/)?comment-a\\.zip' has none \\(zip archive\\)\$"
t 'compare: zips differing only in their comment are DIFFERENT' 1 \
    "1:^DIFFERENT: '([^']*/)?comment-a\\.zip' and '([^']*/)?comment-b\\.zip': 0 added, 0 removed, 1 changed\$" \
    '^changed outside zip-comment: sha256$' "$ZIP_OWNERS" lines=6 -- @$AR compare h/comment-a.zip h/comment-b.zip
t 'compare: a zip comment on one side only' 1 '1:^DIFFERENT: .*0 added, 1 removed, 0 changed$' \
    '^removed outside zip-comment$' "$ZIP_OWNERS" lines=6 -- @$AR compare h/comment-a.zip h/comment-none.zip

# --- special files, names that do not survive a manifest, owner names ---------------
R82=$T/rc82
mkdir -p "$R82"
python3 - "$R82" <<'PY'
import io, sys, tarfile, zipfile
out = sys.argv[1] + "/"
R, D = tarfile.REGTYPE, tarfile.DIRTYPE
def tar(name, ents, **kw):
    with tarfile.open(out + name, "w", format=tarfile.PAX_FORMAT) as tf:
        for path, kind, data, mode, *extra in ents:
            ti = tarfile.TarInfo(path)
            ti.type, ti.mode, ti.mtime, ti.size = kind, mode, 1700000000, len(data)
            for k, v in (extra[0] if extra else {}).items():
                setattr(ti, k, v)
            tf.addfile(ti, io.BytesIO(data) if kind == R else None)
tar("fifo.tar", [("dev", tarfile.FIFOTYPE, b"", 0o666)])
tar("blk.tar", [("dev", tarfile.BLKTYPE, b"", 0o666, {"devmajor": 8, "devminor": 0})])
tar("slash.tar", [("/", D, b"", 0o777), ("a", R, b"x", 0o644)])
tar("clean.tar", [("a", R, b"x", 0o644)])
tar("owner.tar", [("a", R, b"x", 0o644, {"uname": "u" * 65})])
tar("names.tar", [("esc\x1b[31m.txt", R, b"1", 0o644), ("\u202etxt.exe", R, b"2", 0o644),
                  ("ok.txt", R, b"3", 0o644)])
for name, pre in (("dot.zip", "./"), ("plain.zip", "")):
    with zipfile.ZipFile(out + name, "w") as z:
        z.writestr(pre + "classes.dex", b"dex\n" * 100)
        z.writestr("AndroidManifest.xml", b"<m/>")
with open(out + "amp.mtree", "w") as f:
    f.write("#mtree\n/set type=file uname=%s\n" % ("x" * (1 << 20)))
    f.writelines("./f%d\n" % i for i in range(400))
with open(out + "big.json", "wb") as f:
    f.write(b"{")
    f.truncate((32 << 20) + 1)
PY
python3 "$TESTS/mkapk.py" "$R82/dot.zip" "$R82/dot.apk" > /dev/null &&
python3 "$TESTS/mkapk.py" "$R82/plain.zip" "$R82/plain.apk" --no-block > /dev/null
for f in mtree sha256sum; do
	ev manifest --format $f "$R82/slash.tar" > "$R82/slash.$f" 2>/dev/null
done
ev manifest --format sha256sum "$R82/names.tar" > "$R82/names.sha256sum" 2>/dev/null
printf '#mtree\n./a type=file size=1 sha256digest=%s\n./ type=dir mode=755\n# hostile ./: absolute\n' \
    "$(printf x | sha256sum | cut -d' ' -f1)" > "$R82/rootmark.mtree"

t 'a fifo and a block device: marked special-file, never IDENTICAL' 1 \
    "1:^DIFFERENT: 'fifo\\.tar' and 'blk\\.tar': 0 added, 0 removed, 0 changed, 1 hostile\$" \
    '^hostile dev: special-file$' -- @$R82 compare fifo.tar blk.tar
t 'a block device: hostile in the manifest' 1 "$HOSTILE" "$(jflag '"dev"' special-file)" \
    -- @$R82 manifest --format json blk.tar
t 'a fifo: "# other" and "# hostile" comments in mtree' 1 '^# other \./dev$' '^# hostile \./dev: special-file$' \
    -- @$R82 manifest fifo.tar
for f in mtree sha256sum; do
	t "an entry named \"/\" survives the $f manifest, marked" 1 '1:^DIFFERENT: .*1 removed, 0 changed, 1 hostile$' \
	    '^removed /$' '^hostile /: absolute,empty-name$' \
	    "sh:grep -q '^# hostile \\\\057: absolute,empty-name\$' $R82/slash.$f" -- @$R82 compare "slash.$f" clean.tar
done
t 'hostile marks on the root in a manifest: refused, FILE:LINE' 2 '!^(IDENTICAL|DIFFERENT)' \
    'err:^electrum-verify: rootmark\.mtree:4: hostile marks on the root directory$' \
    -- @$R82 compare rootmark.mtree clean.tar
t 'an owner name past 64 bytes: refused' 2 "$NOOUT" \
    "err:^electrum-verify: 'owner\\.tar': the owner name of 'a' is longer than 64 bytes\$" -- @$R82 manifest owner.tar
t 'a 1 MB uname in an mtree /set line: refused at the line' 2 '!^(IDENTICAL|DIFFERENT)' \
    'err:^electrum-verify: amp\.mtree:2: uname longer than 64 bytes$' -- @$R82 compare amp.mtree clean.tar
t 'a JSON manifest past 32 MiB: refused, saying why' 2 '!^(IDENTICAL|DIFFERENT)' \
    "err:^electrum-verify: 'big\\.json' is a JSON manifest larger than 32 MiB" -- @$R82 compare big.json clean.tar
t 'zip name "./classes.dex": marked dot-component' 1 "$HOSTILE" "$(jflag '"classes.dex"' dot-component)" \
    "$(jclean '"AndroidManifest.xml"')" -- @$R82 manifest --format json dot.zip
t 'zip "./classes.dex" vs "classes.dex": not IDENTICAL' 1 '1:^DIFFERENT: ' '^hostile classes\.dex: dot-component$' \
    -- @$R82 compare dot.zip plain.zip
t '--unsigned APK: "./classes.dex" in the official is hostile' 1 '1:^DIFFERENT: ' \
    '^hostile classes\.dex: dot-component$' -- @$R82 compare --unsigned dot.apk plain.apk
t 'sha256sum: names with ESC or a bidi override are "# unrepresentable" comments' 1 \
    '^# unrepresentable \./esc\\033\[31m\.txt sha256=[0-9a-f]{64}$' \
    '^# unrepresentable \./\\342\\200\\256txt\.exe sha256=[0-9a-f]{64}$' '^[0-9a-f]{64}  ok\.txt$' \
    "sh:! grep -q \$'\\x1b' \"\$OUT\"" "sh:! grep -q \$'\\xe2\\x80\\xae' \"\$OUT\"" \
    -- @$R82 manifest --format sha256sum names.tar
t 'sha256sum with "# unrepresentable" lines reads back: only the marks differ' 1 \
    "1:^DIFFERENT: 'names\\.sha256sum' and 'names\\.tar': 0 added, 0 removed, 0 changed, 2 hostile\$" \
    '!^(added|removed|changed|unverifiable) ' '^hostile esc\\x1b\[31m\.txt: control$' \
    -- @$R82 compare names.sha256sum names.tar

# --- PE: data hidden after the signature inside the certificate entry ---------------
# (CVE-2013-3900: dwLength covers 64 bytes after the PKCS#7 blob, which
# Authenticode ignores; osslsigncode verify still says Succeeded)
PE82=$T/pe82
mkdir -p "$PE82"
python3 "$TESTS/mkpe.py" --tamper stuff=64 "$AR/pe/signed.exe" "$PE82/stuffed.exe" &&
python3 "$TESTS/mkpe.py" --tamper header=0x0100,2 "$AR/pe/signed.exe" "$PE82/rev1.exe" &&
cp "$AR/pe/unsigned.exe" "$PE82/unsigned.exe"
PE82_OSSL="sh:osslsigncode verify -CAfile '$AR_GEN/pe/cert.pem' -in '$PE82/stuffed.exe' 2>&1 | grep -q '^Succeeded\$'"
t 'PE with 64 bytes after the signature inside dwLength: hostile, the note says why' 1 "$HOSTILE" \
    'json:any(.outside[]; .name == "pe-certificate-table" and .hostile == true and (.note | test("; hostile: [0-9]+ bytes after the signature inside the certificate entry, not all zero \\(Electrum.s rule: at most 7 zero padding bytes\\)$")))' \
    "$PE82_OSSL" -- @$PE82 manifest --format json stuffed.exe
t '--unsigned PE with 64 bytes after the signature inside dwLength: DIFFERENT, naming the rule' 1 \
    "1:^DIFFERENT: 'stuffed\\.exe' and 'unsigned\\.exe': .*1 problem\$" \
    "^problem: 'stuffed\\.exe': the PE certificate table has [0-9]+ bytes after the signature inside the certificate entry, not all zero \\(Electrum's rule: at most 7 zero padding bytes\\)\$" \
    -- @$PE82 compare --unsigned stuffed.exe unsigned.exe
t '--unsigned PE whose certificate entry is not revision 0x0200: DIFFERENT, naming the rule' 1 '1:^DIFFERENT: ' \
    "^problem: 'rev1\\.exe': the PE certificate table has a certificate entry of revision 0x0100 \\(Electrum's rule: revision 0x0200\\)\$" \
    -- @$PE82 compare --unsigned rev1.exe unsigned.exe

# --- PE: the Authenticode PKCS#7 audited (issue 16) --------------------------------
# Bytes anyone can add to a signed file without the key (an unauthenticated
# attribute, a second SignerInfo, junk after the SignerInfo, a SEQUENCE
# around junk) are hostile in the manifest and a problem for --unsigned; a
# genuine RFC 3161 timestamp, from a local `openssl ts` responder
# (tests/tsasrv.py), and a nested signature stay clean.
for k in unauth-attr seq-junk two-signers signer-junk; do
	python3 "$TESTS/mkpe.py" --tamper sig=$k "$AR/pe/signed.exe" "$PE82/sig-$k.exe" || break
done
TSA82=$PE82/tsa
mkdir -p "$TSA82" && cat > "$TSA82/tsa.cnf" <<'CNF'
[req]
distinguished_name = dn
[dn]
[tsa_ext]
extendedKeyUsage = critical,timeStamping
basicConstraints = CA:false
[tsa]
default_tsa = tsa_config
[tsa_config]
serial = ./serial
crypto_device = builtin
default_policy = 1.2.3.4.1
signer_digest = sha256
digests = sha256, sha1
accuracy = secs:1
ordering = no
tsa_name = no
ess_cert_id_chain = no
ess_cert_id_alg = sha256
CNF
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$TSA82/tsakey.pem" -out "$TSA82/tsacert.pem" \
    -subj /CN=electrum-verify-test-tsa -days 2 -config "$TSA82/tsa.cnf" -extensions tsa_ext > /dev/null 2>&1 &&
{ python3 "$TESTS/tsasrv.py" "$TSA82" "$TSA82/port" 120 & TSA82_PID=$!; } &&
for _i in $(seq 100); do [ -s "$TSA82/port" ] && break; sleep 0.1; done &&
osslsigncode sign -h sha256 -certs "$AR_GEN/pe/cert.pem" -key "$AR_GEN/pe/key.pem" -n electrum-test \
    -ts "http://127.0.0.1:$(cat "$TSA82/port")" -in "$AR/pe/unsigned.exe" -out "$PE82/ts.exe" > "$TSA82/sign.log" 2>&1
kill "${TSA82_PID:-0}" 2> /dev/null
report 'fixture: a PE timestamped by a local openssl ts responder (RFC 3161)' \
    "$([ -s "$PE82/ts.exe" ] && echo 0 || echo 1)" "$(cat "$TSA82/sign.log" 2>/dev/null)"
sig82() {	# sig82 FINDING_RE: pe-signature hostile with that finding, the table too
	printf 'json:any(.outside[]; .name == "pe-signature" and .hostile == true and (.note | test("; hostile: %s$"))) and any(.outside[]; .name == "pe-certificate-table" and .hostile == true and (.note | endswith("; hostile: see pe-signature")))' "$1"
}
# The premise of the first case: the signature still verifies with the
# attribute added, as Windows verifies it. osslsigncode 2.9 says so;
# osslsigncode 2.5 (Debian 12's) refuses any unauthenticated attribute it
# does not know ("Invalid signature"), so with it the premise is not run.
OSSL_V=$(osslsigncode --version 2>&1 | sed -n '1s/^osslsigncode \([0-9][0-9]*\)\.\([0-9][0-9]*\).*/\1 \2/p')
if [ -n "$OSSL_V" ] && { [ "${OSSL_V% *}" -gt 2 ] ||
    { [ "${OSSL_V% *}" -eq 2 ] && [ "${OSSL_V#* }" -ge 9 ]; }; }; then
	osslsigncode verify -CAfile "$AR_GEN/pe/cert.pem" -in "$PE82/sig-unauth-attr.exe" > "$PE82/ossl.log" 2>&1
	report 'fixture: osslsigncode verify still succeeds on the PE with an unauthenticated attribute added' \
	    "$(grep -q '^Succeeded$' "$PE82/ossl.log" && echo 0 || echo 1)" "$(tail -n 5 "$PE82/ossl.log")"
else
	printf '# not run: osslsigncode verify on the PE with an unauthenticated attribute (osslsigncode %s refuses unknown unauthenticated attributes; 2.9 and Windows accept them)\n' \
	    "$(osslsigncode --version 2>&1 | sed -n '1s/^osslsigncode //p' | cut -d, -f1)"
fi
t 'PE with an unauthenticated attribute added: hostile' 1 "$HOSTILE" \
    "$(sig82 'unauthenticated attribute 1\\.3\\.6\\.1\\.4\\.1\\.99999\\.1 \\(81 bytes\\)')" \
    'json:any(.outside[]; .name == "pe-signature" and (.note | test("unsigned 1\\.3\\.6\\.1\\.4\\.1\\.99999\\.1 \\(81\\)")))' \
    -- @$PE82 manifest --format json sig-unauth-attr.exe
t 'PE whose certificate entry is a DER SEQUENCE around junk: hostile' 1 "$HOSTILE" \
    "$(sig82 'the signature does not decode as DER \\([A-Z_]+\\)')" -- @$PE82 manifest --format json sig-seq-junk.exe
t 'PE with two SignerInfos: hostile' 1 "$HOSTILE" "$(sig82 '2 SignerInfos \\(Authenticode has one\\)')" \
    -- @$PE82 manifest --format json sig-two-signers.exe
t 'PE with junk after the SignerInfo: hostile' 1 "$HOSTILE" \
    "$(sig82 'the SignedData does not decode as DER \\([A-Z_]+\\)')" -- @$PE82 manifest --format json sig-signer-junk.exe
for k in unauth-attr seq-junk two-signers signer-junk; do
	t "--unsigned PE ($k): a problem, never IDENTICAL" 1 '1:^DIFFERENT: ' \
	    "^problem: 'sig-$k\\.exe': the Authenticode signature holds [0-9]+ unauthenticated or unaccounted items?, first: " \
	    -- @$PE82 compare --unsigned "sig-$k.exe" unsigned.exe
done
t 'PE with an RFC 3161 timestamp from openssl ts: clean, the attribute listed' 0 'json:.hostile == false' \
    'json:any(.outside[]; .name == "pe-signature" and .hostile == false and (.note | test("^1 signer, 1 certificate; unsigned 1\\.3\\.6\\.1\\.4\\.1\\.311\\.3\\.3\\.1 \\([0-9]+\\), ")))' \
    -- @$PE82 manifest --format json ts.exe
t '--unsigned PE with an RFC 3161 timestamp: IDENTICAL' 0 '1:^IDENTICAL: ' '!^problem' \
    -- @$PE82 compare --unsigned ts.exe unsigned.exe
t 'PE with a nested signature (osslsigncode -nest): clean' 0 'json:.hostile == false' \
    'json:any(.outside[]; .name == "pe-signature" and (.note | test("unsigned 1\\.3\\.6\\.1\\.4\\.1\\.311\\.2\\.4\\.1 ")))' \
    -- @$AR manifest --format json pe/nested.exe
