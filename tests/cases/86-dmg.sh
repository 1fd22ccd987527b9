# macOS disk images (issue 13): UDIF around an HFS+ or HFSX volume, read
# without extracting anything. No hdiutil exists on Linux, so
# tests/mkdmg.py writes the images here: the volume (catalog, extents
# overflow and attributes B-trees; a symlink, a hard link, a resource
# fork, an xattr, a fragmented file) and its UDIF (raw, zero-fill,
# ignored, zlib, bzip2 and ADC chunks). Every clean image is checked
# against 7z x (files, contents, link targets, streams) and dmg2img (the
# raw disk), and the forged ones must be refused (exit 2, nothing on
# stdout) with a message that names what.

[ -n "${AR_READY:-}" ] || . "$TESTS/archives.sh"

D86=$T/dmg86
MKD=$TESTS/mkdmg.py
D86_FORGED='lzfse lzma unknown bigchunk manychunks truncated overlap badzlib leafcount deep journal nolink compressed changed nokoly rootxattr binorder'
mkdir -p "$D86"
{
	python3 "$MKD" image "$D86/good.dmg" &&
	python3 "$MKD" image "$D86/node512.dmg" --node 512 &&
	python3 "$MKD" image "$D86/hfsplus.dmg" --hfsplus &&
	python3 "$MKD" image "$D86/cycle.dmg" cycle --node 512 &&
	python3 "$MKD" image "$D86/ciorder.dmg" ciorder --hfsplus --node 512 &&
	python3 "$MKD" image "$D86/big.dmg" big --mib 16 &&
	python3 "$MKD" image "$D86/badlate.dmg" badlate --mib 16 &&
	for k in $D86_FORGED; do
		python3 "$MKD" image "$D86/$k.dmg" "$k" || exit 1
	done
} > "$D86/make.log" 2>&1
D86_READY=0
[ -s "$D86/nokoly.dmg" ] && [ -s "$D86/cycle.dmg" ] && D86_READY=1
report 'dmg fixtures: HFSX, HFS+ and 512-byte-node volumes in UDIF, forged (tests/mkdmg.py)' \
    $((1 - D86_READY)) "$(cat "$D86/make.log")"

# peer_7z DMG: our JSON manifest ($OUT) against what 7z x extracts
peer_7z() {
	local x=$T/peer.7z
	rm -rf "$x"
	7z x -y -o"$x" "$1" > "$T/peer.diff" 2>&1 || return 1
	! grep -qiE 'warning|error' "$T/peer.diff" || return 1
	python3 "$MKD" peer "$x/Electrum" "$OUT" > "$T/peer.diff" 2>&1
}
# peer_dmg2img DMG: our partition records against dmg2img's raw disk, and
# our JSON manifest against 7z x of the HFS+ partition dmg2img wrote
peer_dmg2img() {
	local r=$T/peer.raw x=$T/peer.7z off
	rm -rf "$x" "$r" "$r.vol"
	dmg2img "$1" "$r" > "$T/peer.diff" 2>&1 &&
	off=$(python3 "$MKD" disk "$r" "$OUT" 2>> "$T/peer.diff") &&
	tail -c +$((off + 1)) "$r" > "$r.vol" &&
	7z x -y -t'HFS' -o"$x" "$r.vol" >> "$T/peer.diff" 2>&1 || return 1
	python3 "$MKD" peer "$x/Electrum" "$OUT" > "$T/peer.diff" 2>&1
}

D86_ENTRIES='json:.kind == "dmg" and .hostile == false and (.entries | length) == 14'
D86_LINKS='json:(.entries[] | select(.path == "links/link2") | .type == "hardlink" and .link == "link1") and (.entries[] | select(.path == "macos") | .type == "symlink" and .link == "Electrum.app/Contents/MacOS")'
D86_OUT='json:([.outside[].name] | sort) == ["dmg-partition","dmg-partition","hfs-private-directory","hfs-resource-fork","hfs-xattr","udif-plist","udif-trailer"]'
D86_FRAG='json:.entries[] | select(.path == "frag.bin") | .size == 40965'

# --- clean images, against 7z and dmg2img ----------------------------------------------
tp 'dmg (HFSX, every chunk kind): entries, hard link, symlink, outside records = 7z x' 0 \
    "$D86_ENTRIES" "$D86_LINKS" "$D86_OUT" "$D86_FRAG" "sh:peer_7z $D86/good.dmg" \
    -- @$D86 manifest --format json good.dmg
tp 'dmg: the partitions and the volume as dmg2img decompresses them' 0 \
    "$D86_ENTRIES" "sh:peer_dmg2img $D86/good.dmg" -- @$D86 manifest --format json good.dmg
tp 'dmg with a catalog of 512-byte nodes (index nodes, several levels) = 7z x' 0 \
    "$D86_ENTRIES" "sh:peer_7z $D86/node512.dmg" -- @$D86 manifest --format json node512.dmg
tp "dmg with an HFS+ ('H+') volume = 7z x" 0 \
    "$D86_ENTRIES" "sh:peer_7z $D86/hfsplus.dmg" -- @$D86 manifest --format json hfsplus.dmg
t 'dmg manifest (mtree): kind, hard link line, outside records named by path' 0 \
    '^# kind dmg$' '^# hardlink \./links/link2 link=\./link1$' \
    "^# outside hfs-resource-fork .* 'res\\.txt' \\(offset in the HFS\\+ volume\\)\$" \
    "^# outside hfs-xattr .* 'README\\.txt': com\\.example\\.note\$" \
    "^# outside hfs-private-directory .* 'HFS\\+ Private Data' holds 1 hard link target\$" \
    '!HFS\+ Private Data/' -- @$D86 manifest good.dmg
t 'dmg: the same tree in another catalog layout and volume kind: only the UDIF records differ' 1 \
    "1:^DIFFERENT: 'good\\.dmg' and 'node512\\.dmg': 0 added, 0 removed, 2 changed\$" \
    '^changed outside udif-trailer' '^changed outside udif-plist' \
    -- @$D86 compare good.dmg node512.dmg
t "dmg: an xattr of the root folder is named '.'" 0 \
    "^# outside hfs-xattr offset=0 size=2 sha256=[0-9a-f]{64} '\\.': com\\.example\\.root\$" \
    -- @$D86 manifest rootxattr.dmg
t 'dmg: a file with other content is a changed entry' 1 \
    '^changed README\.txt' -- @$D86 compare good.dmg changed.dmg
t 'dmg: identical images are IDENTICAL' 0 "1:^IDENTICAL" -- @$D86 compare good.dmg good.dmg
# 16 MiB in 1 MiB zlib chunks: the reader's worker threads decompress
# the chunks ahead of the sequential read (check-tsan runs these)
tp 'dmg of 1 MiB zlib chunks, decompressed ahead: every file = 7z x' 0 \
    'json:.kind == "dmg" and (.entries | length) == 18' "sh:peer_7z $D86/big.dmg" \
    -- @$D86 manifest --format json big.dmg
t 'dmg of 1 MiB zlib chunks read twice, decompressed ahead: IDENTICAL' 0 "1:^IDENTICAL" \
    -- @$D86 compare big.dmg big.dmg

# --- hostile UDIF ------------------------------------------------------------------------
D86_P="'disk image \\(Apple_HFSX : 1\\)'"
t 'dmg: an LZFSE chunk is refused by name' 2 "$NOOUT" \
    "err:^electrum-verify: 'lzfse\\.dmg': UDIF image: partition $D86_P chunk 0: LZFSE chunks are not supported" \
    -- @$D86 manifest lzfse.dmg
t 'dmg: an LZMA chunk is refused by name' 2 "$NOOUT" \
    "err:UDIF image: partition $D86_P chunk 0: LZMA chunks are not supported" -- @$D86 manifest lzma.dmg
t 'dmg: an unknown chunk type is refused' 2 "$NOOUT" \
    "err:UDIF image: partition $D86_P chunk 0: unknown chunk type 0x80000042\$" -- @$D86 manifest unknown.dmg
t 'dmg: a chunk claiming 32 MiB (cap 16 MiB) is refused before it is read' 2 "$NOOUT" \
    "err:UDIF image: partition $D86_P chunk [0-9]+: stored or decompressed size out of bounds" \
    -- @$D86 manifest bigchunk.dmg
t 'dmg: 200001 chunks (cap 200000) are refused' 2 "$NOOUT" \
    'err:UDIF image: more than 200000 chunks$' -- @$D86 manifest manychunks.dmg
t 'dmg: a blkx table claiming more chunks than it holds' 2 "$NOOUT" \
    "err:UDIF image: partition $D86_P: its table claims 21 chunks in [0-9]+ bytes\$" \
    -- @$D86 manifest truncated.dmg
t 'dmg: overlapping chunks are refused' 2 "$NOOUT" \
    "err:UDIF image: partition $D86_P chunk 2: sectors out of order, overlapping" \
    -- @$D86 manifest overlap.dmg
t 'dmg: a zlib chunk that inflates short is refused, not read as zeros' 2 "$NOOUT" \
    "err:UDIF image: zlib chunk [0-9]+ of partition $D86_P at offset [0-9]+ does not decompress to its 32768 bytes\$" \
    -- @$D86 manifest badzlib.dmg
t 'dmg: a chunk decompressed ahead that inflates short fails when read, named' 2 "$NOOUT" \
    "err:UDIF image: zlib chunk 12 of partition $D86_P at offset [0-9]+ does not decompress to its 1048576 bytes\$" \
    -- @$D86 manifest badlate.dmg
t 'dmg without its koly trailer is one plain file' 0 'json:.kind == "file" and (.entries | length) == 1' \
    -- @$D86 manifest --format json nokoly.dmg

# --- hostile HFS+ ------------------------------------------------------------------------
t 'dmg: a catalog index node pointing back at the root (a cycle) is refused' 2 "$NOOUT" \
    'err:HFS\+ volume: catalog B-tree node [0-9]+: reached twice \(a cycle\)$' -- @$D86 manifest cycle.dmg
t 'dmg: a catalog claiming more leaf records than its nodes hold' 2 "$NOOUT" \
    'err:HFS\+ volume: the catalog B-tree claims 35 leaf records, its nodes hold 34$' \
    -- @$D86 manifest leafcount.dmg
t 'dmg: directories nested 300 deep (cap 256)' 2 "$NOOUT" \
    'err:HFS\+ volume: directories nested deeper than 256$' -- @$D86 manifest deep.dmg
t 'dmg: a journal holding a transaction macOS would replay' 2 "$NOOUT" \
    'err:HFS\+ volume: its journal holds changes not yet applied' -- @$D86 manifest journal.dmg
t 'dmg: an HFSX catalog (binary order) whose names are in case-insensitive order' 2 "$NOOUT" \
    "err:HFS\\+ volume: catalog B-tree node [0-9]+: keys out of order \\(names not in the volume's order\\)\$" \
    -- @$D86 manifest binorder.dmg
t "dmg: an HFS+ ('H+', case-insensitive) catalog in binary order, over several nodes" 2 "$NOOUT" \
    "err:HFS\\+ volume: catalog B-tree node [0-9]+: keys out of order \\(names not in the volume's order\\)\$" \
    -- @$D86 manifest ciorder.dmg
t 'dmg: a hard link without its inode' 2 "$NOOUT" \
    "err:HFS\\+ volume: hard link 'orphan' has no inode in the private directory\$" -- @$D86 manifest nolink.dmg
t 'dmg: a decmpfs-compressed file is refused by name' 2 "$NOOUT" \
    "err:HFS\\+ volume: 'packed' is a compressed \\(decmpfs\\) file, not supported\$" \
    -- @$D86 manifest compressed.dmg
t 'dmg: compare with a forged image refuses, never IDENTICAL' 2 '!^IDENTICAL' \
    'err:reached twice \(a cycle\)' -- @$D86 compare good.dmg cycle.dmg
