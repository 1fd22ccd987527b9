# compare --unsigned of a .dmg (issue 13): on the official side every
# Mach-O file without its code signature (each slice of a fat binary),
# _CodeSignature/ and Contents/CodeResources left out, then entry by
# entry. tests/mkmacho.py writes thin and fat binaries, unsigned and with
# an ad-hoc signature added as codesign_allocate places one; mkdmg.py puts
# them into images. llvm-objdump reads the generated binaries first, so a
# misbuilt fixture is not taken for a bug in the tool.

M88=$T/macho88
M88_KINDS='macho macho-local macho-adhoc macho-cms macho-differs macho-junk macho-blobjunk macho-outside macho-notlast macho-vmsize macho-padding macho-fatgap csoutside'
mkdir -p "$M88"
{
	for k in $M88_KINDS; do
		python3 "$TESTS/mkdmg.py" image "$M88/$k.dmg" "$k" || exit 1
	done &&
	python3 "$TESTS/mkmacho.py" thin "$M88/thin" --signed &&
	python3 "$TESTS/mkmacho.py" fat "$M88/fat" --signed &&
	python3 "$TESTS/mkmacho.py" thin "$M88/thin32" --i386 --signed &&
	python3 "$TESTS/mkmacho.py" fat "$M88/fatcms" --signed --forge cms
} > "$M88/make.log" 2>&1
report 'Mach-O fixtures: thin and fat, signed and unsigned, in .dmg images (tests/mkmacho.py)' \
    $? "$(cat "$M88/make.log")"

# m88_llvm FILE SLICES: llvm-objdump reads every slice's load commands and
# finds one LC_CODE_SIGNATURE in each, its data ending the slice
m88_llvm() {
	llvm-objdump --macho --private-headers --arch=all "$1" > "$M88/llvm.out" 2>&1 &&
	! grep -qi 'error\|warning\|truncated' "$M88/llvm.out" &&
	[ "$(grep -c 'cmd LC_CODE_SIGNATURE' "$M88/llvm.out")" -eq "$2" ]
}
report 'premise: llvm-objdump reads the signed thin binary, one LC_CODE_SIGNATURE' \
    "$(m88_llvm "$M88/thin" 1; echo $?)" "$(cat "$M88/llvm.out")"
report 'premise: llvm-objdump reads the signed 32-bit (i386) binary, one LC_CODE_SIGNATURE' \
    "$(m88_llvm "$M88/thin32" 1; echo $?)" "$(cat "$M88/llvm.out")"
report 'premise: llvm-objdump reads both slices of the signed fat binary, each signed' \
    "$(m88_llvm "$M88/fat" 2; echo $?)" "$(cat "$M88/llvm.out")"
report 'premise: llvm-objdump reads the fat binary signed with a CMS blob, each slice signed' \
    "$(m88_llvm "$M88/fatcms" 2; echo $?)" "$(cat "$M88/llvm.out")"

M88_RULE='^rule: Apple disk image: .*LC_CODE_SIGNATURE.*_CodeSignature/.*Contents/CodeResources'
M88_NOTE="^'macho\\.dmg': 4 Mach-O files, 3 signed \\(4 slices\\), [0-9]+ signature bytes removed \\(outside record macho-signatures\\); 3 entries left out \\([0-9]+ bytes\\)\$"
M88_CLEAN='!^problem:'

t '--unsigned dmg: signed official (thin, 32-bit, fat, _CodeSignature, ticket) vs the unsigned build' 0 \
    "1:^IDENTICAL: 'macho\\.dmg' and 'macho-local\\.dmg'" "$M88_RULE" "$M88_NOTE" "$M88_CLEAN" \
    -- @$M88 compare --unsigned macho.dmg macho-local.dmg
t 'without --unsigned the same two differ: the signatures are what the rule removes' 1 \
    '^changed Electrum\.app/Contents/MacOS/run_macho' '^changed Electrum\.app/Contents/Frameworks/libfat\.dylib' \
    '^removed Electrum\.app/Contents/_CodeSignature/CodeResources' '^removed Electrum\.app/Contents/CodeResources' \
    -- @$M88 compare macho.dmg macho-local.dmg
t '--unsigned dmg: a fat binary whose stripped slice differs is a changed entry' 1 \
    "1:^DIFFERENT: 'macho-differs\\.dmg' and 'macho-local\\.dmg': 0 added, 0 removed, 1 changed\$" \
    '^changed Electrum\.app/Contents/Frameworks/libfat\.dylib: content' "$M88_CLEAN" \
    -- @$M88 compare --unsigned macho-differs.dmg macho-local.dmg
t '--unsigned dmg: junk after the signature does not strip cleanly: a problem and a change' 1 \
    '1:^DIFFERENT: .* 1 changed, 1 problem$' \
    "^problem: 'macho-junk\\.dmg': 1 Mach-O file does not strip cleanly, first: 'Electrum\\.app/Contents/MacOS/run_macho': Mach-O: 32 bytes after the code signature\$" \
    '^changed Electrum\.app/Contents/MacOS/run_macho' \
    -- @$M88 compare --unsigned macho-junk.dmg macho-local.dmg
t '--unsigned dmg: a non-zero byte after the SuperBlob, inside the signature space' 1 \
    '1:^DIFFERENT: ' "^problem: .*'Electrum\\.app/Contents/MacOS/run_macho': Mach-O: bytes after the code signature SuperBlob are not zero\$" \
    -- @$M88 compare --unsigned macho-blobjunk.dmg macho-local.dmg
t '--unsigned dmg: an LC_CODE_SIGNATURE pointing outside its fat slice is refused by name' 1 \
    '1:^DIFFERENT: ' "^problem: .*'Electrum\\.app/Contents/Frameworks/libfat\\.dylib': Mach-O: LC_CODE_SIGNATURE points outside the slice \\([0-9]+ bytes at [0-9]+, slice of [0-9]+\\) \\(fat slice 1\\)\$" \
    '^changed Electrum\.app/Contents/Frameworks/libfat\.dylib' \
    -- @$M88 compare --unsigned macho-outside.dmg macho-local.dmg
# m88_refused NAME VARIANT FILE WHY: the official VARIANT's FILE does not
# strip cleanly, for WHY (a regex), and is compared as it is
m88_refused() {
	t "--unsigned dmg: $1" 1 \
	    "1:^DIFFERENT: '$2\\.dmg' and 'macho-local\\.dmg': 0 added, 0 removed, 1 changed, 1 problem\$" \
	    "^problem: '$2\\.dmg': 1 Mach-O file does not strip cleanly, first: 'Electrum\\.app/Contents/$3': Mach-O: $4\$" \
	    "^changed Electrum\\.app/Contents/$3: content" \
	    -- @$M88 compare --unsigned "$2.dmg" macho-local.dmg
}
m88_refused 'a load command after LC_CODE_SIGNATURE' macho-notlast 'MacOS/run_macho' \
    'LC_CODE_SIGNATURE is not the last load command'
m88_refused "__LINKEDIT's vmsize larger than codesign_allocate leaves it" macho-vmsize 'MacOS/run_macho' \
    "__LINKEDIT's vmsize 8192 is not its filesize 400 rounded up to the page"
m88_refused 'a non-zero byte in the padding before the signature' macho-padding 'MacOS/run_macho' \
    'the padding before the code signature is not zero'
m88_refused 'a non-zero byte between the slices of a fat binary' macho-fatgap 'Frameworks/libfat\.dylib' \
    'the bytes before fat slice 1 are not zero'
# A local arm64 build is signed too: Apple's linker adds an ad-hoc
# signature (no certificate) to every Mach-O file it links. Electrum's
# compare_dmg replaces whatever signature the local file has (apply_sigs.sh
# lets codesign_allocate make room for the official's), so those are
# removed from the local side as from the official one; a signature with
# a CMS blob is a signed build.
M88_ADHOC="^'macho-adhoc\\.dmg': 3 Mach-O files with an ad-hoc signature \\(no certificate, as Apple's arm64 linker signs what it links; 4 slices\\), [0-9]+ signature bytes removed \\(outside record macho-signatures\\)\$"
t '--unsigned dmg: a local build with ad-hoc signatures (arm64 linker) vs the official: IDENTICAL' 0 \
    "1:^IDENTICAL: 'macho\\.dmg' and 'macho-adhoc\\.dmg'" "$M88_ADHOC" "$M88_NOTE" "$M88_CLEAN" \
    '^rule: .*on the local side ad-hoc signatures \(no certificate\) removed the same way$' \
    -- @$M88 compare --unsigned macho.dmg macho-adhoc.dmg
t '--unsigned dmg: official signed with CMS blobs vs a local build with ad-hoc signatures' 0 \
    "1:^IDENTICAL: 'macho-cms\\.dmg' and 'macho-adhoc\\.dmg'" "$M88_ADHOC" "$M88_CLEAN" \
    "^'macho-cms\\.dmg': 4 Mach-O files, 3 signed \\(4 slices\\), " \
    -- @$M88 compare --unsigned macho-cms.dmg macho-adhoc.dmg
t '--unsigned dmg: without --unsigned the ad-hoc local build differs from the unsigned one' 1 \
    '^changed Electrum\.app/Contents/MacOS/run_macho' '!^removed' \
    -- @$M88 compare macho-local.dmg macho-adhoc.dmg
t '--unsigned dmg: a local build signed with CMS blobs is a problem (signed Mach-O, signature entries)' 1 \
    "^problem: 'macho-cms\\.dmg' holds 2 Mach-O files signed beyond ad-hoc, first: '[^']+': the local build must be unsigned\$" \
    "^problem: 'macho-cms\\.dmg' holds 3 code signature entries \\(_CodeSignature/, Contents/CodeResources\\): the local build must be unsigned\$" \
    "^'macho-cms\\.dmg': 1 Mach-O file with an ad-hoc signature .*1 slice\\), " \
    '^changed Electrum\.app/Contents/MacOS/run_macho' \
    -- @$M88 compare --unsigned macho.dmg macho-cms.dmg
t '--unsigned dmg: a local build signed like the official one: signature entries still a problem' 1 \
    "^problem: 'macho\\.dmg' holds 3 code signature entries \\(_CodeSignature/, Contents/CodeResources\\): the local build must be unsigned\$" \
    -- @$M88 compare --unsigned macho.dmg macho.dmg
t '--unsigned dmg: a local file that is no disk image is a problem, not a crash' 1 \
    "^problem: 'thin' is not a disk image that reads: UDIF image: " \
    -- @$M88 compare --unsigned macho.dmg thin
t "manifest of a signed dmg: the image's own code signature is an outside record" 0 \
    "^# outside udif-code-signature offset=[0-9]+ size=12 sha256=[0-9a-f]{64} the image's own code signature" \
    '^# outside udif-trailer .* 0 bytes of the file lie in no chunk, the property list, the code signature or the trailer$' \
    -- @$M88 manifest macho.dmg
t "a trailer placing the image's code signature outside the file is refused" 2 'sh:[ ! -s "$OUT" ]' \
    "err:^electrum-verify: 'csoutside\\.dmg': UDIF image: the trailer places the data fork, the property list or the code signature outside the file\$" \
    -- @$M88 manifest csoutside.dmg
t 'manifest of a signed dmg lists the Mach-O files as they are (no stripping outside --unsigned)' 0 \
    '!macho-signatures' '^\./Electrum\.app/Contents/_CodeSignature/CodeResources ' \
    -- @$M88 manifest macho.dmg
