# A whole release folder (issue 15, part 4): `check DIR` audits a folder
# laid out like Electrum's download directory: every release file checked
# (in parallel), a files x signers matrix, each combined X.asc against
# the union of its per-signer X.SIGNER.asc files, the files missing from
# or extra to Electrum's naming for the version. The ten files of
# version 4.6.2 are small stand-ins signed by alice and bob, each in its
# own X.SIGNER.asc, and X.asc their concatenation.

R34=$T/rel34
mkdir -p "$R34"
mk34() {
	local d=$R34/$1 n
	rm -rf "$d" && mkdir -p "$d" || return 1
	for n in Electrum-4.6.2.tar.gz Electrum-sourceonly-4.6.2.tar.gz electrum-4.6.2-x86_64.AppImage \
	    electrum-4.6.2.exe electrum-4.6.2-portable.exe electrum-4.6.2-setup.exe \
	    Electrum-4.6.2-arm64-v8a-release.apk Electrum-4.6.2-armeabi-v7a-release.apk \
	    Electrum-4.6.2-x86_64-release.apk electrum-4.6.2.dmg; do
		if [ -f "$R34/full/$n" ]; then
			cp "$R34/full/$n" "$R34/full/$n".*asc "$d/" || return 1
			continue
		fi
		python3 "$ROOT/tests/mkstandin.py" "$d/$n" || return 1
		fx_sign_split "$d/$n" alice bob
	done
}
{
	mk34 full && mk34 missing && rm "$R34"/missing/electrum-4.6.2.dmg* &&
	mk34 extra && printf 'notes\n' > "$R34/extra/notes.txt" && mkdir "$R34/extra/sub" &&
	mk34 split && cp "$R34/split/Electrum-4.6.2.tar.gz.alice.asc" "$R34/split/Electrum-4.6.2.tar.gz.asc" &&
	mk34 bad && printf 'tampered\n' >> "$R34/bad/electrum-4.6.2.exe" &&
	mk34 mixed && cp "$R34/full/electrum-4.6.2.dmg" "$R34/mixed/electrum-4.8.1.dmg" &&
	cp "$R34/full/electrum-4.6.2.dmg.asc" "$R34/mixed/electrum-4.8.1.dmg.asc" &&
	mkdir -p "$R34/empty"
	[ "$(ls "$R34/full" | wc -l)" -eq 40 ]
} > "$R34/make.log" 2>&1
report 'folder fixtures: ten release files of 4.6.2, each signed by alice and bob' $? "$(cat "$R34/make.log")"

FOK="^VERIFIED: folder '[^']*full': Electrum 4\\.6\\.2: 10 release files, each verified$"
row34() { printf '^  %s +%s +%s +%s *$' "$(re "$1")" "$2" "$3" "$4"; }

t 'a full release folder: VERIFIED, the matrix, the unions, who signed every file' 0 "1:$FOK" \
    '^  file +verdict +alice +bob$' "$(row34 Electrum-4.6.2.tar.gz VERIFIED good good)" \
    "$(row34 electrum-4.6.2.dmg VERIFIED good good)" \
    "sh:[ \$(grep -c '^  [Ee]lectrum-.* VERIFIED ' \$OUT) -eq 10 ]" \
    '^Electrum-4\.6\.2\.tar\.gz\.asc: the union of its 2 per-signer files$' \
    '^signed every file: alice, bob$' '^missing: none$' '^extra: none$' -- @$R34 check full
t_same "'check DIR' = 'DIR'" 0 "1:$FOK" -- @$R34 check full --- @$R34 full
t 'one file missing: still verified, the missing one named' 0 \
    "1:^VERIFIED: folder .*9 release files, each verified" '^missing: electrum-4\.6\.2\.dmg$' \
    -- @$R34 check missing
t 'an extra file and a subfolder: listed as extra' 0 "1:^VERIFIED: folder " '^extra: notes\.txt, sub$|^extra: sub, notes\.txt$' \
    -- @$R34 check extra
t 'a split .asc absent from the combined one: NOT VERIFIED, the difference said' 1 \
    "1:^NOT VERIFIED: folder .*a combined \\.asc differs from its per-signer files" \
    "^'Electrum-4\\.6\\.2\\.tar\\.gz\\.asc' differs from its 2 per-signer files: 0 signatures only in it, 1 only in them$" \
    "$(row34 Electrum-4.6.2.tar.gz VERIFIED good -)" -- @$R34 check split
t 'a tampered file: NOT VERIFIED, its row BAD, nobody signed every file' 1 \
    "1:^NOT VERIFIED: folder .*1 of 10 release files not verified" \
    "$(row34 electrum-4.6.2.exe 'NOT VERIFIED' BAD BAD)" '^electrum-4\.6\.2\.exe: BAD signatures? from' \
    '^signed every file: nobody$' -- @$R34 check bad
t 'two versions in one folder: NOT VERIFIED' 1 "1:^NOT VERIFIED: folder .*more than one version in one folder" \
    -- @$R34 check mixed
t 'a folder without release files: NOT VERIFIED' 1 "1:^NOT VERIFIED: folder .*no Electrum release file in the folder" \
    -- @$R34 check empty
t 'JSON: artifacts with signers, combined_equals_split, signed_every_file, missing, extra' 1 \
    'json:.verdict == "not-verified" and .version == "4.6.2" and (.artifacts | length) == 10 and ([.artifacts[] | select(.combined_equals_split == false)] | length) == 1 and .signed_every_file == ["alice"] and .missing == [] and .extra == []' \
    -- @$R34 check --json split
t 'JSON of a full folder: verified, every artifact verified' 0 \
    'json:.verdict == "verified" and .exit == 0 and ([.artifacts[] | select(.verdict == "verified")] | length) == 10 and .signed_every_file == ["alice", "bob"]' \
    -- @$R34 check --json full
t '--quiet: the verdict line only' 0 lines=1 "1:$FOK" -- @$R34 check --quiet full
t '--sig with a folder: usage error' 2 'err:--sig, --no-downgrade and --cross-check are for one file' \
    -- @$R34 check --sig full/electrum-4.6.2.dmg.asc full
t '--min-sigs 2 over the folder: every file has two signers' 0 "1:$FOK" -- @$R34 check --min-sigs 2 full
t '--min-sigs 3 over the folder: none verified' 1 "1:^NOT VERIFIED: folder .*10 of 10 release files not verified" \
    -- @$R34 check --min-sigs 3 full
