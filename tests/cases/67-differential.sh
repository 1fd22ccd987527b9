# Differential oracle (issue 6): every item of the corpus of
# tests/mkdiff.sh (keys of every algorithm gpg 2.2 makes, subkeys, expired
# and revoked keys, tampered data, concatenated signatures, digests, text
# mode, armour variants) is checked by gpgv, by Sequoia's sqv and by
# electrum-verify with the same binary keyring (the item's signers and two
# bystanders). Each run gives a verdict (exit 0 or not) and a signer set
# (gpgv: the primary fingerprints of its VALIDSIG lines; sqv: the
# fingerprints it prints; ours: counted_signers of the --json receipt).
# One case per item: ours must agree with each peer,
# or the disagreement must be one the item lists from
# tests/diff-intended.txt, for that peer, in that sense (stricter or
# laxer), with its evidence in the outputs, and listed in README.md; and
# each difference the item lists must still show. Ours runs with both of
# its engines (native, the default, and --engine gpg): their exit status
# and counted signers must be the same on every item.

D67=$T/diff
INTENDED=$TESTS/diff-intended.txt
mkdir -p "$D67"
D67_START=$(date +%s)

# d67_rule ID: sets R_PEERS R_SENSE R_SRC R_EV from diff-intended.txt.
d67_rule() {
	local line
	line=$(grep -E "^$1\|" "$INTENDED" | head -n 1)
	[ -n "$line" ] || return 1
	IFS="|" read -r _ R_PEERS R_SENSE R_SRC R_EV _ <<< "$line"
}

# d67_run ITEM MIN SIG DATA: runs the three verifiers into $D67/run.*;
# sets O_RC O_SET E_RC E_SET (ours with --engine gpg) G_RC G_SET S_RC
# S_SET (sets: sorted fingerprints, one line each).
d67_run() {
	local min=$2 sig=$D67/$3 data=$D67/$4 kr=$D67/kr/$1.gpg
	gpgv --keyring "$kr" --status-fd 1 "$sig" "$data" > "$D67/run.gpgv" 2>&1 < /dev/null
	G_RC=$?
	sqv --keyring "$kr" --signatures "$min" "$sig" "$data" > "$D67/run.sqv" 2>&1 < /dev/null
	S_RC=$?
	timeout -k 5 "$CASE_TIMEOUT" env -i "${BASE_ENV[@]}" "$EV" --keyring "$kr" \
	    --sig "$sig" --min-sigs "$min" --json "$data" > "$D67/run.ours" 2> "$D67/run.ours.err" < /dev/null
	O_RC=$?
	timeout -k 5 "$CASE_TIMEOUT" env -i "${BASE_ENV[@]}" "$EV" --engine gpg --keyring "$kr" \
	    --sig "$sig" --min-sigs "$min" --json "$data" > "$D67/run.gpgeng" 2> "$D67/run.gpgeng.err" < /dev/null
	E_RC=$?
	E_SET=$(jq -r '.counted_signers[].fingerprint' "$D67/run.gpgeng" 2>/dev/null | sort -u)
	G_SET=$(awk '$1 == "[GNUPG:]" && $2 == "VALIDSIG" { print $12 }' "$D67/run.gpgv" | sort -u)
	S_SET=$(grep -oE '^[0-9A-F]{40}$' "$D67/run.sqv" | sort -u)
	O_SET=$(jq -r '.counted_signers[].fingerprint' "$D67/run.ours" 2>/dev/null | sort -u)
}

# d67_evidence SRC ERE SIG: whether the rule's evidence is in the outputs.
d67_evidence() {
	case $1 in
	ours) jq -r '.reason, .signatures[].reasons[]' "$D67/run.ours" 2>/dev/null | grep -qE -e "$2" ;;
	gpgv) grep -qE -e "$2" "$D67/run.gpgv" ;;
	sqv) grep -qE -e "$2" "$D67/run.sqv" ;;
	sig) [ "$(grep -cE -e "$2" "$D67/$3")" -ge 2 ] ;;
	*) return 1 ;;
	esac
}

# d67_senses OURS_OK PEER_OK PEER_SET: the senses in which ours differs
# from the peer ("stricter", "laxer"), one a line; nothing if they agree.
d67_senses() {
	local o=$1 p=$2 pset=$3 only_p only_o
	only_p=$(comm -13 <(printf '%s\n' "$O_SET" | grep .) <(printf '%s\n' "$pset" | grep .))
	only_o=$(comm -23 <(printf '%s\n' "$O_SET" | grep .) <(printf '%s\n' "$pset" | grep .))
	{
		[ "$o" -lt "$p" ] || [ -n "$only_p" ] && echo stricter
		[ "$o" -gt "$p" ] || [ -n "$only_o" ] && echo laxer
	} | sort -u
}

# d67_explains ID PEER SENSE SIG: whether rule ID explains ours being
# SENSE than PEER here: it names the peer and the sense, its evidence is
# in the outputs, and the README lists it.
d67_explains() {
	d67_rule "$1" || return 1
	[[ ,$R_PEERS, == *",$2,"* ]] && [ "$R_SENSE" = "$3" ] &&
	    d67_evidence "$R_SRC" "$R_EV" "$4" &&
	    grep -qF -e "\`$1\`" "$ROOT/README.md"
}

# d67_case ITEM MIN ALLOWED SIG DATA: every disagreement must be explained
# by an ID of ALLOWED, and every ID of ALLOWED must explain one (so that a
# listed difference that went away is noticed too).
d67_case() {
	local item=$1 min=$2 allowed=${3//,/ } sig=$4 data=$5
	local o peer pok pset sense id hit diffs=() notes=() problems=()
	[ "$allowed" = - ] && allowed=''
	d67_run "$item" "$min" "$sig" "$data"
	o=0; [ "$O_RC" -eq 0 ] && o=1
	if ! jq -e '.verdict' "$D67/run.ours" > /dev/null 2>&1 || { [ "$O_RC" -gt 1 ] &&
	    ! jq -e '.reason_code == "signature-unreadable"' "$D67/run.ours" > /dev/null 2>&1; }; then
		problems+=("electrum-verify could not check it (exit $O_RC) or wrote no receipt")
	fi
	json_valid "$D67/run.ours" "$D67/run.gpgeng" || problems+=("$WHY")
	if [ "$E_RC" -ne "$O_RC" ] || [ "$E_SET" != "$O_SET" ]; then
		problems+=("our engines disagree: native exit $O_RC, counted: $(printf '%s ' $O_SET); gpg exit $E_RC, counted: $(printf '%s ' $E_SET)")
	fi
	for peer in gpgv sqv; do
		if [ "$peer" = gpgv ]; then pok=$G_RC; pset=$G_SET; else pok=$S_RC; pset=$S_SET; fi
		if [ "$pok" -eq 0 ]; then pok=1; else pok=0; fi
		for sense in $(d67_senses "$o" "$pok" "$pset"); do
			diffs+=("$peer $sense")
			hit=''
			for id in $allowed; do
				d67_explains "$id" "$peer" "$sense" "$sig" && { hit=$id; break; }
			done
			if [ -n "$hit" ]; then
				notes+=("$peer:$hit")
				D67_USED+=("$hit")
			else
				problems+=("unexplained: electrum-verify is $sense than $peer (allowed here: ${allowed:--})")
			fi
		done
	done
	for id in $allowed; do
		hit=''
		for sense in "${diffs[@]}"; do
			d67_explains "$id" "${sense% *}" "${sense#* }" "$sig" && { hit=1; break; }
		done
		[ -n "$hit" ] || problems+=("listed difference $id is not shown by this item any more")
	done
	local name="differential: $item (min $min)"
	[ ${#notes[@]} -gt 0 ] && name+=" [intended: ${notes[*]}]"
	if [ ${#problems[@]} -eq 0 ]; then
		report "$name" 0
		return
	fi
	report "$name" 1 "${problems[@]}" \
	    "ours: exit $O_RC, counted: $(printf '%s ' $O_SET)" \
	    "gpgv: exit $G_RC, VALIDSIG: $(printf '%s ' $G_SET)" \
	    "sqv:  exit $S_RC, printed: $(printf '%s ' $S_SET)" \
	    "gpgv --keyring $D67/kr/$item.gpg --status-fd 1 $D67/$sig $D67/$data" \
	    "sqv --keyring $D67/kr/$item.gpg --signatures $min $D67/$sig $D67/$data"
	diag_file "electrum-verify" "$D67/run.ours" 12
	diag_file "gpgv" "$D67/run.gpgv" 12
	diag_file "sqv" "$D67/run.sqv" 6
}

# d67_rules_checked: every rule has its six fields and is in the README,
# and the corpus names no rule that does not exist.
d67_rules_checked() {
	local id bad
	bad=$(grep -vE '^(#|$)' "$INTENDED" | awk -F'|' 'NF != 6 { print "malformed: " $0 }')
	for id in $(grep -vE '^(#|$)' "$INTENDED" | cut -d'|' -f1); do
		grep -qF -e "\`$id\`" "$ROOT/README.md" || bad+=$'\n'"$id is not in README.md"
	done
	for id in $(awk '{ print $3 }' "$D67/corpus" | tr ',' '\n' | sort -u); do
		[ "$id" = - ] || grep -qE "^$id\|" "$INTENDED" || bad+=$'\n'"corpus names unknown rule $id"
	done
	report "differential: tests/diff-intended.txt is well formed and every rule is in README.md" \
	    "$([ -z "$bad" ] && echo 0 || echo 1)" "$bad"
}

d67_main() {
	local tool item min allowed sig data before id unused='' agree=0 total
	for tool in gpgv sqv; do
		command -v "$tool" > /dev/null 2>&1 && continue
		report "differential: $tool is installed (apt-get install $tool)" 1
		return
	done
	if ! bash "$TESTS/mkdiff.sh" "$D67" > "$D67/make.log" 2>&1; then
		report "differential: corpus made by tests/mkdiff.sh" 1 "$(cat "$D67/make.log")"
		return
	fi
	report "differential: corpus made by tests/mkdiff.sh" 0
	d67_rules_checked
	D67_USED=()
	while read -r item min allowed sig data; do
		before=${#D67_USED[@]}
		d67_case "$item" "$min" "$allowed" "$sig" "$data"
		[ "${#D67_USED[@]}" -eq "$before" ] && agree=$((agree + 1))
	done < "$D67/corpus"
	# not vacuous: most items agree with both peers, and every rule is
	# needed by some item
	for id in $(grep -vE '^(#|$)' "$INTENDED" | cut -d'|' -f1); do
		[[ " ${D67_USED[*]} " == *" $id "* ]] || unused+=" $id"
	done
	total=$(wc -l < "$D67/corpus")
	report "differential: every intended difference is observed ($agree of $total items agree with both peers)" \
	    "$([ -z "$unused" ] && [ "$agree" -ge 20 ] && echo 0 || echo 1)" \
	    "rules no item needed:$unused" "items agreeing with both peers: $agree"
	printf '# 67-differential: %d items in %ds\n' "$total" "$(( $(date +%s) - D67_START ))"
}

d67_main
