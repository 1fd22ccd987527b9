# Manifests (issue 3): `manifest [--format mtree|sha256sum|json] ARTIFACT`
# for each kind of artifact, checked against peers reading the same input:
# bsdtar's own mtree of the archive, sha256sum -c in the tree bsdtar or
# unsquashfs extracted, unsquashfs -lls. The artifacts are made by
# tests/archives.sh (sourced here once per run).

[ -n "${AR_READY:-}" ] || . "$TESTS/archives.sh"

# rx TEXT: TEXT as an extended regex matching itself.
rx() { printf '%s' "$1" | sed 's/[][\.*^$()+?{}|]/\\&/g'; }
# ml PATH: the start of the mtree line of $AR_E/PATH.
ml() { printf '^\\./%s ' "$(rx "$AR_E/$1")"; }
# je PATH COND: a json: check that the entry $AR_E/PATH exists and satisfies
# the jq condition COND.
je() { printf 'json:any(.entries[]; .path == "%s/%s" and %s)' "$AR_E" "$1" "$2"; }
ENTRIES="sh:[ \$(grep -vc '^#' \"\$OUT\") -eq $SRC_N ]"

# --- mtree (the default) ------------------------------------------------------
t 'mtree: a tar.gz, one bsdtar-style line per entry' 0 '1:^#mtree$' "$ENTRIES" \
    "$(ml electrum/wallet.py).*type=file( |$)" "$(ml electrum/wallet.py).*size=150000( |$)" \
    "$(ml electrum/wallet.py).*sha256digest=$WALLET_SHA( |$)" \
    "$(ml electrum/empty.txt).*size=0( |$)" "$(ml electrum/empty.txt).*sha256digest=$EMPTY_SHA( |$)" \
    "$(ml electrum/wallet_link.py).*type=link( |$)" "$(ml electrum/wallet_link.py).*link=wallet\\.py( |$)" \
    "$(ml run_electrum).*mode=0?755( |$)" "$(ml README.md).*mode=0?644( |$)" \
    "$(ml electrum/locale).*type=dir( |$)" "$(ml README.md).*time=$AR_TIME\\.0+( |$)" \
    "$(ml README.md).*uname=user( |$)" "$(ml README.md).*uid=1000( |$)" \
    '^\./Electrum-4\.6\.2/contrib/sp\\040ace\\043\\075\.txt ' '!^# hostile' \
    -- @$AR manifest src.tar.gz
t_same 'mtree is the default format' 0 '1:^#mtree$' -- @$AR manifest src.tar.gz \
    --- @$AR manifest --format mtree src.tar.gz
t_same 'the same archive twice gives the same manifest' 0 '1:^#mtree$' -- @$AR manifest src.tar.gz \
    --- @$AR manifest src-copy.tar.gz
for f in src.tar src.tar.gz src.tar.xz src.tar.bz2 src.zip; do
	tp "mtree = bsdtar's mtree of the same $f (type, mode, size, sha256, link)" 0 \
	    '1:^#mtree$' "sh:peer_mtree $AR/$f" -- @$AR manifest "$f"
done
tp "mtree = bsdtar's mtree of the data.tar inside a .deb" 0 '1:^#mtree$' \
    "sh:peer_mtree $AR_GEN/deb/data.tar.xz" -- @$AR manifest deb/ok.deb
tp "mtree = bsdtar's mtree of an APK (signing block outside the entries)" 0 '1:^#mtree$' \
    "sh:peer_mtree $AR/apk/official.apk" -- @$AR manifest apk/official.apk

# --- sha256sum ---------------------------------------------------------------
t 'sha256sum: one "HEX  PATH" line per regular file, the rest comments' 0 \
    "^$WALLET_SHA  $(rx "$AR_E")/electrum/wallet\\.py$" "^$EMPTY_SHA  $(rx "$AR_E")/electrum/empty\\.txt$" \
    '!wallet_link\.py$' "sh:[ \$(grep -cE '^[0-9a-f]{64}  ' \"\$OUT\") -eq 7 ]" \
    "sh:! grep -vE '^([0-9a-f]{64}  |#)' \"\$OUT\"" \
    -- @$AR manifest --format sha256sum src.tar.gz
for f in src.tar.gz src.tar.xz src.tar.bz2 src.zip; do
	tp "sha256sum -c passes in the tree bsdtar extracts from $f" 0 \
	    "^[0-9a-f]{64}  $(rx "$AR_E")/" "sh:peer_sha256sum $AR/$f" \
	    -- @$AR manifest --format sha256sum "$f"
done
tp 'sha256sum -c passes in the data.tar of a .deb, extracted' 0 '^[0-9a-f]{64}  usr/bin/electrum$' \
    "sh:peer_sha256sum $AR_GEN/deb/data.tar.xz" -- @$AR manifest --format sha256sum deb/ok.deb

# --- json -------------------------------------------------------------------
t 'json: a tar.gz, every field of an entry' 0 \
    'json:.kind == "tar.gz" and .hostile == false and (.entries | length) == ($ENV.SRC_N | tonumber)' \
    'json:all(.entries[]; has("path") and has("type") and has("mode") and has("size") and has("link") and has("mtime") and has("uid") and has("gid") and has("uname") and has("gname") and has("flags"))' \
    'json:[.entries[].path] as $p | $p == ($p | sort)' \
    'json:all(.entries[]; .flags == []) and all(.outside[]; .hostile == false)' \
    "$(je electrum/wallet.py '.type == "file" and .mode == "0644" and .size == 150000 and .sha256 == $ENV.WALLET_SHA and .link == null')" \
    "$(je electrum/empty.txt '.type == "file" and .size == 0 and .sha256 == $ENV.EMPTY_SHA')" \
    "$(je electrum/wallet_link.py '.type == "symlink" and .link == "wallet.py"')" \
    "$(je run_electrum '.type == "file" and .mode == "0755"')" \
    "$(je electrum/locale '.type == "dir" and .mode == "0755"')" \
    "$(je 'contrib/sp ace#=.txt' '.type == "file"')" \
    "$(je README.md ".mtime == $AR_TIME and .uid == 1000 and .gid == 1000 and .uname == \"user\" and .gname == \"user\"")" \
    -- @$AR manifest --format json src.tar.gz
t 'json: a plain tar'   0 'json:.kind == "tar" and (.entries | length) == ($ENV.SRC_N | tonumber)' \
    -- @$AR manifest --format json src.tar
t 'json: a tar.xz'      0 'json:.kind == "tar.xz" and (.entries | length) == ($ENV.SRC_N | tonumber)' \
    -- @$AR manifest --format json src.tar.xz
t 'json: a tar.bz2'     0 'json:.kind == "tar.bz2" and (.entries | length) == ($ENV.SRC_N | tonumber)' \
    -- @$AR manifest --format json src.tar.bz2
t 'json: a zip, symlink and modes from the external attributes' 0 \
    'json:.kind == "zip" and .hostile == false and (.entries | length) == ($ENV.SRC_N | tonumber)' \
    "$(je electrum/wallet_link.py '.type == "symlink" and .link == "wallet.py"')" \
    "$(je run_electrum '.mode == "0755"')" "$(je electrum/wallet.py '.sha256 == $ENV.WALLET_SHA')" \
    -- @$AR manifest --format json src.zip
t 'json: any other file is one entry, itself' 0 \
    'json:.kind == "file" and (.entries | length) == 1 and .entries[0].sha256 == $ENV.DATA_SHA and .entries[0].size == ($ENV.DATA_SIZE | tonumber)' \
    'json:.entries[0].path | test("data\\.bin$")' -- manifest --format json data.bin

# --- .deb ---------------------------------------------------------------------
t '.deb: entries of data.tar, md5sums agree' 0 'json:.kind == "deb" and .hostile == false' \
    'json:any(.entries[]; .path == "usr/bin/electrum" and .type == "file" and .mode == "0755")' \
    'json:any(.entries[]; .path == "usr/bin/electrum-link" and .type == "symlink" and .link == "electrum")' \
    'json:any(.entries[]; .path == "usr/share/doc/electrum-test/README" and .flags == [])' \
    'json:all(.entries[]; (.path | test("^(\\./)?DEBIAN|control|md5sums")) | not)' \
    -- @$AR manifest --format json deb/ok.deb
t '.deb: a file whose md5sums line is wrong is marked md5-differs' 1 'json:.hostile == true' \
    'json:any(.entries[]; .path == "usr/share/doc/electrum-test/README" and any(.flags[]; . == "md5-differs"))' \
    'json:any(.entries[]; .path == "usr/bin/electrum" and .flags == [])' \
    -- @$AR manifest --format json deb/badmd5.deb
t '.deb: md5-differs as a "# hostile" comment in mtree' 1 '1:^#mtree$' \
    '^# hostile \./usr/share/doc/electrum-test/README: ([a-z-]+,)*md5-differs' \
    '^\./usr/share/doc/electrum-test/README ' -- @$AR manifest deb/badmd5.deb
t '.deb: a file missing from md5sums is marked not-in-md5sums' 1 'json:.hostile == true' \
    'json:any(.entries[]; .path == "usr/share/doc/electrum-test/README" and any(.flags[]; . == "not-in-md5sums"))' \
    -- @$AR manifest --format json deb/unlisted.deb

# --- AppImage -------------------------------------------------------------------
for c in gzip xz zstd; do
	tp "AppImage ($c squashfs): entries = unsquashfs -lls (types, modes, sizes, links)" 0 \
	    'json:.kind == "AppImage" and .hostile == false' \
	    'json:any(.entries[]; .path == "AppRun" and .type == "symlink" and .link == "usr/bin/electrum")' \
	    'json:any(.entries[]; .path == "usr/lib/big.bin" and .size == 300000)' \
	    "sh:peer_unsquashfs $AR/app/$c.AppImage" -- @$AR manifest --format json "app/$c.AppImage"
	tp "AppImage ($c squashfs): sha256sum -c passes in unsquashfs's extraction" 0 \
	    '^[0-9a-f]{64}  usr/lib/big\.bin$' "sh:peer_unsquashfs_sha $AR/app/$c.AppImage" \
	    -- @$AR manifest --format sha256sum "app/$c.AppImage"
done
t 'AppImage: the runtime is an outside record (offset, size, sha256)' 0 \
    'json:any(.outside[]; .name == "appimage-runtime" and .offset == 0 and .size == ($ENV.APP_OFF | tonumber) and .sha256 == $ENV.APP_RT_SHA and .hostile == false)' \
    -- @$AR manifest --format json app/xz.AppImage
t 'AppImage: the runtime record as an mtree comment' 0 '1:^#mtree$' \
    "^# outside appimage-runtime offset=0 size=$APP_OFF sha256=$APP_RT_SHA([ :]|$)" \
    -- @$AR manifest app/xz.AppImage
t 'AppImage: bytes after the squashfs image are hostile trailing data' 1 'json:.hostile == true' \
    'json:any(.outside[]; .name == "trailing-data" and .hostile == true)' \
    'json:all(.entries[]; .flags == [])' -- @$AR manifest --format json app/junk.AppImage
t 'AppImage: hostile trailing data as an mtree comment' 1 '1:^#mtree$' \
    '^# outside trailing-data .*hostile' -- @$AR manifest app/junk.AppImage

# --- PE -------------------------------------------------------------------------
t 'PE signed: the file and its certificate table (offset, size)' 0 \
    'json:.kind == "PE" and .hostile == false and (.entries | length) == 1 and .entries[0].path == "signed.exe"' \
    'json:any(.outside[]; .name == "pe-certificate-table" and .offset == ($ENV.PE_CERT_OFF | tonumber) and .size == ($ENV.PE_CERT_SIZE | tonumber))' \
    -- @$AR manifest --format json pe/signed.exe
t 'PE unsigned: no certificate table' 0 'json:.kind == "PE" and (.entries | length) == 1' \
    'json:all(.outside[]; .name != "pe-certificate-table")' -- @$AR manifest --format json pe/unsigned.exe

# --- APK ------------------------------------------------------------------------
t 'APK: entries, and the signing block with its IDs as an outside record' 0 \
    'json:.kind == "APK" and .hostile == false and (.entries | length) == 9' \
    'json:any(.outside[]; .name == "apk-signing-block" and .hostile == false and (.note | test("7109871a"; "i")) and (.note | test("f05368c0"; "i")))' \
    -- @$AR manifest --format json apk/official.apk
t 'APK: an unknown block ID (0x12345678) makes the record hostile' 1 'json:.hostile == true' \
    'json:any(.outside[]; .name == "apk-signing-block" and .hostile == true and (.note | test("12345678")))' \
    -- @$AR manifest --format json apk/unknown.apk
t 'APK: the unknown block ID in the mtree comment' 1 '1:^#mtree$' \
    '^# outside apk-signing-block .*12345678' -- @$AR manifest apk/unknown.apk
t 'APK: without a signing block, no such record' 0 'json:(.entries | length) == 6 and .hostile == false' \
    'json:all(.outside[]; .name != "apk-signing-block")' -- @$AR manifest --format json apk/local.apk
t 'APK: central directory names disagreeing with local headers: hostile' 1 'json:.hostile == true' \
    'json:any(.outside[]; .name == "zip-central-mismatch" and .hostile == true)' \
    -- @$AR manifest --format json apk/mismatch.apk

# --- usage and unreadable input ---------------------------------------------------
t 'manifest: a missing file: exit 2, nothing on stdout' 2 "$NOOUT" 'err:^electrum-verify: .*no-such\.tar\.gz' \
    -- @$AR manifest no-such.tar.gz
t 'manifest: a directory: exit 2, nothing on stdout' 2 "$NOOUT" "err:^electrum-verify: .*deb" "$NOTOPT" \
    -- @$AR manifest deb
t 'manifest: --format bogus: usage error' 2 "$NOOUT" 'err:^electrum-verify: .*(format|bogus)' \
    "!err:unrecognized option '--format'" -- @$AR manifest --format bogus src.tar.gz
t 'manifest: no operand: usage error' 2 "$NOOUT" 'err:^electrum-verify: ' -- @$AR manifest
t 'manifest: two operands: usage error' 2 "$NOOUT" 'err:^electrum-verify: ' -- @$AR manifest src.tar src.zip

t_unchanged 'manifest wrote nothing beside the artifacts' "$AR" "$T/ar.snap"
