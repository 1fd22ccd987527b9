# The compare report people can act on (issue 13): a changed file shows
# both sizes and SHA-256 values (short in text, full in --json); against a
# list without directories, directories are not compared and a note says
# so; --strip-components and --prefix compare trees under different top
# folders; a file named like an artifact that its content is not gets a
# warning; a tar.gz and a zip of one tree differ in no entry, the zip's
# extra fields listed apart as format-only.

R87=$T/r87
mkdir -p "$R87/u"
{
	python3 "$TESTS/mkdmg.py" tree "$R87/t" &&
	ln "$R87/t/link1" "$R87/t/links/hard" &&
	(cd "$R87" && tar --sort=name -czf t.tar.gz t && zip -qry t.zip t) &&
	cp -a "$R87/t" "$R87/u/t.orig" && tar --sort=name -czf "$R87/o.tar.gz" -C "$R87/u" t.orig &&
	printf 'Electrum test image, changed\n' > "$R87/t/README.txt" &&
	(cd "$R87" && tar --sort=name -czf c.tar.gz t) &&
	mkdir -p "$R87/s/a/b" && echo x > "$R87/s/a/f" && echo y > "$R87/s/a/b/g" &&
	(cd "$R87" && tar --sort=name -czf s.tar.gz s && find s -type f | sort |
	    xargs sha256sum > list.sha256 && echo z > s/a/f && tar --sort=name -czf s2.tar.gz s) &&
	"$EV" manifest "$R87/t.zip" > "$R87/zip.mtree" &&
	printf 'not an AppImage\n' > "$R87/fake.AppImage"
} > "$R87/make.log" 2>&1
report 'report fixtures: one tree as tar.gz, zip, under another top folder, a sha256sum list' \
    $? "$(cat "$R87/make.log")"

R87_SHORT="sha256 [0-9a-f]{12}"
t 'a changed file: both sizes and both short SHA-256 values' 1 \
    "^changed t/README\\.txt: content \\('t\\.tar\\.gz': 20 bytes, sha256 81762e4f58ee; 'c\\.tar\\.gz': 29 bytes, $R87_SHORT\\)\$" \
    -- @$R87 compare t.tar.gz c.tar.gz
t 'a changed file in --json: both sides in full' 1 \
    'json:.changed[0].path == "t/README.txt" and .changed[0].a.size == 20 and .changed[0].b.size == 29 and (.changed[0].a.sha256 | test("^81762e4f58ee[0-9a-f]{52}$")) and (.changed[0].b.sha256 | length) == 64' \
    -- @$R87 compare --json t.tar.gz c.tar.gz
t 'a sha256sum list (no directories): directories not compared, a note says so' 0 \
    "1:^IDENTICAL: 'list\\.sha256' and 's\\.tar\\.gz' have the same 2 entries" \
    "^note: 'list\\.sha256' lists no directories: 3 directories of 's\\.tar\\.gz' not compared\$" \
    '!^(added|removed) ' -- @$R87 compare list.sha256 s.tar.gz
t 'the same list against the tree with a file changed: only that file' 1 \
    "1:^DIFFERENT: 'list\\.sha256' and 's2\\.tar\\.gz': 0 added, 0 removed, 1 changed\$" \
    '^changed s/a/f: content' -- @$R87 compare list.sha256 s2.tar.gz
t 'the same tree under another top folder: all added and removed without --prefix' 1 \
    "1:^DIFFERENT: 't\\.tar\\.gz' and 'o\\.tar\\.gz': 16 added, 16 removed, 0 changed\$" \
    -- @$R87 compare t.tar.gz o.tar.gz
t '--prefix t.orig=t: IDENTICAL (hard link targets renamed too)' 0 \
    "1:^IDENTICAL: 't\\.tar\\.gz' and 'o\\.tar\\.gz' have the same 16 entries\$" \
    -- @$R87 compare --prefix t.orig=t t.tar.gz o.tar.gz
t '--strip-components 1: IDENTICAL, the top folders left out' 0 \
    "1:^IDENTICAL: 't\\.tar\\.gz' and 'o\\.tar\\.gz' have the same 15 entries\$" \
    -- @$R87 compare --strip-components 1 t.tar.gz o.tar.gz
t '--strip-components 1 still finds a changed file' 1 \
    '^changed README\.txt: content' -- @$R87 compare --strip-components 1 o.tar.gz c.tar.gz
t '--prefix with an empty OLD: exit 2' 2 "$NOOUT" 'err:--prefix takes OLD=NEW' \
    -- @$R87 compare --prefix =t t.tar.gz o.tar.gz
t '--strip-components 0: exit 2' 2 "$NOOUT" 'err:--strip-components takes a whole number from 1' \
    -- @$R87 compare --strip-components 0 t.tar.gz o.tar.gz
t '--strip-components with --unsigned: exit 2' 2 "$NOOUT" \
    'err:--strip-components and --prefix do not go with --unsigned' \
    -- @$R87 compare --unsigned --strip-components 1 t.tar.gz o.tar.gz
t 'a tar.gz and a zip of one tree: no entry differs, the extra fields format-only' 0 \
    "1:^IDENTICAL: 't\\.tar\\.gz' and 't\\.zip'" \
    "^format-only outside zip-extra-fields: only 't\\.zip' has it \\(its format\\)\$" \
    -- @$R87 compare t.tar.gz t.zip
t 'the same in --json: format_only_outside, verdict identical' 0 \
    'json:.verdict == "identical" and .format_only_outside == [{"name": "zip-extra-fields", "in": ["b"]}] and .added_outside == []' \
    -- @$R87 compare --json t.tar.gz t.zip
t "the zip's manifest file against the tar.gz: the record is added, not format-only" 1 \
    '^added outside zip-extra-fields$' '!^format-only' -- @$R87 compare t.tar.gz zip.mtree
t 'manifest of an .AppImage without the AppImage magic: a warning, listed as a plain file' 0 \
    "err:^electrum-verify: warning: 'fake\\.AppImage' is named like AppImage, but its content is unknown\$" \
    '^# kind file$' -- @$R87 manifest fake.AppImage
t 'compare names the same mismatch' 1 \
    "err:^electrum-verify: warning: 'fake\\.AppImage' is named like AppImage, but" \
    -- @$R87 compare fake.AppImage t.tar.gz
t 'a file named for its kind: no warning' 0 '!err:warning' -- @$R87 manifest t.tar.gz
