# The desktop helper given a folder (issue 15, part 4): the same audit as
# `electrum-verify check DIR` (bind/folder.c: each release file checked,
# the files x signers matrix, missing and extra files), shown as the
# verdict, then the matrix. Uses g and the key store of 90-gui.sh (alice
# and bob imported); the folders are made here, small stand-ins signed by
# alice and bob, each in its own X.SIGNER.asc and X.asc their union.

GF=$T/gui-folder
mk91() {	# mk91 DIR FILE...: the files, each signed by alice and bob
	local d=$GF/$1 n
	shift
	rm -rf "$d" && mkdir -p "$d" || return 1
	for n in "$@"; do
		python3 "$ROOT/tests/mkstandin.py" "$d/$n" || return 1
		fx_sign_split "$d/$n" alice bob
	done
}
{
	mk91 full electrum-4.6.2.dmg electrum-4.6.2-portable.exe &&
	mk91 bad electrum-4.6.2.dmg electrum-4.6.2-portable.exe &&
	    printf 'tampered\n' >> "$GF/bad/electrum-4.6.2-portable.exe" &&
	mk91 split electrum-4.6.2.dmg && cp "$GF/split/electrum-4.6.2.dmg.alice.asc" "$GF/split/electrum-4.6.2.dmg.asc" &&
	printf 'notes\n' > "$GF/full/notes.txt" &&
	mkdir -p "$GF/empty"
} > "$T/gui-folder.log" 2>&1
fx_stop_agents
report 'gui folder fixtures: release folders signed by alice and bob' $? "$(cat "$T/gui-folder.log")"

V_FOLDER_OK='Genuine Electrum release folder'
V_FOLDER_BAD='NOT genuine — do not run these files'
lab() { printf '^ +GtkLabel role=label text="%s"$' "$(re "$1")"; }

g 'a release folder: genuine, the matrix of files x signers, missing and extra' 0 \
    "verdict=$V_FOLDER_OK:emblem-ok-symbolic" \
    "$(reason 'Electrum 4\.6\.2: 2 release files, each verified')" \
    '^ +GtkGrid role=[a-z]+ a11y="Files by signers"' \
    "$(lab File)" "$(lab Verdict)" "$(lab alice)" "$(lab bob)" \
    "$(lab electrum-4.6.2.dmg)" "$(lab electrum-4.6.2-portable.exe)" \
    "sh:[ \$(grep -c 'text=\"genuine\"\$' \$OUT) -eq 2 ] && [ \$(grep -c 'text=\"good\"\$' \$OUT) -eq 4 ]" \
    "$(lab 'Signed every file: alice, bob')" '^ +GtkLabel role=label text="Missing: .*Electrum-4\.6\.2\.tar\.gz' \
    "$(lab 'Extra: notes.txt')" "$(button 'Open folder…')" \
    -- "$GF/full"
g 'a folder with a tampered file: NOT genuine, its row NOT genuine and BAD' 1 \
    "verdict=$V_FOLDER_BAD:dialog-error-symbolic" \
    "$(reason '1 of 2 release files not verified')" \
    "sh:[ \$(grep -c 'text=\"BAD\"\$' \$OUT) -eq 2 ] && [ \$(grep -c 'text=\"NOT genuine\"\$' \$OUT) -eq 1 ]" \
    '^ +GtkLabel role=label text="electrum-4\.6\.2-portable\.exe: BAD signatures? from' \
    "$(lab 'Signed every file: none')" \
    -- "$GF/bad"
g 'a combined .asc without one of its split files: NOT genuine, the difference said' 1 \
    "verdict=$V_FOLDER_BAD:dialog-error-symbolic" \
    "$(reason '.*a combined \.asc differs from its per-signer files')" \
    "$(lab "'electrum-4.6.2.dmg.asc' differs from its 2 per-signer files: 0 signatures only in it, 1 only in them")" \
    -- "$GF/split"
g 'a folder without release files: NOT genuine, said so' 1 \
    "verdict=$V_FOLDER_BAD:dialog-error-symbolic" "$(reason 'no Electrum release file in the folder')" \
    -- "$GF/empty"
g 'a folder chosen (the test hook answers the chooser): audited the same' 0 \
    "verdict=$V_FOLDER_OK:emblem-ok-symbolic" "$(lab electrum-4.6.2.dmg)" \
    -- ELECTRUM_VERIFY_GUI_TEST_CHOOSE="$GF/full"
g 'a folder dropped on the window: audited the same' 0 \
    "verdict=$V_FOLDER_OK:emblem-ok-symbolic" "$(lab electrum-4.6.2-portable.exe)" \
    -- ELECTRUM_VERIFY_GUI_TEST_DROP="$GF/full"
g 'a folder without the signers keys: could not check (as the CLI), each file why' 2 \
    "verdict=$V_CANNOT:dialog-warning-symbolic" "$(reason '2 of 2 release files not verified \(some could not be checked\)')" \
    "sh:[ \$(grep -c 'text=\"could not check\"\$' \$OUT) -eq 2 ]" 'text="electrum-4\.6\.2\.dmg: no key material for any pinned signer' \
    -- ELECTRUM_VERIFY_HOME="$T/gui-folder-nostore" "$GF/full"
