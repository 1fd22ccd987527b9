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
NODIFF='!^(added|removed|changed|hostile) '

# Manifest files of some artifacts, written by the tool (checked by 80).
M=$T/mf
ev manifest src.tar.gz > "$M/src.mtree" 2>/dev/null
ev manifest --format sha256sum src.tar.gz > "$M/src.sha256" 2>/dev/null
ev manifest --format json src.tar.gz > "$M/src.json" 2>/dev/null
ev manifest v-byte.tar.gz > "$M/v-byte.mtree" 2>/dev/null
ev manifest --format sha256sum v-mode.tar.gz > "$M/v-mode.sha256" 2>/dev/null
ev manifest --format json app/xz.AppImage > "$M/app.json" 2>/dev/null
ev manifest --format json app/changed.AppImage > "$M/app-changed.json" 2>/dev/null
# and one written by bsdtar
bsdtar -cf - --format=mtree --options='!all,type,mode,size,sha256,link' "@$AR/src.tar.gz" > "$M/bsdtar.mtree"

# --- artifacts ----------------------------------------------------------------
t 'identical: the same tar as gzip and xz' 0 "$(same src.tar.gz src.tar.xz "$SRC_N")" lines=1 \
    -- @$AR compare src.tar.gz src.tar.xz
t 'identical: a plain tar and its bzip2'   0 "$(same src.tar src.tar.bz2 "$SRC_N")" lines=1 \
    -- @$AR compare src.tar src.tar.bz2
t 'identical: the same tree as tar.gz and as zip' 0 "$(same src.tar.gz src.zip "$SRC_N")" "$NODIFF" \
    -- @$AR compare src.tar.gz src.zip
t 'one byte changed in one file'  1 "$(diff_ src.tar.gz v-byte.tar.gz 0 0 1)" \
    "^changed $(P electrum/wallet.py): content$" lines=2 -- @$AR compare src.tar.gz v-byte.tar.gz
t 'a mode changed'                1 "$(diff_ src.tar.gz v-mode.tar.gz 0 0 1)" \
    "^changed $(P README.md): mode$" lines=2 -- @$AR compare src.tar.gz v-mode.tar.gz
t 'a file added, another removed' 1 "$(diff_ src.tar.gz v-addrm.tar.gz 1 1 0)" \
    "^added $(P electrum/new.py)$" "^removed $(P electrum/__init__.py)$" lines=3 \
    -- @$AR compare src.tar.gz v-addrm.tar.gz
t 'added and removed are seen from A to B' 1 "$(diff_ v-addrm.tar.gz src.tar.gz 1 1 0)" \
    "^added $(P electrum/__init__.py)$" "^removed $(P electrum/new.py)$" \
    -- @$AR compare v-addrm.tar.gz src.tar.gz
t 'a symlink became a file'       1 "$(diff_ src.tar.gz v-type.tar.gz 0 0 1)" \
    "^changed $(P electrum/wallet_link.py): ([a-z]+, )*type(, [a-z]+)*$" \
    -- @$AR compare src.tar.gz v-type.tar.gz
t 'a symlink target changed'      1 "$(diff_ src.tar.gz v-link.tar.gz 0 0 1)" \
    "^changed $(P electrum/wallet_link.py): link$" lines=2 -- @$AR compare src.tar.gz v-link.tar.gz
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
t 'artifact vs its own mtree manifest'     0 "$(same src.tar.gz src.mtree "$SRC_N")" lines=1 \
    -- @$AR compare src.tar.gz "$M/src.mtree"
t 'its own sha256sum manifest vs artifact' 0 '1:^IDENTICAL: ' "$NODIFF" \
    -- @$AR compare "$M/src.sha256" src.tar.gz
t 'artifact vs its own json manifest'      0 "$(same src.tar.gz src.json "$SRC_N")" lines=1 \
    -- @$AR compare src.tar.gz "$M/src.json"
t 'mtree manifest vs json manifest'        0 "$(same src.mtree src.json "$SRC_N")" lines=1 \
    -- @$AR compare "$M/src.mtree" "$M/src.json"
t "bsdtar's own mtree vs the artifact"     0 "$(same bsdtar.mtree src.tar.gz "$SRC_N")" "$NODIFF" \
    -- @$AR compare "$M/bsdtar.mtree" src.tar.gz
t 'AppImage vs its own json manifest'      0 '1:^IDENTICAL: ' "$NODIFF" \
    -- @$AR compare app/xz.AppImage "$M/app.json"
t 'a changed tree: mtree manifest vs artifact' 1 "$(diff_ v-byte.mtree src.tar.gz 0 0 1)" \
    "^changed $(P electrum/wallet.py): content$" -- @$AR compare "$M/v-byte.mtree" src.tar.gz
t 'a fact missing from a manifest is not compared (sha256sum has no modes)' 0 '1:^IDENTICAL: ' "$NODIFF" \
    -- @$AR compare "$M/v-mode.sha256" src.tar.gz
t 'AppImage json manifests: changed content' 1 '1:^DIFFERENT: ' '^changed electrum\.desktop: content$' \
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
t '--unsigned PE: data after the certificate table' '1|2' '!^IDENTICAL' 'any:after (its|the) certificate table' \
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
t '--unsigned APK: a changed entry' 1 '1:^DIFFERENT: ' '^changed classes\.dex: content$' \
    -- @$AR compare --unsigned apk/official.apk apk/changed.apk
t '--unsigned APK: only v1 signature files are ignored in META-INF' 1 '1:^DIFFERENT: ' \
    '^removed META-INF/extra\.txt$' -- @$AR compare --unsigned apk/extra.apk apk/local.apk
t '--unsigned APK: central directory disagreeing with local headers' 1 '1:^DIFFERENT: ' \
    'any:mismatch|disagree|MANIFEST\.M' -- @$AR compare --unsigned apk/mismatch.apk apk/local.apk

# --- --unsigned: AppImage ----------------------------------------------------------------
t '--unsigned AppImage: same runtime and contents, other compression' 0 '1:^IDENTICAL: ' \
    '^rule: .*AppImage' "$NODIFF" -- @$AR compare --unsigned app/xz.AppImage app/gzip.AppImage
t '--unsigned AppImage: one byte of one file changed' 1 '1:^DIFFERENT: ' '^rule: .*AppImage' \
    '^changed electrum\.desktop: content$' -- @$AR compare --unsigned app/xz.AppImage app/changed.AppImage
t '--unsigned AppImage: another runtime' 1 '1:^DIFFERENT: ' '^changed outside appimage-runtime' \
    -- @$AR compare --unsigned app/xz.AppImage app/runtime2.AppImage
t '--unsigned AppImage: junk after the image in the official one' 1 '1:^DIFFERENT: ' 'trailing-data' \
    -- @$AR compare --unsigned app/junk.AppImage app/xz.AppImage

t_unchanged 'compare wrote nothing beside the artifacts' "$AR" "$T/ar.snap"
