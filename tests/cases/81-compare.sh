# compare (issue 3): `compare [--strict] [--json] A B` between artifacts and
# manifest files in any of the three formats, and `compare --unsigned
# OFFICIAL LOCAL`, Electrum's check of an official signed release against a
# local unsigned build (PE, APK, AppImage, else plain bytes).

[ -n "${AR_READY:-}" ] || . "$TESTS/archives.sh"

rx() { printf '%s' "$1" | sed 's/[][\.*^$()+?{}|]/\\&/g'; }
# P PATH: the path $AR_E/PATH in a difference line.
P() { printf '(\\./)?%s' "$(rx "$AR_E/$1")"; }
# same A B N: the first line when A and B have the same N entries.
same() { printf "1:^IDENTICAL: '([^']*/)?%s' and '([^']*/)?%s' have the same %s entries\$" "$(rx "$1")" "$(rx "$2")" "$3"; }
# diff_ A B ADDED REMOVED CHANGED: the first line when they differ.
diff_() { printf "1:^DIFFERENT: '([^']*/)?%s' and '([^']*/)?%s': %s added, %s removed, %s changed\$" "$(rx "$1")" "$(rx "$2")" "$3" "$4" "$5"; }
# K NAME WORDS: the line after the verdict saying what NAME is.
K() { printf "^'([^']*/)?%s': %s\$" "$(rx "$1")" "$(rx "$2")"; }
NODIFF='!^(added|removed|changed|unverifiable|hostile) '

# Manifest files of some artifacts, written by the tool (checked by 80).
M=$T/mf
ev manifest src.tar.gz > "$M/src.mtree" 2>/dev/null
ev manifest --format sha256sum src.tar.gz > "$M/src.sha256" 2>/dev/null
ev manifest --format json src.tar.gz > "$M/src.json" 2>/dev/null
ev manifest v-byte.tar.gz > "$M/v-byte.mtree" 2>/dev/null
ev manifest --format sha256sum v-mode.tar.gz > "$M/v-mode.sha256" 2>/dev/null
ev manifest --format json app/xz.AppImage > "$M/app.json" 2>/dev/null
ev manifest --format json app/changed.AppImage > "$M/app-changed.json" 2>/dev/null
json_valid "$M/src.json" "$M/app.json" "$M/app-changed.json"
report 'compare: the manifests written as JSON are valid against the schema' $? "$WHY"
# and one written by bsdtar
bsdtar -cf - --format=mtree --options='!all,type,mode,size,sha256,link' "@$AR/src.tar.gz" > "$M/bsdtar.mtree"

# --- artifacts ----------------------------------------------------------------
# a changed file's line ends with both sides' sizes and short SHA-256
CHG=" \\('[^']*': [0-9]+ bytes?, sha256 [0-9a-f]{12}; '[^']*': [0-9]+ bytes?, sha256 [0-9a-f]{12}\\)\$"

t 'identical: the same tar as gzip and xz' 0 "$(same src.tar.gz src.tar.xz "$SRC_N")" lines=3 \
    "$(K src.tar.gz 'tar.gz archive')" "$(K src.tar.xz 'tar.xz archive')" -- @$AR compare src.tar.gz src.tar.xz
t 'identical: a plain tar and its bzip2'   0 "$(same src.tar src.tar.bz2 "$SRC_N")" lines=3 \
    "$(K src.tar 'tar archive')" "$(K src.tar.bz2 'tar.bz2 archive')" -- @$AR compare src.tar src.tar.bz2
t 'identical: the same tree as tar.gz and as zip' 0 "$(same src.tar.gz src.zip "$SRC_N")" "$NODIFF" \
    -- @$AR compare src.tar.gz src.zip
t 'one byte changed in one file'  1 "$(diff_ src.tar.gz v-byte.tar.gz 0 0 1)" \
    "^changed $(P electrum/wallet.py): content$CHG" lines=4 -- @$AR compare src.tar.gz v-byte.tar.gz
t 'a mode changed'                1 "$(diff_ src.tar.gz v-mode.tar.gz 0 0 1)" \
    "^changed $(P README.md): mode$" lines=4 -- @$AR compare src.tar.gz v-mode.tar.gz
t 'a file added, another removed' 1 "$(diff_ src.tar.gz v-addrm.tar.gz 1 1 0)" \
    "^added $(P electrum/new.py)$" "^removed $(P electrum/__init__.py)$" lines=5 \
    -- @$AR compare src.tar.gz v-addrm.tar.gz
t 'added and removed are seen from A to B' 1 "$(diff_ v-addrm.tar.gz src.tar.gz 1 1 0)" \
    "^added $(P electrum/__init__.py)$" "^removed $(P electrum/new.py)$" \
    -- @$AR compare v-addrm.tar.gz src.tar.gz
t 'a symlink became a file'       1 "$(diff_ src.tar.gz v-type.tar.gz 0 0 1)" \
    "^changed $(P electrum/wallet_link.py): ([a-z]+, )*type(, [a-z]+)*$" \
    -- @$AR compare src.tar.gz v-type.tar.gz
t 'a symlink target changed'      1 "$(diff_ src.tar.gz v-link.tar.gz 0 0 1)" \
    "^changed $(P electrum/wallet_link.py): link$" lines=4 -- @$AR compare src.tar.gz v-link.tar.gz
t 'timestamps only: identical, reproducibility-only lines' 0 "$(same src.tar.gz v-mtime.tar.gz "$SRC_N")" \
    "^reproducibility-only $(P README.md): mtime$" "$NODIFF" \
    "sh:[ \$(grep -c '^reproducibility-only ' \"\$OUT\") -eq $SRC_N ]" \
    -- @$AR compare src.tar.gz v-mtime.tar.gz
t 'timestamps only, --strict: different' 1 '1:^DIFFERENT: ' "$(P README.md): .*mtime" \
    -- @$AR compare --strict src.tar.gz v-mtime.tar.gz
t 'owners only: identical, reproducibility-only lines' 0 "$(same src.tar.gz v-owner.tar.gz "$SRC_N")" \
    "^reproducibility-only $(P README.md): owner$" "$NODIFF" -- @$AR compare src.tar.gz v-owner.tar.gz
t 'owners only, --strict: different' 1 '1:^DIFFERENT: ' "$(P README.md): .*owner" \
    -- @$AR compare --strict src.tar.gz v-owner.tar.gz
t 'compare --json: one JSON object naming the changed path' 1 \
    'json:[.. | strings] | any(test("electrum/wallet\\.py"))' \
    -- @$AR compare --json src.tar.gz v-byte.tar.gz
t 'a hostile entry on either side is a difference' 1 '1:^DIFFERENT: ' \
    '^hostile (\./)?a\.txt: ([a-z-]+,)*duplicate' -- @$AR compare h/dup.tar h/dup.tar

# --- manifest files -------------------------------------------------------------
t 'artifact vs its own mtree manifest'     0 "$(same src.tar.gz src.mtree "$SRC_N")" lines=3 \
    "$(K src.tar.gz 'tar.gz archive')" "$(K src.mtree 'mtree manifest')" -- @$AR compare src.tar.gz "$M/src.mtree"
t 'its own sha256sum manifest vs artifact' 0 '1:^IDENTICAL: ' "$NODIFF" \
    -- @$AR compare "$M/src.sha256" src.tar.gz
t 'artifact vs its own json manifest'      0 "$(same src.tar.gz src.json "$SRC_N")" lines=3 \
    "$(K src.json 'json manifest')" -- @$AR compare src.tar.gz "$M/src.json"
t 'mtree manifest vs json manifest'        0 "$(same src.mtree src.json "$SRC_N")" lines=3 \
    "$(K src.mtree 'mtree manifest')" "$(K src.json 'json manifest')" -- @$AR compare "$M/src.mtree" "$M/src.json"
t "bsdtar's own mtree vs the artifact"     0 "$(same bsdtar.mtree src.tar.gz "$SRC_N")" "$NODIFF" \
    -- @$AR compare "$M/bsdtar.mtree" src.tar.gz
t 'AppImage vs its own json manifest'      0 '1:^IDENTICAL: ' "$NODIFF" \
    -- @$AR compare app/xz.AppImage "$M/app.json"
t 'a changed tree: mtree manifest vs artifact' 1 "$(diff_ v-byte.mtree src.tar.gz 0 0 1)" \
    "^changed $(P electrum/wallet.py): content$CHG" -- @$AR compare "$M/v-byte.mtree" src.tar.gz
t 'a fact missing from a manifest is not compared (sha256sum has no modes), and said' 0 '1:^IDENTICAL: ' "$NODIFF" \
    "^note: modes not compared: '([^']*/)?v-mode\\.sha256' has none \\(sha256sum manifest\\)$" \
    -- @$AR compare "$M/v-mode.sha256" src.tar.gz
t 'AppImage json manifests: changed content' 1 '1:^DIFFERENT: ' "^changed electrum\\.desktop: content$CHG" \
    -- @$AR compare "$M/app.json" "$M/app-changed.json"

# --- could not compare ------------------------------------------------------------
t 'garbage mtree manifest: exit 2 naming FILE:LINE' 2 'err:^electrum-verify: .*bad\.mtree:3' \
    '!^(IDENTICAL|DIFFERENT)' -- @$AR compare bad/bad.mtree src.tar.gz
t 'garbage sha256sum manifest: exit 2 naming FILE:LINE' 2 'err:^electrum-verify: .*bad\.sha256:2' \
    '!^(IDENTICAL|DIFFERENT)' -- @$AR compare src.tar.gz bad/bad.sha256
t 'garbage json manifest: exit 2 naming FILE:LINE' 2 'err:^electrum-verify: .*bad\.json:3' \
    '!^(IDENTICAL|DIFFERENT)' -- @$AR compare bad/bad.json src.tar.gz
t 'a missing file: exit 2' 2 'err:^electrum-verify: .*no-such\.tar\.gz' '!^(IDENTICAL|DIFFERENT)' \
    -- @$AR compare src.tar.gz no-such.tar.gz
t 'a truncated archive: exit 2, no verdict' 2 'err:^electrum-verify: .*cut\.tar\.gz' '!^(IDENTICAL|DIFFERENT)' \
    -- @$AR compare src.tar.gz bad/cut.tar.gz
t 'compare with one operand: usage error' 2 'err:^electrum-verify: ' "$NOOUT" -- @$AR compare src.tar.gz

# --- --unsigned: plain bytes --------------------------------------------------------
t '--unsigned, other files: byte-identical copies' 0 '1:^IDENTICAL: ' '^rule: .*bytes' \
    -- @$AR compare --unsigned src.tar.gz src-copy.tar.gz
t '--unsigned, other files: bytes differ (times only)' 1 '1:^DIFFERENT: ' '^rule: .*bytes' \
    -- @$AR compare --unsigned src.tar.gz v-mtime.tar.gz

# --- --unsigned: Windows PE -----------------------------------------------------------
PE_RULE='^rule: Windows PE: official without its Authenticode signature \(1 certificate, [0-9]+ padding bytes\) compared byte for byte$'
t '--unsigned PE: signed official vs the unsigned build' 0 '1:^IDENTICAL: ' "$PE_RULE" \
    "^sha256 of '?([^']*/)?signed\\.exe'? without signature: $PE_REMOVED_SHA$" \
    -- @$AR compare --unsigned pe/signed.exe pe/unsigned.exe
t '--unsigned PE32+ with zero padding: = osslsigncode remove-signature' 0 '1:^IDENTICAL: ' "$PE_RULE" \
    "^sha256 of '?([^']*/)?signed64\\.exe'? without signature: $PE64_REMOVED_SHA$" \
    -- @$AR compare --unsigned pe/signed64.exe pe/removed64.exe
# A nested signature (osslsigncode sign -nest) lives inside the one
# certificate entry: stripped, the bytes are the build's, as Electrum's
# own check (osslsigncode remove-signature, then cmp) finds.
t '--unsigned PE: a nested signature is inside the one certificate entry' 0 '1:^IDENTICAL: ' "$PE_RULE" \
    "^sha256 of '?([^']*/)?nested\\.exe'? without signature: $PE_REMOVED_SHA$" \
    -- @$AR compare --unsigned pe/nested.exe pe/unsigned.exe
t '--unsigned PE: two certificate entries break the rule' 1 '1:^DIFFERENT: ' \
    'any:exactly one' 'any:(^|[^0-9])2 (certificate )?(entries|certificates)' -- @$AR compare --unsigned pe/two-certs.exe pe/unsigned.exe
t '--unsigned PE: 16 padding bytes break the rule' 1 '1:^DIFFERENT: ' 'any:padding' 'any:at most 7' \
    -- @$AR compare --unsigned pe/pad16.exe pe/unsigned.exe
t '--unsigned PE: non-zero padding breaks the rule' 1 '1:^DIFFERENT: ' 'any:not all zero' \
    -- @$AR compare --unsigned pe/nonzero-pad.exe pe/unsigned.exe
t '--unsigned PE: data after the certificate table: could not compare, the file named' 2 '!^IDENTICAL' \
    "err:^electrum-verify: 'pe/after\\.exe': .*after (its|the) certificate table" \
    -- @$AR compare --unsigned pe/after.exe pe/unsigned.exe
t '--unsigned PE: one byte of the signed file changed' 1 '1:^DIFFERENT: ' "$PE_RULE" \
    -- @$AR compare --unsigned pe/tampered.exe pe/unsigned.exe
t '--unsigned PE: an unsigned official breaks the rule' 1 '1:^DIFFERENT: ' 'any:exactly one|0 certificate|not signed|unsigned|no (Authenticode )?signature' \
    -- @$AR compare --unsigned pe/unsigned.exe pe/unsigned.exe

# --- --unsigned: APK ------------------------------------------------------------------
t '--unsigned APK: signing block and v1 files vs a local build without them' 0 '1:^IDENTICAL: ' \
    '^rule: .*APK' 'any:7109871a' "$NODIFF" -- @$AR compare --unsigned apk/official.apk apk/local.apk
t '--unsigned APK: an unknown signing block ID is a difference, printed' 1 '1:^DIFFERENT: ' \
    '^rule: .*APK' '12345678' -- @$AR compare --unsigned apk/unknown.apk apk/local.apk
t '--unsigned APK: a changed entry' 1 '1:^DIFFERENT: ' "^changed classes\\.dex: content$CHG" \
    -- @$AR compare --unsigned apk/official.apk apk/changed.apk
t '--unsigned APK: only v1 signature files are ignored in META-INF' 1 '1:^DIFFERENT: ' \
    '^removed META-INF/extra\.txt$' -- @$AR compare --unsigned apk/extra.apk apk/local.apk
t '--unsigned APK: central directory disagreeing with local headers' 1 '1:^DIFFERENT: ' \
    'any:mismatch|disagree|MANIFEST\.M' -- @$AR compare --unsigned apk/mismatch.apk apk/local.apk

# --- --unsigned: AppImage ----------------------------------------------------------------
t '--unsigned AppImage: same runtime and contents, other compression' 0 '1:^IDENTICAL: ' \
    '^rule: .*AppImage' "$NODIFF" -- @$AR compare --unsigned app/xz.AppImage app/gzip.AppImage
t '--unsigned AppImage: one byte of one file changed' 1 '1:^DIFFERENT: ' '^rule: .*AppImage' \
    "^changed electrum\\.desktop: content$CHG" -- @$AR compare --unsigned app/xz.AppImage app/changed.AppImage
t '--unsigned AppImage: another runtime' 1 '1:^DIFFERENT: ' '^changed outside appimage-runtime' \
    -- @$AR compare --unsigned app/xz.AppImage app/runtime2.AppImage
t '--unsigned AppImage: junk after the image in the official one' 1 '1:^DIFFERENT: ' 'trailing-data' \
    -- @$AR compare --unsigned app/junk.AppImage app/xz.AppImage

# --- what a manifest cannot tell ---------------------------------------------------------
# A file (or outside record) without a SHA-256 on a side cannot be compared:
# "unverifiable", a difference. Facts a side lacks (modes, sizes, times,
# owners) are not compared, and said in "note:" lines. The root directory is
# compared. A manifest cannot pass for the artifact it describes.
R81=$T/rc81
mkdir -p "$R81"
python3 - "$R81" <<'PY'
import io, sys, tarfile
out = sys.argv[1]
R, D = tarfile.REGTYPE, tarfile.DIRTYPE
def tar(name, ents, gz=False):
    with tarfile.open(out + "/" + name, "w:gz" if gz else "w") as tf:
        for path, kind, data, mode in ents:
            ti = tarfile.TarInfo(path)
            ti.type, ti.mode, ti.mtime = kind, mode, 1700000000
            ti.size = len(data)
            tf.addfile(ti, io.BytesIO(data) if kind == R else None)
tar("good.tar.gz", [("a", R, b"HELLO\n", 0o644), ("run", R, b"echo ok\n", 0o755)], True)
tar("evil.tar.gz", [("a", R, b"EVIL!\n", 0o644), ("run", R, b"rm -rf /", 0o755)], True)
tar("suid.tar.gz", [("a", R, b"HELLO\n", 0o644), ("run", R, b"echo ok\n", 0o4755)], True)
tar("root755.tar", [("./", D, b"", 0o755), ("a", R, b"x", 0o644)])
tar("root7777.tar", [("./", D, b"", 0o7777), ("a", R, b"x", 0o644)])
tar("root2.tar", [("./", D, b"", 0o755), ("a", R, b"x", 0o644), (".", D, b"", 0o700)])
PY
(cd "$R81" && bsdtar -cf - --format=mtree @good.tar.gz > bsd.mtree)
ev manifest --format sha256sum "$R81/good.tar.gz" > "$R81/good.sha256" 2>/dev/null
ev manifest "$R81/good.tar.gz" > "$R81/good.mtree" 2>/dev/null
ev manifest "$R81/root755.tar" > "$R81/root755.mtree" 2>/dev/null
ev manifest h/hardok.tar > "$R81/hardok.mtree" 2>/dev/null
cp "$R81/good.mtree" "$R81/Electrum-x.tar.gz"
printf '{"entries": [{"path": "a", "type": "file"}]}\n' > "$R81/x.APPIMAGE"
printf '{"entries": [{"path": "a", "type": "file", "mode": "0644"}, {"path": "run", "type": "file"}]}\n' \
    > "$R81/nosha.json"
{ printf '#mtree\n# outside deb-control offset=9 size=93 control.tar.xz\n'
  grep '^\./a ' "$R81/good.mtree"; } > "$R81/out-nosha.mtree"
{ printf '#mtree\n# outside deb-control offset=9 size=93 sha256=%s control.tar.xz\n' "$EMPTY_SHA"
  grep '^\./a ' "$R81/good.mtree"; } > "$R81/out-sha.mtree"
printf '#mtree\n# outside x offset=0 size=0 hostile evil \033]0;title\007 \342\200\256!\n' > "$R81/note.mtree"

t 'no SHA-256 (bsdtar default mtree): a same-size change is unverifiable, not IDENTICAL' 1 \
    "1:^DIFFERENT: 'bsd\\.mtree' and 'evil\\.tar\\.gz': 0 added, 0 removed, 0 changed, 2 unverifiable\$" \
    "^unverifiable a: no sha256 in 'bsd\\.mtree'\$" "^unverifiable run: no sha256 in 'bsd\\.mtree'\$" \
    "$(K bsd.mtree 'mtree manifest')" -- @$R81 compare bsd.mtree evil.tar.gz
t 'no SHA-256: even the same content cannot be IDENTICAL' 1 '1:^DIFFERENT: .*2 unverifiable$' \
    -- @$R81 compare good.tar.gz bsd.mtree
t 'json entries without sha256: unverifiable, in --json too' 1 \
    'json:.verdict == "different" and (.unverifiable | length) == 2 and .unverifiable[0].path == "a" and .unverifiable[0].no_sha256_in == ["a"]' \
    'json:.a_kind == "json" and .b_kind == "tar.gz" and any(.notes[]; test("^sizes not compared: .nosha\\.json. has none"))' \
    -- @$R81 compare --json nosha.json good.tar.gz
t 'an outside record without sha256: unverifiable outside' 1 '1:^DIFFERENT: .*1 unverifiable$' \
    "^unverifiable outside deb-control: no sha256 in 'out-nosha\\.mtree'\$" -- @$R81 compare out-nosha.mtree out-sha.mtree
t 'sha256sum: a setuid bit it cannot see is said in a note, and marked on the other side' 1 \
    "1:^DIFFERENT: 'good\\.sha256' and 'suid\\.tar\\.gz': 0 added, 0 removed, 0 changed, 1 hostile\$" \
    "^note: modes not compared: 'good\\.sha256' has none \\(sha256sum manifest\\)\$" \
    '^hostile run: setuid-setgid-sticky$' -- @$R81 compare good.sha256 suid.tar.gz
t 'a hard link in our mtree (a file without content): compared by its target' 0 '1:^IDENTICAL: ' \
    "$NODIFF" lines=3 -- @$AR compare "$R81/hardok.mtree" h/hardok.tar
t 'the root directory: mode 0755 vs 07777 is a difference' 1 \
    "1:^DIFFERENT: 'root755\\.tar' and 'root7777\\.tar': 1 added, 0 removed, 1 changed, 1 hostile\$" '^changed \.: mode$' \
    '^hostile outside root-marked: the root directory entry is marked setuid-setgid-sticky$' \
    -- @$R81 compare root755.tar root7777.tar
t 'the root directory in an mtree: a "# root" comment, compared' 1 '^changed \.: mode$' \
    "sh:grep -q '^# root type=dir mode=0755 ' $R81/root755.mtree" -- @$R81 compare root755.mtree root7777.tar
t 'two root entries: hostile outside record root-duplicate' 1 '1:^DIFFERENT: ' \
    '^hostile outside root-duplicate: 2 entries for the root directory$' -- @$R81 compare root2.tar root755.tar
t "each side's kind is said after the verdict" 0 '1:^IDENTICAL: ' "$(K good.tar.gz 'tar.gz archive')" \
    "$(K good.mtree 'mtree manifest')" lines=3 -- @$R81 compare good.tar.gz good.mtree
t 'an mtree named like an artifact (.tar.gz) is refused' 2 '!^(IDENTICAL|DIFFERENT)' \
    "err:^electrum-verify: 'Electrum-x\\.tar\\.gz' holds an mtree manifest but is named like an artifact \\(\\.tar\\.gz\\): refused" \
    -- @$R81 compare Electrum-x.tar.gz good.tar.gz
t 'a json manifest named .APPIMAGE is refused' 2 '!^(IDENTICAL|DIFFERENT)' \
    'err:holds a JSON manifest but is named like an artifact \(\.AppImage\)' -- @$R81 compare good.tar.gz x.APPIMAGE
t 'a note read from a manifest is printed escaped' 1 '^hostile outside x: evil \\x1b\]0;title\\x07 \\xe2\\x80\\xae!$' \
    "sh:! grep -q \$'\\x1b' \"\$OUT\"" "sh:! grep -q \$'\\xe2\\x80\\xae' \"\$OUT\"" \
    -- @$R81 compare note.mtree good.tar.gz

t_unchanged 'compare wrote nothing beside the artifacts' "$AR" "$T/ar.snap"
