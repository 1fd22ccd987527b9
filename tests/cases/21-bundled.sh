# Bundled keys (issue 11): with ELECTRUM_VERIFY_PINS=DIR/electrum.pins the
# bundled keys are DIR/pubkeys/NAME.asc, as keys/electrum.pins and
# keys/pubkeys/ are for the built-in ones. A stored copy (keys import) is
# merged over the bundled key: it may extend an expiry, add a revocation,
# and never hides a subkey the bundled key has. Each check runs with both
# engines (the native one reads the keys gpg exports after the merge).
#
# Signers, generated here in their own homes under $GEN:
#   kim   signs with its primary key; bundled copy expires 2020-12-31 (one
#         year of 365 days from 2020-01-01), a later copy, made 2020-06-01,
#         extends it by five years to 2025-05-31; signature made 2022-01-01
#   lena  signs through two subkeys; a later copy holds only the first;
#         signature by the second
#   mia   bundled copy revoked, stored copy not
#   nora  bundled copy not revoked, stored copy revoked

B21=$T/b21		# the pins with bundled keys: B21/electrum.pins, B21/pubkeys/
NB21=$T/b21-none	# the same pins, nothing bundled beside them
X21=$T/b21-copies	# the later copies and the signatures
mkdir -p "$B21/pubkeys" "$NB21" "$X21"

b21_make() {
	local n
	FX_JOBS=()
	fx_genkey b21kim 'Kim <kim@test>' ed25519 sign 1y '20200101T000000!'
	fx_genkey b21lena 'Lena <lena@test>' ed25519 cert never
	fx_genkey b21mia 'Mia <mia@test>' ed25519 sign never
	fx_genkey b21nora 'Nora <nora@test>' ed25519 sign never
	fx_genwait
	for n in kim lena mia nora; do
		printf -v "FPR21_$n" '%s' "$(fx_fpr "b21$n")"
	done
	fx_gpg b21lena --quick-add-key "$FPR21_lena" ed25519 sign never &&
	    fx_gpg b21lena --quick-add-key "$FPR21_lena" ed25519 sign never ||
	    fx_die "adding lena's subkeys"
	SUB21_lena1=$(fx_fpr b21lena 2)
	SUB21_lena2=$(fx_fpr b21lena 3)

	# The bundled copies, as the signers first published them.
	for n in kim lena nora; do
		fx_gpg "b21$n" --armor --export > "$B21/pubkeys/$n.asc" || fx_die "exporting $n"
	done
	fx_gpg b21mia --armor --export > "$X21/mia-plain.asc" || fx_die "exporting mia"
	# kim: the expiry extended (made 2020-06-01, five years).
	fx_gpg b21kim --faked-system-time '20200601T000000!' --quick-set-expire "$FPR21_kim" 5y &&
	    fx_gpg b21kim --armor --export > "$X21/kim-extended.asc" || fx_die "extending kim"
	fx_sign b21kim "$X21/kim-2022.asc" "$FX/data.bin" -u "$FPR21_kim!" \
	    --faked-system-time '20220101T000000!'
	# lena: a copy with the first subkey only; a signature by the second.
	fx_gpg b21lena --armor --export "$SUB21_lena1!" > "$X21/lena-drop.asc" ||
	    fx_die "exporting lena without her second subkey"
	fx_sign b21lena "$X21/lena-sub2.asc" "$FX/data.bin" -u "$SUB21_lena2!"
	# mia and nora: signed, then revoked; mia's revoked copy is the bundled
	# one, nora's the later copy.
	fx_sign b21mia "$X21/mia.asc" "$FX/data.bin" -u "$FPR21_mia!"
	fx_sign b21nora "$X21/nora.asc" "$FX/data.bin" -u "$FPR21_nora!"
	for n in mia nora; do
		local v="FPR21_$n"
		sed 's/^:-----BEGIN/-----BEGIN/' "$GEN/b21$n/openpgp-revocs.d/${!v}.rev" > "$GEN/b21$n.rev" &&
		    fx_gpg "b21$n" --import "$GEN/b21$n.rev" || fx_die "revoking $n"
	done
	fx_gpg b21mia --armor --export > "$B21/pubkeys/mia.asc" || fx_die "exporting mia revoked"
	fx_gpg b21nora --armor --export > "$X21/nora-revoked.asc" || fx_die "exporting nora revoked"
	{
		printf '# bundled-key test pins (tests/cases/21-bundled.sh)\n'
		for n in kim lena mia nora; do
			v="FPR21_$n"
			printf '%s %s -\n' "$n" "${!v}"
		done
	} > "$B21/electrum.pins"
	cp "$B21/electrum.pins" "$NB21/electrum.pins"
	# A bundled file holding another key than the pinned one (eve's).
	mkdir -p "$T/b21-wrong/pubkeys" "$T/b21-dir/pubkeys/kim.asc"
	printf 'kim %s -\n' "$FPR21_kim" > "$T/b21-wrong/electrum.pins"
	cp "$FX/keys/eve.asc" "$T/b21-wrong/pubkeys/kim.asc"
	printf 'kim %s -\n' "$FPR21_kim" > "$T/b21-dir/electrum.pins"
	fx_stop_agents
}
b21_make

# kim's and lena's bundled copies really are what the cases below assume.
b21_show() { gpg --homedir "$GEN/empty" --batch --no-tty --with-colons --show-keys "$1" 2>/dev/null; }
b21_premise() {
	b21_show "$B21/pubkeys/kim.asc" | grep -q '^pub:[^:]*:[^:]*:[^:]*:[^:]*:[^:]*:1609372800:' &&
	    b21_show "$X21/kim-extended.asc" | grep -q '^pub:[^:]*:[^:]*:[^:]*:[^:]*:[^:]*:1748649600:' &&
	    b21_show "$B21/pubkeys/lena.asc" | grep -q "^fpr:::::::::$SUB21_lena2:" &&
	    ! b21_show "$X21/lena-drop.asc" | grep -q "^fpr:::::::::$SUB21_lena2:" &&
	    b21_show "$X21/lena-drop.asc" | grep -q "^fpr:::::::::$SUB21_lena1:" &&
	    b21_show "$B21/pubkeys/mia.asc" | grep -q '^pub:r:' &&
	    ! b21_show "$X21/mia-plain.asc" | grep -q '^pub:r:' &&
	    b21_show "$X21/nora-revoked.asc" | grep -q '^pub:r:' &&
	    ! b21_show "$B21/pubkeys/nora.asc" | grep -q '^pub:r:'
}
if b21_premise; then
	report 'bundled fixtures: kim expires 2020-12-31 then 2025-05-31, lena-drop lacks subkey 2, mia/nora revoked copies' 0
else
	report 'bundled fixtures: kim expires 2020-12-31 then 2025-05-31, lena-drop lacks subkey 2, mia/nora revoked copies' 1 \
	    "see $GEN/gpg.log"
fi

P21=ELECTRUM_VERIFY_PINS=$B21/electrum.pins
NP21=ELECTRUM_VERIFY_PINS=$NB21/electrum.pins
E21=ELECTRUM_VERIFY_HOME=$T/b21-empty		# never written
mkdir -p "$T/b21-emptyhome"
EH21=HOME=$T/b21-emptyhome

# With an empty store and an empty HOME, the bundled keys are used.
t 'bundled: keys list with an empty store: every pin present, bundled' 0 \
    "^kim +$FPR21_kim +present, bundled" "^lena +$FPR21_lena +present, bundled" \
    "^mia +$FPR21_mia +present, bundled +REVOKED" "^nora +$FPR21_nora +present, bundled" \
    "^ +signs with subkey $SUB21_lena1 +no expiry" "^ +signs with subkey $SUB21_lena2 +no expiry" \
    "^ +signs with primary key $FPR21_kim +expired 2020-12-31" '!missing' \
    -- "$P21" "$E21" "$EH21" keys list
t 'bundled: nothing bundled beside the pins: every pin missing' 0 \
    "^kim +$FPR21_kim +missing" "^lena +$FPR21_lena +missing" '!present' \
    -- "$NP21" "$E21" keys list
for eng in native gpg; do
	t "bundled: empty store and HOME, lena's second subkey signs: verified ($eng)" 0 \
	    "1:$(ok_line data.bin 1 lena)" "subkey.*$SUB21_lena2" \
	    -- "$P21" "$E21" "$EH21" --engine $eng --sig "$X21/lena-sub2.asc" data.bin
	t "bundled: nora's bundled key, not revoked: verified ($eng)" 0 "1:$(ok_line data.bin 1 nora)" \
	    -- "$P21" "$E21" --engine $eng --sig "$X21/nora.asc" data.bin
	t "bundled: kim's bundled key expired 2020, signature of 2022: not counted ($eng)" 1 \
	    "1:$(nok_line data.bin)" '!^VERIFIED' 'expired' \
	    -- "$P21" "$E21" --engine $eng --sig "$X21/kim-2022.asc" data.bin
	t "bundled: mia's bundled key revoked: her signature does not count ($eng)" 1 \
	    "1:$(nok_line data.bin)" '!^VERIFIED' 'revoked' \
	    -- "$P21" "$E21" --engine $eng --sig "$X21/mia.asc" data.bin
done

# A later copy with an extended expiry: the extension is used.
t 'bundled: keys import of kim with the expiry extended' 0 "$(imp kim)" \
    -- "$P21" ELECTRUM_VERIFY_HOME=$T/b21-kim keys import "$X21/kim-extended.asc"
for eng in native gpg; do
	t "bundled + extended copy: kim's signature of 2022 counts ($eng)" 0 "1:$(ok_line data.bin 1 kim)" \
	    -- "$P21" ELECTRUM_VERIFY_HOME=$T/b21-kim --engine $eng --sig "$X21/kim-2022.asc" data.bin
done
t 'bundled + extended copy: keys list says updated, the new expiry' 0 \
    "^kim +$FPR21_kim +present, updated +expired 2025-05-31" \
    "^ +signs with primary key $FPR21_kim +expired 2025-05-31" "^lena +$FPR21_lena +present, bundled" \
    -- "$P21" ELECTRUM_VERIFY_HOME=$T/b21-kim keys list

# A later copy that drops a subkey: the bundled subkey stays known.
t 'bundled: keys import of lena without her second subkey' 0 "$(imp lena)" \
    -- "$P21" ELECTRUM_VERIFY_HOME=$T/b21-lena keys import "$X21/lena-drop.asc"
for eng in native gpg; do
	t "bundled + copy without subkey 2: its signature still verifies ($eng)" 0 \
	    "1:$(ok_line data.bin 1 lena)" "subkey.*$SUB21_lena2" \
	    -- "$P21" ELECTRUM_VERIFY_HOME=$T/b21-lena --engine $eng --sig "$X21/lena-sub2.asc" data.bin
	# the premise: that stored copy alone does not know subkey 2
	t "the copy without subkey 2 alone (nothing bundled): not verified ($eng)" '1|2' '!^VERIFIED' \
	    -- "$NP21" ELECTRUM_VERIFY_HOME=$T/b21-lena --engine $eng --sig "$X21/lena-sub2.asc" data.bin
done
t 'bundled + copy without subkey 2: keys list lists both subkeys, bundled' 0 \
    "^lena +$FPR21_lena +present, bundled" "^ +signs with subkey $SUB21_lena1 " \
    "^ +signs with subkey $SUB21_lena2 " -- "$P21" ELECTRUM_VERIFY_HOME=$T/b21-lena keys list
t 'the copy without subkey 2 alone: keys list says stored, one subkey' 0 \
    "^lena +$FPR21_lena +present, stored" "^ +signs with subkey $SUB21_lena1 " "!$SUB21_lena2" \
    -- "$NP21" ELECTRUM_VERIFY_HOME=$T/b21-lena keys list
t 'bundled + copy without subkey 2: keys export lena holds both subkeys' 0 \
    '^-----BEGIN PGP PUBLIC KEY BLOCK-----' "sh:showkeys | grep -q '^fpr:::::::::$SUB21_lena2:'" \
    "sh:showkeys | grep -q '^fpr:::::::::$SUB21_lena1:'" \
    -- "$P21" ELECTRUM_VERIFY_HOME=$T/b21-lena keys export lena

# A revocation wins from either side.
t 'bundled: keys import of mia not revoked: the bundled revocation is reported' 0 "$(imp mia)" 'REVOKED' \
    -- "$P21" ELECTRUM_VERIFY_HOME=$T/b21-mia keys import "$X21/mia-plain.asc"
t 'bundled: keys import of nora revoked (the bundled copy is not)' 0 "$(imp nora)" 'REVOKED' \
    -- "$P21" ELECTRUM_VERIFY_HOME=$T/b21-nora keys import "$X21/nora-revoked.asc"
for eng in native gpg; do
	t "revoked bundled key + stored copy without the revocation: not counted ($eng)" 1 \
	    "1:$(nok_line data.bin)" '!^VERIFIED' 'revoked' \
	    -- "$P21" ELECTRUM_VERIFY_HOME=$T/b21-mia --engine $eng --sig "$X21/mia.asc" data.bin
	# the premise: the stored copy alone would count
	t "mia's stored copy alone (nothing bundled): verified ($eng)" 0 "1:$(ok_line data.bin 1 mia)" \
	    -- "$NP21" ELECTRUM_VERIFY_HOME=$T/b21-mia --engine $eng --sig "$X21/mia.asc" data.bin
	t "bundled key + stored copy revoked: not counted ($eng)" 1 \
	    "1:$(nok_line data.bin)" '!^VERIFIED' 'revoked' \
	    -- "$P21" ELECTRUM_VERIFY_HOME=$T/b21-nora --engine $eng --sig "$X21/nora.asc" data.bin
done
t 'revoked bundled key + plain stored copy: keys list says REVOKED' 0 \
    "^mia +$FPR21_mia +present, bundled +REVOKED" -- "$P21" ELECTRUM_VERIFY_HOME=$T/b21-mia keys list
t 'bundled key + revoked stored copy: keys list says updated, REVOKED' 0 \
    "^nora +$FPR21_nora +present, updated +REVOKED" -- "$P21" ELECTRUM_VERIFY_HOME=$T/b21-nora keys list

# A bundled file that is not the pinned key, or cannot be read: could not
# check, never a check without it.
t 'bundled file holding another key than the pinned one: could not check' 2 \
    "err:bundled key file of 'kim' holds key $FPR_eve, which is not the pinned $FPR21_kim" '!^VERIFIED' \
    -- ELECTRUM_VERIFY_PINS=$T/b21-wrong/electrum.pins "$E21" --sig "$X21/kim-2022.asc" data.bin
t 'bundled file holding another key: keys list fails too' 2 "err:not the pinned $FPR21_kim" \
    -- ELECTRUM_VERIFY_PINS=$T/b21-wrong/electrum.pins "$E21" keys list
t 'bundled "file" that is a directory: could not check' 2 "err:pubkeys/kim\\.asc" '!^VERIFIED' \
    -- ELECTRUM_VERIFY_PINS=$T/b21-dir/electrum.pins "$E21" --sig "$X21/kim-2022.asc" data.bin

# The build's check (keys/mkbundle.py): the keys in keys/pubkeys/ are the
# pinned ones; a pin whose key file has another primary key stops it.
if [ -f "$ROOT/keys/mkbundle.py" ]; then
	sed 's/^ThomasV \( *\)6694D8DE/ThomasV \16694D8DF/' "$ROOT/keys/electrum.pins" > "$T/b21-badpins"
	PYTHONDONTWRITEBYTECODE=1 python3 "$ROOT/keys/mkbundle.py" --check "$ROOT/keys/electrum.pins" "$ROOT/keys/pubkeys" \
	    > "$T/b21-mk.out" 2>&1
	report 'mkbundle.py: the keys in keys/pubkeys/ are the pinned ones' $? "$(cat "$T/b21-mk.out")"
	if ! grep -q '6694D8DF' "$T/b21-badpins"; then
		report 'mkbundle.py: a wrong pinned fingerprint stops the build' 1 'the test could not change the pins'
	elif PYTHONDONTWRITEBYTECODE=1 python3 "$ROOT/keys/mkbundle.py" --check "$T/b21-badpins" "$ROOT/keys/pubkeys" > "$T/b21-mk.out" 2>&1; then
		report 'mkbundle.py: a wrong pinned fingerprint stops the build' 1 'it succeeded'
	else
		grep -q 'ThomasV.asc: primary key 6694D8DE.* is not the pinned 6694D8DF' "$T/b21-mk.out"
		report 'mkbundle.py: a wrong pinned fingerprint stops the build' $? "$(cat "$T/b21-mk.out")"
	fi
	printf 'x %s -\n' "$FPR21_kim" > "$T/b21-missing.pins"
	if PYTHONDONTWRITEBYTECODE=1 python3 "$ROOT/keys/mkbundle.py" --check "$T/b21-missing.pins" "$B21/pubkeys" > "$T/b21-mk.out" 2>&1; then
		report 'mkbundle.py: a pin without a key file stops the build' 1 'it succeeded'
	else
		grep -q 'x\.asc' "$T/b21-mk.out"
		report 'mkbundle.py: a pin without a key file stops the build' $? "$(cat "$T/b21-mk.out")"
	fi
fi

# keys/pubkeys/: its SHA256SUMS holds, every pin has its file, and the files
# are the copies of Electrum's published keys kept in $SHARED/pubkeys.
(cd "$ROOT/keys/pubkeys" && sha256sum --quiet -c SHA256SUMS) > "$T/b21-sums.out" 2>&1
report 'keys/pubkeys/SHA256SUMS matches the bundled key files' $? "$(cat "$T/b21-sums.out")"
b21_diff=''
while read -r name fpr rest; do
	case $name in ''|'#'*|subkey) continue ;; esac
	grep -q "^  $name\\.asc  *$fpr  " "$ROOT/keys/pubkeys/README" || b21_diff+="$name: not in keys/pubkeys/README with $fpr; "
	if [ -d "$SHARED/pubkeys" ]; then
		cmp -s "$ROOT/keys/pubkeys/$name.asc" "$SHARED/pubkeys/$name.asc" || b21_diff+="$name.asc differs from $SHARED/pubkeys; "
	fi
done < "$ROOT/keys/electrum.pins"
[ -z "$b21_diff" ]
report 'keys/pubkeys/: one file per pin, listed in its README, the same as the published copies' $? "$b21_diff"
