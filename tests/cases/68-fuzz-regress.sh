# Inputs the fuzz targets found (issue 6; tests/fuzz): each one is kept
# in its target's corpus (tests/fuzz/corpus/NAME/regress-*) and must make
# the normal binary refuse it cleanly: exit 2, nothing on stdout, one
# message naming what is wrong, no crash and no huge allocation (the
# cases run under the suite's time limit, and under ASan with make
# check-asan).

FZ=$TESTS/fuzz/corpus
F68=$T/f68
mkdir -p "$F68"
for f in dir-index-name slink-size extfile-size; do
	cp "$FZ/appimage/regress-$f" "$F68/$f.AppImage"
done
F68_NOOUT='sh:[ ! -s "$OUT" ]'

# libsquashfs 1.2 reserves what an extended directory's index entries
# claim (doubling up to 2 GiB and more for a forged name size) before it
# reads them: squash.c now checks the claims first.
t 'fuzz: AppImage whose root directory index claims a name of over 1 GiB: exit 2, named, nothing listed' 2 \
    "$F68_NOOUT" "err:^electrum-verify: 'dir-index-name\\.AppImage': squashfs at offset [0-9]+: the root directory claims a directory index name longer than 256 bytes \\(corrupted\\)\$" \
    -- @$F68 manifest dir-index-name.AppImage
t 'fuzz: the same AppImage in compare: exit 2, never IDENTICAL' 2 '!^IDENTICAL' \
    'err:the root directory claims a directory index name longer than 256 bytes' \
    -- @$F68 compare dir-index-name.AppImage dir-index-name.AppImage
# The same for a symlink's target size and an extended file's size (its
# block list): libsquashfs allocates 2 GiB and 32 GiB for these before
# reading; they cannot be larger than the inode table that holds them.
t 'fuzz: AppImage whose symlink claims a 2 GiB target: exit 2, the entry named' 2 "$F68_NOOUT" \
    "err:^electrum-verify: 'slink-size\\.AppImage': squashfs at offset [0-9]+: the inode of 'd/link' claims more bytes than the inode table holds \\(corrupted\\)\$" \
    -- @$F68 manifest slink-size.AppImage
t 'fuzz: AppImage whose hard-linked file claims 1 PiB (a 32 GiB block list): exit 2, the entry named' 2 "$F68_NOOUT" \
    "err:^electrum-verify: 'extfile-size\\.AppImage': squashfs at offset [0-9]+: the inode of 'a' claims more bytes than the inode table holds \\(corrupted\\)\$" \
    -- @$F68 manifest extfile-size.AppImage
