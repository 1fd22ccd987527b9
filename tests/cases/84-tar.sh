# Tar headers that tar readers read differently (issue 3): what libarchive
# lists must be what GNU tar, dpkg and Python's tarfile would extract. A
# header outside the strict set (verify/walk/tarscan.h) is refused, naming its
# offset and the rule (exit 2, nothing on stdout); extended attributes,
# ACLs and file flags are marked; every byte read counts against the caps;
# bytes of a .deb or a gzip header that no entry holds are outside records.
# The hostile files come from tests/mktar.py; the clean ones from GNU tar,
# bsdtar, Python's tarfile and dpkg-deb, which must stay clean.

[ -n "${AR_READY:-}" ] || . "$TESTS/archives.sh"	# jflag, jclean, $AR

R84=$T/r84
mkdir -p "$R84"
python3 "$TESTS/mktar.py" "$R84" > "$T/mktar.log" 2>&1 ||
	report 'fixture: tests/mktar.py wrote the hostile tars and debs' 1 "$(cat "$T/mktar.log")"

NO84='sh:[ ! -s "$OUT" ]'
H84='json:.hostile == true'
# refused FILE OFFSET RULE: the message for a header refused at OFFSET.
refused() {
	local q
	q=$(printf '%s' "$1" | sed 's/[][\.*^$()+?{}|]/\\&/g')
	printf "err:^electrum-verify: cannot read '%s'( \\\\([a-z.]+\\\\))?: tar header at offset %s: %s\$" \
	    "$q" "$2" "$3"
}

# (what the tricks do to the other readers: the premise of each case)
fixture_check 'GNU tar lists evil.sh after the V header of V.tar.gz' \
    "tar -tzf '$R84/V.tar.gz' | grep -qx evil.sh"
fixture_check 'GNU tar lists evil.pth, a Solaris ACL header, in A.tar' \
    "tar -tf '$R84/A.tar' 2>/dev/null | grep -qx evil.pth"
fixture_check 'GNU tar writes b.txt over a.txt after the pax global header of g-cr.tar' \
    "[ \"\$(tar -xOf '$R84/g-cr.tar' a.txt | tail -n 1)\" = evil ]"
fixture_check "Python's tarfile reads the GNU header's prefix field of magic-gnu.tar" \
    "python3 -c 'import sys, tarfile; sys.exit(\"p/x\" not in tarfile.open(\"$R84/magic-gnu.tar\").getnames())'"

# --- headers the readers disagree on: refused ---------------------------------
t "a 'V' volume header hiding evil.sh: refused, offset and rule" 2 "$NO84" \
    "$(refused V.tar.gz 0 "typeflag 'V' is not accepted")" -- @$R84 manifest V.tar.gz
t "a Solaris ACL header 'A': refused" 2 "$NO84" \
    "$(refused A.tar 0 "typeflag 'A' is not accepted")" -- @$R84 manifest A.tar
t "a pax global header with path=: refused" 2 "$NO84" \
    "$(refused g-path.tar 0 "typeflag 'g' \\(pax global header\\) is not accepted")" \
    -- @$R84 manifest g-path.tar
t 'a pax global header between two files: compare cannot say IDENTICAL' 2 '!^(IDENTICAL|DIFFERENT)' \
    "$(refused g-cr.tar 1024 "typeflag 'g' \\(pax global header\\) is not accepted")" \
    -- @$R84 compare g-off.tar g-cr.tar
for n in 1 2 3 4 5 6; do
	off=0
	[ $n = 1 ] && off=1024
	t "typeflag '$n' with data (hidden.sh): refused" 2 "$NO84" \
	    "$(refused size-$n.tar $off "typeflag '$n' with 1024 bytes of data is not accepted \\(only files carry data\\)")" \
	    -- @$R84 manifest size-$n.tar
done
t 'a directory given data by a pax size: refused' 2 "$NO84" \
    "$(refused paxsize-5.tar 1024 "typeflag '5' with 1024 bytes of data is not accepted \\(only files carry data\\)")" \
    -- @$R84 manifest paxsize-5.tar
t "a file named \"d/\" whose data is hidden.sh: refused" 2 "$NO84" \
    "$(refused slash0.tar 0 "a file whose name ends in '/' is not accepted")" -- @$R84 manifest slash0.tar
t "an old-style ('\\0') file named \"d/\": refused" 2 "$NO84" \
    "$(refused slashnul.tar 0 "a file whose name ends in '/' is not accepted")" -- @$R84 manifest slashnul.tar
t 'a file named "d/" by its pax path: refused' 2 "$NO84" \
    "$(refused slashpax.tar 1024 "a file whose name ends in '/' is not accepted")" -- @$R84 manifest slashpax.tar
t 'magic "ustarX00" with a prefix: refused' 2 "$NO84" \
    "$(refused magic-X.tar 1024 "magic 'ustarX00' is not accepted")" -- @$R84 manifest magic-X.tar
t 'GNU magic with data in the prefix field: refused' 2 "$NO84" \
    "$(refused magic-gnu.tar 1024 'a GNU header with data in the POSIX prefix field is not accepted')" \
    -- @$R84 manifest magic-gnu.tar
t 'v7 magic with data in the prefix field: refused' 2 "$NO84" \
    "$(refused magic-v7.tar 1024 'a v7 header with data after the link name is not accepted')" \
    -- @$R84 manifest magic-v7.tar
t 'one pax header giving path twice: refused' 2 "$NO84" \
    "$(refused xdup.tar 0 "pax key 'path' given twice")" -- @$R84 manifest xdup.tar
t 'a pax sparse file: refused' 2 "$NO84" \
    "$(refused sparse.tar 0 "pax key 'GNU\\.sparse\\.major' \\(a sparse file\\) is not accepted")" \
    -- @$R84 manifest sparse.tar
t 'a bad checksum names the header' 2 "$NO84" \
    "$(refused badsum.tar 1024 'the header checksum does not match')" -- @$R84 manifest badsum.tar
t 'a pax header before the end of the archive: refused' 2 "$NO84" \
    "$(refused x-end.tar 2048 'an extended header is not followed by an entry')" -- @$R84 manifest x-end.tar
t 'a GNU long name and a pax path for one entry: refused' 2 "$NO84" \
    "$(refused L-pax.tar 2048 'both a pax path and a GNU long name')" -- @$R84 manifest L-pax.tar
t 'a regular file with a link target: refused' 2 "$NO84" \
    "$(refused link0.tar 0 "a link target on typeflag '0' is not accepted")" -- @$R84 manifest link0.tar
t "typeflag '7' (contiguous) is a file" 0 'json:.hostile == false' \
    'json:.entries == [.entries[0]] and .entries[0].path == "c" and .entries[0].type == "file" and .entries[0].size == 5' \
    "json:.entries[0].sha256 == \"$(printf 'good\n' | sha256sum | cut -d' ' -f1)\"" \
    -- @$R84 manifest --format json contig.tar

# --- .deb: dpkg installs what data.tar hides ------------------------------------
t "a .deb whose data.tar has a '0' header named \"l/\" over a cover: refused" 2 "$NO84" \
    "$(refused t0.deb 1536 "a file whose name ends in '/' is not accepted")" -- @$R84 manifest t0.deb
t "a .deb whose data.tar has a 'V' header: refused" 2 "$NO84" \
    "$(refused V.deb 1536 "typeflag 'V' is not accepted")" -- @$R84 manifest V.deb
t 'a .deb whose data.tar has a "ustarX" header: refused, naming the member' 2 "$NO84" \
    "err:^electrum-verify: cannot read 'magic\\.deb' \\(data\\.tar\\.gz\\): tar header at offset 3072: magic 'ustarX00' is not accepted\$" \
    -- @$R84 manifest magic.deb

# --- memory: pax strings --------------------------------------------------------
t 'a 100 KB pax header: refused at its offset' 2 "$NO84" \
    "$(refused bigpax.tar.gz 0 "typeflag 'x' data of 100014 bytes is larger than 73728 bytes")" \
    -- @$R84 manifest bigpax.tar.gz
t '300 pax headers of 960 KB (unames): refused at the first header, before any is kept' 2 "$NO84" \
    "$(refused bigu.tar.gz 0 "typeflag 'x' data of 960028 bytes is larger than 73728 bytes")" \
    -- @$R84 manifest bigu.tar.gz
t 'a larger --max-path allows larger pax data (the owner cap still holds)' 2 "$NO84" \
    "err:^electrum-verify: 'bigpax\\.tar\\.gz': the owner name of 'f' is longer than 64 bytes\$" \
    -- @$R84 manifest --max-path 64K bigpax.tar.gz

# --- extended attributes, ACLs, file flags: marked xattr ------------------------
t 'xattrs (security.capability, user.evil): marked xattr' 1 "$H84" \
    'json:.entries[0].path == "readme" and .entries[0].flags == ["xattr"]' \
    -- @$R84 manifest --format json xattr.tar
t 'an ACL beyond the mode: marked xattr (one that only repeats the mode: clean)' 1 "$H84" \
    'json:.entries[0].flags == ["xattr"]' \
    "sh:cd '$R84' && \"\$EV\" manifest --format json acl-trivial.tar | jq -e '.hostile == false and .entries[0].flags == []'" \
    -- @$R84 manifest --format json acl.tar
t 'file flags (nodump): marked xattr, "# hostile" in mtree' 1 '^# hostile \./readme: xattr$' \
    -- @$R84 manifest fflags.tar

# --- caps count every byte read ---------------------------------------------------
t 'control.tar files count against --max-total-bytes' 2 "$NO84" \
    'err:^electrum-verify: .*--max-total-bytes' -- @$R84 manifest --max-total-bytes 10K cb.deb
t 'a control.tar file past --max-entry-bytes' 2 "$NO84" \
    "err:^electrum-verify: cannot read 'cb\\.deb' \\(control\\.tar\\.gz, entry [0-9]+ 'z0'\\): entry data larger than 1000 bytes \\(cap; raise with --max-entry-bytes\\)\$" \
    -- @$R84 manifest --max-entry-bytes 1000 cb.deb
t 'data after the end of the tar counts against --max-total-bytes' 2 "$NO84" \
    'err:^electrum-verify: .*archive content is larger than 102400 bytes \(cap; raise with --max-total-bytes\)$' \
    -- @$R84 manifest --max-total-bytes 100K junk.tar.gz

# --- bytes outside the entries: outside records -----------------------------------
t '.deb: bytes after the last ar member are hostile trailing-data' 1 "$H84" \
    "json:any(.outside[]; .name == \"trailing-data\" and .hostile and .offset == $(($(wc -c < "$R84/good.deb"))) and .size == 35 and .note == \"after the last ar member\")" \
    -- @$R84 manifest --format json tail.deb
t '.deb: bytes after the last member make compare DIFFERENT' 1 '1:^DIFFERENT: ' \
    '^hostile outside trailing-data: after the last ar member$' -- @$R84 compare good.deb tail.deb
t '.deb: an ar padding byte that is not a newline: refused' 2 "$NO84" \
    "err:^electrum-verify: cannot read 'pad\\.deb': ar padding byte at offset [0-9]+ is not a newline\$" \
    -- @$R84 manifest pad.deb
t '.deb: debian-binary with more than its version line: refused' 2 "$NO84" \
    "err:^electrum-verify: cannot read 'binary\\.deb': unsupported \\.deb format version\$" \
    -- @$R84 manifest binary.deb
t 'a gzip header with an extra field and a comment: outside record gzip-header' 0 'json:.hostile == false' \
    'json:any(.outside[]; .name == "gzip-header" and .offset == 0 and .size == 24 and .hostile == false and .note == "gzip header of 24 bytes: extra field (8 bytes), comment (3 bytes)")' \
    -- @$R84 manifest --format json gz-extra.tar.gz
# (a name and a time, as gzip and Python write them, are no record: two
# runs of gzip over the same tar stay IDENTICAL)
t 'gzip headers with different payloads: compare DIFFERENT (a name and a time: IDENTICAL)' 1 \
    '1:^DIFFERENT: .*0 added, 0 removed, 1 changed$' '^changed outside gzip-header: sha256, size$' \
    "sh:cd '$R84' && \"\$EV\" compare gz-plain.tar.gz gz-name.tar.gz | grep -q '^IDENTICAL: '" \
    "sh:cd '$R84' && ! \"\$EV\" manifest gz-name.tar.gz | grep -q gzip-header" \
    -- @$R84 compare gz-extra.tar.gz gz-extra2.tar.gz

# --- links resolved as an extractor follows them (issue 16) ----------------------------
t 'hard link to a symlink leading out (a/b/s -> ../..): h is that symlink, h/x below it' 1 "$H84" \
    "$(jflag '"h"' symlink-outside)" "$(jflag '"h/x"' below-symlink)" \
    'json:any(.entries[]; .path == "h" and .type == "hardlink" and .link == "a/b/s")' \
    -- @$R84 manifest --format json ln-hardsym-out.tar
t 'hard link to a symlink inside (s -> d): h/x lands in d/x, marked below-symlink' 1 "$H84" \
    "$(jflag '"h/x"' below-symlink)" "$(jclean '"h"')" "$(jclean '"s"')" \
    -- @$R84 manifest --format json ln-hardsym-in.tar
t 'symlink chain: l1 -> sub/l2/.. with sub/l2 -> .. leaves the tree' 1 "$H84" \
    "$(jflag '"l1"' symlink-outside)" "$(jclean '"sub/l2"')" -- @$R84 manifest --format json ln-chain.tar
t 'symlink chain staying inside (sub/l2 -> d): clean' 0 'json:.hostile == false' \
    "$(jclean '"l1"')" -- @$R84 manifest --format json ln-chain-ok.tar
t 'symlink chain whose link comes later in the archive: resolved in the extracted tree' 1 \
    "$(jflag '"l1"' symlink-outside)" -- @$R84 manifest --format json ln-later.tar
# An archive's tree changes as it is extracted, but only by giving a path
# again (duplicate) or by writing through a symlink (below-symlink), both
# hostile; so resolving in the final tree misses nothing archive order sees.
t 'archive order: x -> y, y -> .., x/f, then y a directory: every step marked' 1 "$H84" \
    "$(jflag '"x/f"' below-symlink)" "$(jflag '"y"' symlink-outside)" "$(jflag '"y"' duplicate)" \
    'json:[.entries[] | select(.path == "y" and .type == "dir") | .flags | index("duplicate")] | length == 1' \
    -- @$R84 manifest --format json ln-replaced.tar
t 'a symlink loop (a -> b, b -> a): symlink-outside (cannot be resolved)' 1 \
    "$(jflag '"a"' symlink-outside)" "$(jflag '"b"' symlink-outside)" -- @$R84 manifest --format json ln-loop.tar
t '.deb: hard link to a symlink leading out, and a file below it' 1 "$H84" \
    "$(jflag '"usr/share/t/h"' symlink-outside)" "$(jflag '"usr/share/t/h/x"' below-symlink)" \
    'json:all(.entries[]; .path != "usr/share/t/h" or (.flags | index("not-in-md5sums") | not))' \
    -- @$R84 manifest --format json ln-hardsym.deb
t '.deb: a symlink chain leaving the tree only through another symlink' 1 "$H84" \
    "$(jflag '"usr/share/t/l1"' symlink-outside)" "$(jclean '"usr/share/t/sub/l2"')" \
    -- @$R84 manifest --format json ln-chain.deb
t 'compare: the same tree with and without a hard link to an outside symlink: DIFFERENT' 1 \
    '1:^DIFFERENT: ' '^hostile h: symlink-outside$' -- @$R84 compare ln-chain-ok.tar ln-hardsym-out.tar

# --- what the writers of releases write stays clean ---------------------------------
# (a tree with names past 100 and 255 bytes, a long symlink target, a hard
# link, an empty file and directory, a name with " #=é"; ustar and v7
# writers get the short part only)
W84=$T/w84
E84=Electrum-4.6.2
mkdir -p "$W84/long/$E84" && (
	cd "$W84/long/$E84" || exit 1
	L=$(printf 'd%.0s' $(seq 1 60))
	mkdir -p "$L/$L/$L" empty sub
	printf 'deep\n' > "$L/$L/$L/file-with-a-long-name.txt"
	ln -s "$L/$L/$L/file-with-a-long-name.txt" longlink
	printf 'hello\n' > a.txt && ln a.txt hard.txt && ln -s a.txt sub/sym
	: > empty.txt && printf 'é\n' > 'é ü #=.txt'
	# a name that Python's pax writer cuts at byte 100, just after a "/"
	Q=$(printf 'q%.0s' $(seq 1 84)) && mkdir "$Q" && printf 'z\n' > "$Q/zzzz"
) && mkdir -p "$W84/short/$E84/sub" && printf 'x\n' > "$W84/short/$E84/sub/x" &&
    ln -s x "$W84/short/$E84/sub/y"
(
	cd "$W84" || exit 1
	for f in gnu posix oldgnu; do tar --format=$f -C long -cf gnu-$f.tar $E84; done
	tar --format=ustar -C short -cf gnu-ustar.tar $E84
	tar -C long -czf gnu-default.tar.gz $E84
	bsdtar -C long -czf bsd-default.tar.gz $E84
	for f in pax gnutar; do bsdtar --format=$f -C long -cf bsd-$f.tar $E84; done
	bsdtar --format=ustar -C short -cf bsd-ustar.tar $E84
	python3 - <<'PY'
import tarfile
for fmt, tree in (("GNU", "long"), ("PAX", "long"), ("USTAR", "short")):
    with tarfile.open("py-%s.tar.gz" % fmt, "w:gz", format=getattr(tarfile, fmt + "_FORMAT")) as t:
        t.add(tree + "/Electrum-4.6.2", "Electrum-4.6.2")
PY
	mkdir -p pkg/DEBIAN pkg/usr/share && cp -a long/$E84 pkg/usr/share/ &&
	printf 'Package: t\nVersion: 1\nArchitecture: all\nMaintainer: x <x@x>\nDescription: t\n' \
	    > pkg/DEBIAN/control &&
	(cd pkg && find usr -type f -exec md5sum {} + > DEBIAN/md5sums) &&
	for z in gzip xz zstd none; do
		dpkg-deb --root-owner-group -Z$z -b pkg dpkg-$z.deb > /dev/null || exit 1
	done
) > "$T/w84.log" 2>&1 || report 'fixture: release writers (GNU tar, bsdtar, Python, dpkg-deb)' 1 \
    "$(head -n 20 "$T/w84.log")"
for f in gnu-gnu.tar gnu-posix.tar gnu-oldgnu.tar gnu-ustar.tar gnu-default.tar.gz \
    bsd-default.tar.gz bsd-pax.tar bsd-gnutar.tar bsd-ustar.tar py-GNU.tar.gz py-PAX.tar.gz \
    py-USTAR.tar.gz dpkg-gzip.deb dpkg-xz.deb dpkg-zstd.deb dpkg-none.deb; do
	t "clean: $f" 0 'json:.hostile == false and (.entries | length) > 2' '!err:.' \
	    -- @$W84 manifest --format json "$f"
done
fixture_check "Python's pax writer cut a name at 100 bytes, just after a \"/\"" \
    "python3 -c 'import gzip, sys; d = gzip.open(\"$W84/py-PAX.tar.gz\").read(); sys.exit(not any(d[i+99:i+100] == b\"/\" and d[i+156:i+157] == b\"0\" for i in range(0, len(d), 512)))'"
t "clean: Python's pax name cut after a \"/\" is a file named by its pax path" 0 \
    "json:any(.entries[]; (.path | endswith(\"/zzzz\")) and .type == \"file\")" \
    -- @$W84 manifest --format json py-PAX.tar.gz
t 'GNU tar (gnu, posix) and bsdtar (pax) of the same tree: IDENTICAL' 0 '1:^IDENTICAL: ' \
    -- @$W84 compare gnu-posix.tar bsd-pax.tar
t 'GNU tar gnu and oldgnu formats: IDENTICAL' 0 '1:^IDENTICAL: ' -- @$W84 compare gnu-gnu.tar gnu-oldgnu.tar

# --- differential: several readers over every tar and .deb fixture (issue 16) ---------
# tests/readers.py reads each one (a .deb's data.tar as dpkg-deb gives it)
# with Python's tarfile, GNU tar and bsdtar; wherever two differ on an
# entry's name or bytes, manifest must not be clean and compare not
# IDENTICAL. (bigu.tar.gz is left out: 144 MB of pax headers, a minute per
# reader; the cases above refuse it. A name a reader prints escaped counts
# as another reading: such names are marked anyway.)
D84=$T/d84
mkdir -p "$D84"
D84_FILES=()
for _f in "$R84"/*.tar "$R84"/*.tar.gz "$R84"/*.deb "$AR"/*.tar* "$AR"/h/*.tar "$AR"/deb/*.deb "$W84"/*.tar* "$W84"/*.deb; do
	[ -f "$_f" ] && [ "${_f##*/}" != bigu.tar.gz ] && D84_FILES+=("$_f")
done
readers_run "$D84/readers.txt" "${D84_FILES[@]}"
t 'differential: the tar readers run, and tell a hidden entry from agreement' 0 \
    "sh:grep -q '^disagree $R84/V\\.tar\\.gz ' '$D84/readers.txt'" \
    "sh:grep -Eq '^agree $R84/good\\.deb [a-z0-9]+,[a-z0-9,]+\$' '$D84/readers.txt'" \
    "sh:[ \$(grep -c '^\\(agree\\|disagree\\|unreadable\\) ' '$D84/readers.txt') -eq ${#D84_FILES[@]} ]" \
    -- --version
readers_cases "$D84/readers.txt"
