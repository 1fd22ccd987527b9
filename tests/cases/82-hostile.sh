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
t 'compare: zips differing only in their comment are DIFFERENT' 1 \
    "1:^DIFFERENT: '([^']*/)?comment-a\\.zip' and '([^']*/)?comment-b\\.zip': 0 added, 0 removed, 1 changed\$" \
    '^changed outside zip-comment: sha256$' lines=2 -- @$AR compare h/comment-a.zip h/comment-b.zip
t 'compare: a zip comment on one side only' 1 '1:^DIFFERENT: .*0 added, 1 removed, 0 changed$' \
    '^removed outside zip-comment$' lines=2 -- @$AR compare h/comment-a.zip h/comment-none.zip
