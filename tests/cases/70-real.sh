# Real Electrum data (../shared/electrum): the real signed git tags
# (positive) with the BUILT-IN pins and bundled keys, first with an empty
# store and HOME, then with the real keys imported into a fresh store; and
# the real per-signer release signatures against small stand-in files of
# the release's name (negative: each must be BAD from its signer).

if [ ! -d "$SHARED/pubkeys" ]; then
	report "real data present in $SHARED" 1 "missing: $SHARED/pubkeys"
	return 0
fi

set_base_env ELECTRUM_VERIFY_HOME=$T/realstore -ELECTRUM_VERIFY_PINS
TAGS=$SHARED/signed-tags

# name, primary fingerprint (keys/electrum.pins)
REAL_PINS='ThomasV 6694D8DE7BE8EE5631BED9502BD5824B7F9470E6
sombernight_releasekey 0EEDCFD5CAFB459067349B23CA9EEEC43DF911DC
sombernight 4AD64339DFA05E20B3F6AD51E7B748CDAF5E5ED9
Emzy 9EDAFF80E080659604F4A76B2EBB056FD847F8A7
felixb_f321x AA0BC6824B397BBA99776E157ED8D82B37192688
svanstaa 33C103B4B2794170546CCF7BCFB2C83C66CD792A
bauerj E546EA0987C09B6EE59A53F484F1BF925B1F484D'

TV=6694D8DE7BE8EE5631BED9502BD5824B7F9470E6
SN=4AD64339DFA05E20B3F6AD51E7B748CDAF5E5ED9
SNSUB=6D7A2116DA909E00AC21108BB33B5F232C6271E9

# Nothing imported, an empty HOME: the bundled keys are used (issue 11).
mkdir -p "$T/real-emptyhome"
RE70=(HOME=$T/real-emptyhome ELECTRUM_VERIFY_HOME=$T/real-nostore)
checks=()
while read -r name fpr; do checks+=("^$name +$fpr +present, bundled"); done <<< "$REAL_PINS"
t 'real: keys list, built-in pins, empty store: all 7 present, bundled' 0 "${checks[@]}" '!missing' \
    "^ +signs with subkey $SNSUB " -- "${RE70[@]}" keys list
for eng in native gpg; do
	for v in 3.3.4 4.6.2; do
		t "real: empty store and HOME, no import: tag $v verifies, ThomasV ($eng)" 0 \
		    "1:$(ok_line "$v.tag" 1 ThomasV)" "^ +#1 +GOOD +counted +ThomasV +$TV" \
		    -- @$TAGS "${RE70[@]}" --engine $eng --sig "$v.tag.asc" "$v.tag"
	done
	for v in 4.5.8 4.8.1; do
		t "real: empty store and HOME, no import: tag $v verifies, sombernight ($eng)" 0 \
		    "1:$(ok_line "$v.tag" 1 sombernight)" "^ +#1 +GOOD +counted +sombernight +$SN" \
		    "subkey.*$SNSUB" -- @$TAGS "${RE70[@]}" --engine $eng --sig "$v.tag.asc" "$v.tag"
	done
done
t 'real: empty store and HOME: nothing written to either' 0 'VERIFIED' \
    "sh:[ ! -e '$T/real-nostore' ] && [ -z \"\$(ls -A '$T/real-emptyhome')\" ]" \
    -- @$TAGS "${RE70[@]}" --sig 4.8.1.tag.asc 4.8.1.tag

while read -r name fpr; do
	t "real: keys import pubkeys/$name.asc with the built-in pins" 0 "$(imp "$name")" '!err:not pinned' \
	    -- keys import "$SHARED/pubkeys/$name.asc"
done <<< "$REAL_PINS"

# The published keys are the bundled ones: a stored copy adds nothing.
checks=()
while read -r name fpr; do checks+=("^$name +$fpr +present, bundled"); done <<< "$REAL_PINS"
t 'real: keys list after importing the published keys: all 7 present, bundled' 0 "${checks[@]}" \
    '!missing' '!updated' -- keys list
for v in 3.3.4 4.6.2; do
	t "real: tag $v verifies, signed by ThomasV" 0 "1:$(ok_line "$v.tag" 1 ThomasV)" \
	    "^ +#1 +GOOD +counted +ThomasV +$TV" -- @$TAGS --sig "$v.tag.asc" "$v.tag"
done
for v in 4.5.8 4.8.1; do
	t "real: tag $v verifies, signed by sombernight through subkey" 0 "1:$(ok_line "$v.tag" 1 sombernight)" \
	    "^ +#1 +GOOD +counted +sombernight +$SN" "subkey.*$SNSUB" -- @$TAGS --sig "$v.tag.asc" "$v.tag"
done
t 'real: tag 4.8.1, --json' 0 'json:.verdict == "verified" and .exit == 0' \
    "json:.counted_signers[0].name == \"sombernight\" and .counted_signers[0].fingerprint == \"$SN\"" \
    "json:.signatures[0].subkey == \"$SNSUB\" and .signatures[0].fingerprint == \"$SN\"" \
    -- @$TAGS --json --sig 4.8.1.tag.asc 4.8.1.tag
t 'real: tag 4.6.2, --min-sigs 2: too few' 1 "1:$(few 4.6.2.tag 1 2)" \
    -- @$TAGS --min-sigs 2 --sig 4.6.2.tag.asc 4.6.2.tag
t 'real: the 3.3.4 tag signature over the 4.6.2 tag: BAD from ThomasV' 1 \
    "1:$(nok_line 4.6.2.tag).*BAD signature from ThomasV" -- @$TAGS --sig 3.3.4.tag.asc 4.6.2.tag
t 'real: tag 4.5.8 with the test pins instead: unknown keys' 1 \
    "1:$(unknown 4.5.8.tag 1)" \
    -- @$TAGS ELECTRUM_VERIFY_PINS=$FX/pins ELECTRUM_VERIFY_HOME=$T/store --sig 4.5.8.tag.asc 4.5.8.tag

# Per-signer signatures beside a stand-in file of the release's name, found
# by the FILE.SIGNER.asc lookup. The SIGNER expected is the pin of the key
# that made the signature (REAL_SIGNER, checked in 00-fixtures.sh).
for dir in "$FX"/real/*/*/; do
	dir=${dir%/}
	f=${dir##*/}
	v=${dir%/*}
	v=${v##*/}
	checks=("1:$(nok_line "$f")" "^ *release: .*$(re "$v")")
	signers=()
	for s in "$dir/$f".*.asc; do
		i=$(issuer "$s")
		signer=${REAL_SIGNER[$i]:-unknown-issuer-$i}
		signers+=("$signer")
		checks+=("1:BAD signature.* from .*\\b$signer\\b" "^ +#[0-9]+ +BAD +not-counted +$signer( |$)")
	done
	t "real: $v/$f stand-in: BAD from ${signers[*]}" 1 "${checks[@]}" '!^ +#[0-9]+ +GOOD' -- @"$dir" "$f"
done

# As on the download site: the per-signer files concatenated into FILE.asc.
d=$FX/real-cat
mkdir -p "$d"
f=Electrum-4.8.1.tar.gz
if [ -d "$FX/real/4.8.1/$f" ]; then
	cp "$FX/real/4.8.1/$f/$f" "$d/$f"
	cat "$FX/real/4.8.1/$f/$f".*.asc > "$d/$f.asc"
	t "real: 4.8.1/$f.asc (all signers concatenated) over a stand-in: BAD" 1 "1:$(nok_line "$f").*BAD signature" \
	    '^ +#1 +BAD +not-counted' '^ +#2 +BAD +not-counted' '^ +#3 +BAD +not-counted' '!^ +#4' -- @"$d" "$f"
fi

set_base_env ELECTRUM_VERIFY_HOME=$T/store ELECTRUM_VERIFY_PINS=$FX/pins
