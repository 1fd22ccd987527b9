# Forged squashfs in AppImages (issue 3): an image whose listing reads one
# way linearly and another way through the kernel's or squashfuse's
# lookup (the AppImage runtime mounts it with squashfuse) is refused,
# exit 2 with nothing on stdout, never IDENTICAL to the image it imitates:
# a directory index pointing elsewhere, names out of order, entries past
# the listing's size, inode numbers the inode cache would confuse.
# Extended attributes are marked. The images are made here: mksquashfs
# -noI (uncompressed metadata) on the tree of tests/mksqfs.py, forged by
# it, after the marked ELF runtime of tests/archives.sh.

[ -n "${AR_READY:-}" ] || . "$TESTS/archives.sh"

S85=$T/sq85
MKS=$TESTS/mksqfs.py
FORGED='index index-name unsorted past-size inode-number inode-dup entry-type'
mkdir -p "$S85"
# sq85 TREE NAME [mksquashfs options]: NAME.sqfs and NAME.AppImage
sq85() {
	local tree=$1 name=$2
	shift 2
	mksquashfs "$tree" "$S85/$name.sqfs" -noappend -all-root -quiet -no-progress \
	    -mkfs-time $AR_TIME -all-time $AR_TIME "$@" > /dev/null &&
	cat "$AR_GEN/app/runtime" "$S85/$name.sqfs" > "$S85/$name.AppImage"
}
python3 "$MKS" tree "$S85/tree" && sq85 "$S85/tree" good -noI &&
for k in $FORGED; do
	python3 "$MKS" forge "$k" "$S85/good.sqfs" "$S85/$k.sqfs" &&
	cat "$AR_GEN/app/runtime" "$S85/$k.sqfs" > "$S85/$k.AppImage" || break
done > "$S85/make.log" 2>&1
python3 "$MKS" names "$S85/names" && sq85 "$S85/names" names >> "$S85/make.log" 2>&1
SQ85_READY=0
[ -s "$S85/entry-type.AppImage" ] && [ -s "$S85/names.AppImage" ] && SQ85_READY=1
report 'squashfs fixtures: mksquashfs -noI image with a directory index, forged (tests/mksqfs.py)' \
    $((1 - SQ85_READY)) "$(cat "$S85/make.log")"

# lookup IMG: the kernel's inode for "zzz" (through the index) and the listing's
lookup() { python3 "$MKS" lookup "$S85/$1.sqfs" zzz; }
SAME='sh:lookup good | { read -r k l; [ "$k" = "$l" ]; }'
DIFFER='sh:lookup index | { read -r k l; [ "$k" != "$l" ] && [ "$k" != - ]; }'
INDEX_ERR="err:^electrum-verify: 'index\\.AppImage': squashfs at offset $APP_OFF: directory '\\.' has an index that disagrees with its listing"

# --- the images mksquashfs writes pass ------------------------------------------------
t 'mksquashfs image with a directory index: all entries, not hostile; the index and a linear read agree' 0 \
    'json:.hostile == false and (.entries | length) == 256' "$(jclean '"zzz"')" "$SAME" \
    "sh:peer_unsquashfs $S85/good.AppImage" -- @$S85 manifest --format json good.AppImage
tp 'some 2300 names (1-255 bytes, UTF-8, spaces) in compressed listings: entries = unsquashfs -lls' 0 \
    'json:.hostile == false' "sh:peer_unsquashfs $S85/names.AppImage" \
    -- @$S85 manifest --format json names.AppImage

# --- the directory index ---------------------------------------------------------------
t 'index entry pointing into another directory: exit 2, the message names the index' 2 "$NOOUT" \
    "$INDEX_ERR" "$DIFFER" -- @$S85 manifest index.AppImage
t 'index entry pointing into another directory: compare is not IDENTICAL' 2 '!^IDENTICAL' \
    "$INDEX_ERR" -- @$S85 compare good.AppImage index.AppImage
t 'index entry pointing into another directory: compare --unsigned is not IDENTICAL' 2 '!^IDENTICAL' \
    "$INDEX_ERR" -- @$S85 compare --unsigned good.AppImage index.AppImage
t 'index entry whose name is not the first of its run: exit 2' 2 "$NOOUT" \
    "err:squashfs at offset $APP_OFF: directory '\\.' has an index that disagrees with its listing \\(index entry 1 of [0-9]+\\)\$" \
    -- @$S85 manifest index-name.AppImage

# --- order, size, inode numbers, types ---------------------------------------------------
t 'names out of order (unsquashfs refuses them too): exit 2' 2 "$NOOUT" \
    "err:squashfs at offset $APP_OFF: directory '\\.' lists 'a001x+\\.\\.\\.' after 'a002x+\\.\\.\\.': names out of order\$" \
    'sh:! unsquashfs -l "$S85/unsorted.sqfs"' -- @$S85 manifest unsorted.AppImage
t 'an entry past the size its directory declares (the kernel and unsquashfs list it): exit 2' 2 "$NOOUT" \
    "err:squashfs at offset $APP_OFF: directory 'sub2' has entries up to byte 35 of its listing, its inode says 21\$" \
    'sh:unsquashfs -l "$S85/past-size.sqfs" | grep -q "^squashfs-root/sub2/hidden$"' \
    -- @$S85 manifest past-size.AppImage
t 'an entry past the declared size: compare refuses (a linear read saw "removed sub2/hidden")' 2 \
    '!^(IDENTICAL|DIFFERENT)' "err:directory 'sub2' has entries up to byte 35" \
    -- @$S85 compare good.AppImage past-size.AppImage
t "an entry carrying another inode's number (the kernel's inode cache): exit 2" 2 "$NOOUT" \
    "err:squashfs at offset $APP_OFF: the directory entry of 'zzz' gives another inode number than its inode\$" \
    -- @$S85 manifest inode-number.AppImage
t 'two inodes with one number: exit 2' 2 "$NOOUT" \
    "err:squashfs at offset $APP_OFF: inode number [0-9]+ of '(sub/)?zzz' belongs to another inode too\$" \
    -- @$S85 manifest inode-dup.AppImage
t "an entry whose type differs from its inode's: exit 2" 2 "$NOOUT" \
    "err:squashfs at offset $APP_OFF: the directory entry of 'zzz' gives another type than its inode\$" \
    -- @$S85 manifest entry-type.AppImage

# --- extended attributes -------------------------------------------------------------------
mkdir -p "$S85/xa/d" && printf 'f\n' > "$S85/xa/f" && printf 'g\n' > "$S85/xa/g"
if python3 "$MKS" xattr "$S85/xa/f" 2> "$S85/xattr.log" && python3 "$MKS" xattr "$S85/xa/d" 2>> "$S85/xattr.log" &&
    sq85 "$S85/xa" xattrs -xattrs && sq85 "$S85/xa" noxattrs -no-xattrs; then
	t 'squashfs with extended attributes: the inodes that have them marked xattr' 1 \
	    'json:.hostile == true' "$(jflag '"f"' xattr)" "$(jflag '"d"' xattr)" "$(jclean '"g"')" \
	    'json:all(.outside[]; .name != "root-marked")' -- @$S85 manifest --format json xattrs.AppImage
	t 'the same tree with -no-xattrs: not hostile' 0 'json:.hostile == false' "$(jclean '"f"')" \
	    -- @$S85 manifest --format json noxattrs.AppImage
	t 'compare: extended attributes on one side only are not IDENTICAL' 1 '1:^DIFFERENT: ' \
	    '^hostile f: xattr$' -- @$S85 compare noxattrs.AppImage xattrs.AppImage
else
	# not counted as passed: said, so a reader of the log sees what did not run
	printf '# not run: squashfs with extended attributes (no user xattrs on this file system: %s)\n' \
	    "$(head -n 1 "$S85/xattr.log")"
fi

# --- links resolved through the image's symlinks (issue 16) ----------------------------
# (a hard link to a symlink is one inode: squashfs lists both names as
# that symlink)
mkdir -p "$S85/ln/sub" "$S85/ln/a/b" "$S85/lnok/sub/d" &&
ln -s .. "$S85/ln/sub/l2" && ln -s sub/l2/.. "$S85/ln/l1" &&
ln -s ../.. "$S85/ln/a/b/s" && ln -P "$S85/ln/a/b/s" "$S85/ln/h" &&
ln -s d "$S85/lnok/sub/l2" && ln -s sub/l2/.. "$S85/lnok/l1" &&
sq85 "$S85/ln" links && sq85 "$S85/lnok" linksok
t 'squashfs: symlink chain l1 -> sub/l2/.. with sub/l2 -> .. leaves the tree; a hard link to a/b/s -> ../.. too' 1 \
    'json:.hostile == true' "$(jflag '"l1"' symlink-outside)" "$(jflag '"h"' symlink-outside)" \
    "$(jclean '"sub/l2"')" -- @$S85 manifest --format json links.AppImage
t 'squashfs: the chain staying inside: clean' 0 'json:.hostile == false' "$(jclean '"l1"')" \
    -- @$S85 manifest --format json linksok.AppImage

# --- modes (issue 16) ------------------------------------------------------------------
mkdir -p "$S85/suid" && printf 'x\n' > "$S85/suid/run" && printf 'y\n' > "$S85/suid/plain" &&
chmod 4755 "$S85/suid/run" && chmod 0644 "$S85/suid/plain" && sq85 "$S85/suid" suid
t 'squashfs: a setuid file is marked setuid-setgid-sticky' 1 'json:.hostile == true' \
    "$(jflag '"run"' setuid-setgid-sticky)" "$(jclean '"plain"')" -- @$S85 manifest --format json suid.AppImage

# --- differential: unsquashfs and 7z over every image (issue 16) ----------------------
# tests/readers.py reads each NAME.sqfs with unsquashfs (the kernel's
# reading) and 7z; wherever they differ on an entry's name or bytes, the
# manifest of NAME.AppImage must not be clean and compare not IDENTICAL.
# (names.sqfs is left out: 2300 files, a process per file and reader.)
D85=$T/d85
mkdir -p "$D85"
D85_FILES=()
for _f in "$S85"/*.sqfs; do
	[ "${_f##*/}" != names.sqfs ] && [ -f "${_f%.sqfs}.AppImage" ] && D85_FILES+=("$_f")
done
readers_run "$D85/readers.txt" "${D85_FILES[@]}"
t 'differential: the squashfs readers run over every image' 0 \
    "sh:grep -Eq '^agree $S85/good\\.sqfs (7z,)?unsquashfs\$' '$D85/readers.txt'" \
    "sh:[ \$(grep -c '^\\(agree\\|disagree\\|unreadable\\) ' '$D85/readers.txt') -eq ${#D85_FILES[@]} ]" \
    -- --version
readers_cases "$D85/readers.txt"
