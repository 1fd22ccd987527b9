# Signed checksum lists (issue 15, part 5): `check --sums SHA256SUMS`
# checks the list's signatures under the pinning and --min-sigs rules
# (a text-mode signature counts for a list and only there), then hashes
# each listed file in the list's folder and compares it, name for name;
# missing, changed and unlisted files are reported. Detached and
# clear-signed lists, signed by alice, bob and carol (pinned), with the
# test store of case 20; hostile lists are refused whole.

R35=$T/rel35
mkdir -p "$R35"
KR35=(--keyring "$FX/keys/alice.asc" --keyring "$FX/keys/bob.asc" --keyring "$FX/keys/carol.asc")
mk35() {	# mk35 DIR: three files, a SHA256SUMS listing them and one absent
	local d=$R35/$1
	rm -rf "$d" && mkdir -p "$d" || return 1
	printf 'one\n' > "$d/tool-1.0-x86_64.tar.gz"
	printf 'two\n' > "$d/tool-1.0-win64.zip"
	printf 'three\n' > "$d/tool-1.0.dmg"
	( cd "$d" && sha256sum tool-1.0-x86_64.tar.gz tool-1.0-win64.zip tool-1.0.dmg &&
	    printf '%s  tool-1.0-arm64.tar.gz\n' "$(printf absent | sha256sum | cut -c1-64)" ) > "$d/SHA256SUMS"
}
sign35() {	# sign35 DIR SIGNER...: SHA256SUMS.asc, one detached signature each
	local d=$R35/$1 s
	shift
	: > "$d/SHA256SUMS.asc"
	for s in "$@"; do
		fx_sign "$s" "$d/$s.asc" "$d/SHA256SUMS" -u "$(eval printf %s "\$FPR_$s")!" &&
		    cat "$d/$s.asc" >> "$d/SHA256SUMS.asc" && rm "$d/$s.asc" || return 1
	done
}
clear35() {	# clear35 DIR SIGNER: SHA256SUMS.asc clear-signed, the list beside it removed
	local d=$R35/$1
	rm -f "$d/SHA256SUMS.asc"
	fx_gpg "$2" -u "$(eval printf %s "\$FPR_$2")!" --clearsign --output "$d/SHA256SUMS.asc" "$d/SHA256SUMS" &&
	    rm "$d/SHA256SUMS"
}
clear35n() {	# clear35n DIR SIGNER...: one clear-signed SHA256SUMS.asc signed by all of them
	local d=$R35/$1 h=$R35/$1.gnupg s u=()
	shift
	rm -rf "$h" && mkdir -m 700 "$h" || return 1
	for s in "$@"; do
		u+=(-u "$(eval printf %s "\$FPR_$s")!")
		fx_gpg "$s" --export-secret-keys "$(eval printf %s "\$FPR_$s")" |
		    gpg --homedir "$h" --batch --no-tty --quiet --import || return 1
	done
	gpg --homedir "$h" --batch --no-tty --quiet --pinentry-mode loopback --passphrase '' \
	    "${u[@]}" --clearsign --output "$d/SHA256SUMS.asc" "$d/SHA256SUMS" &&
	    rm "$d/SHA256SUMS"
	s=$?
	gpgconf --homedir "$h" --kill all 2>/dev/null
	return $s
}
{
	mk35 three && sign35 three alice bob carol &&
	mk35 clear3 && clear35n clear3 alice bob carol &&
	mk35 changed && sign35 changed alice bob carol && printf 'tampered\n' >> "$R35/changed/tool-1.0-win64.zip" &&
	mk35 one && sign35 one alice &&
	mk35 eve && sign35 eve eve alice &&
	mk35 bad && sign35 bad alice bob && sed -i 's/tool-1.0.dmg/tool-1.0.DMG/' "$R35/bad/SHA256SUMS" &&
	mk35 extra && sign35 extra alice && printf 'notes\n' > "$R35/extra/notes.txt" &&
	    ln -s tool-1.0.dmg "$R35/extra/link.dmg" &&
	mk35 link && mv "$R35/link/tool-1.0.dmg" "$R35/link/real.dmg" && ln -s real.dmg "$R35/link/tool-1.0.dmg" &&
	    sign35 link alice &&
	mk35 none && rm "$R35"/none/tool-1.0* && sign35 none alice &&
	mk35 text && fx_sign alice "$R35/text/SHA256SUMS.asc" "$R35/text/SHA256SUMS" -u "$FPR_alice!" --textmode &&
	    cp "$R35/text/SHA256SUMS.asc" "$R35/text/data.asc" && cp "$R35/text/SHA256SUMS" "$R35/text/data" &&
	mk35 clear && clear35 clear alice &&
	mk35 cleartamper && clear35 cleartamper alice && sed -i 's/tool-1.0.dmg/tool-1.0.dmh/' "$R35/cleartamper/SHA256SUMS.asc" &&
	mk35 clearws && clear35 clearws alice && sed -i 's/tool-1.0.dmg$/tool-1.0.dmg \t /' "$R35/clearws/SHA256SUMS.asc" &&
	mk35 clearpre && clear35 clearpre alice && sed -i '1i unsigned text' "$R35/clearpre/SHA256SUMS.asc" &&
	mk35 clearhash && clear35 clearhash alice && sed -i 's/^Hash: .*/Hash: SHA1/' "$R35/clearhash/SHA256SUMS.asc" &&
	mk35 clearnohash && clear35 clearnohash alice && sed -i '/^Hash: /d' "$R35/clearnohash/SHA256SUMS.asc" &&
	mk35 clearmany && clear35 clearmany alice && sed -i 's/^Hash: .*/Hash: SHA1, SHA512\nHash: SHA256/' "$R35/clearmany/SHA256SUMS.asc" &&
	mk35 clearunknown && clear35 clearunknown alice && sed -i 's/^Hash: .*/Hash: SHA512, WHIRLPOOL/' "$R35/clearunknown/SHA256SUMS.asc"
} > "$R35/make.log" 2>&1
report 'sums fixtures: SHA256SUMS lists signed by 1 to 3 signers, detached and clear-signed' $? "$(cat "$R35/make.log")"

FILES3='^  ok        tool-1\.0-x86_64\.tar\.gz$'
t '--sums: 3 signers, --min-sigs 2: verified, each present file matches' 0 \
    "1:^VERIFIED: 'SHA256SUMS': 3 listed files here match the list, signed by 3 pinned signers: alice, bob, carol \\(1 listed not here, 0 here not listed\\)$" \
    "$FILES3" '^  ok        tool-1\.0-win64\.zip$' '^  missing   tool-1\.0-arm64\.tar\.gz  \(listed, not here\)$' \
    '^the list \(detached signatures\):$' '^signatures \(3 counted, 2 needed\):$' \
    -- @$R35/three --min-sigs 2 --sums SHA256SUMS
t '--sums: 3 signers, --min-sigs 2, one file changed: NOT VERIFIED, the file named with both sums' 1 \
    "1:^NOT VERIFIED: 'SHA256SUMS': 1 listed file changed: 'tool-1\\.0-win64\\.zip'; do not use it$" \
    '^  CHANGED   tool-1\.0-win64\.zip$' "^            here   $(sha256sum < "$R35/changed/tool-1.0-win64.zip" | cut -c1-64) \\(13 bytes\\)$" \
    "$FILES3" -- @$R35/changed --min-sigs 2 --sums SHA256SUMS
t '--sums: one signer, --min-sigs 2: the list is not verified, no file checked' 1 \
    "1:^NOT VERIFIED: 'SHA256SUMS': the list is not verified: 1 good signature from pinned signers, 2 needed; no file was checked against it$" \
    '!^files' '!^  ok' -- @$R35/one --min-sigs 2 --sums SHA256SUMS
t '--sums: an unpinned signer (eve) is not counted' 1 \
    "1:^NOT VERIFIED: 'SHA256SUMS': the list is not verified: 1 good signature from pinned signers, 2 needed" \
    -- @$R35/eve --min-sigs 2 --sums SHA256SUMS
t '--sums: the list changed after signing: BAD, no file checked' 1 \
    "1:^NOT VERIFIED: 'SHA256SUMS': the list is not verified: BAD signatures from alice, bob" '!^files' \
    -- @$R35/bad --sums SHA256SUMS
t '--sums with --keyring (a package build): verified, by the keys in those files' 0 \
    "1:^VERIFIED: 'SHA256SUMS': 3 listed files here match the list, signed by 3 keys in '.*alice\\.asc', '.*bob\\.asc' and '.*carol\\.asc': Alice <alice@test>, Bob <bob@test>, Carol <carol@test>" \
    -- @$R35/three "${KR35[@]}" --min-sigs 3 --sums SHA256SUMS
t '--sums with --keyring --fingerprint: only that key counts' 1 \
    "1:^NOT VERIFIED: 'SHA256SUMS': the list is not verified: 1 good signature from keys in '.*', 3 needed" \
    -- @$R35/three "${KR35[@]}" --fingerprint "$FPR_bob" --min-sigs 3 --sums SHA256SUMS
t '--sums --cross-check: both engines agree' 0 "1:^VERIFIED: 'SHA256SUMS': 3 listed files" \
    -- @$R35/three --cross-check --min-sigs 3 --sums SHA256SUMS
t '--sums --engine gpg' 0 "1:^VERIFIED: 'SHA256SUMS': 3 listed files" -- @$R35/three --engine gpg --sums SHA256SUMS
t '--sums from another folder: the files are looked for beside the list' 0 \
    "1:^VERIFIED: '$(re "$R35")/three/SHA256SUMS': 3 listed files" -- @$R35 --sums "$R35/three/SHA256SUMS"
t '--sums --sig: the signature given (the same list signed by alice alone)' 0 \
    "1:^VERIFIED: 'SHA256SUMS': 3 listed files here match the list, signed by 1 pinned signer: alice " \
    '^signature: \.\./one/SHA256SUMS\.asc$' -- @$R35/three --sig ../one/SHA256SUMS.asc --sums SHA256SUMS
t '--sums --quiet: the verdict line only' 0 'lines=1' "1:^VERIFIED: 'SHA256SUMS'" -- @$R35/three --quiet --sums SHA256SUMS
t '--sums: unlisted files named as not covered; they do not change the verdict' 0 \
    "1:^VERIFIED: 'SHA256SUMS': 3 listed files here match the list, signed by 1 pinned signer: alice \\(1 listed not here, 2 here not listed\\)$" \
    '^  unlisted  notes\.txt  \(here, not in the list: not covered by it\)$' \
    '^  unlisted  link\.dmg  ' '!unlisted  SHA256SUMS' -- @$R35/extra --sums SHA256SUMS
t '--sums: a listed name that is a symbolic link: not followed, could not check' 2 \
    "1:^COULD NOT CHECK: 'SHA256SUMS': 1 listed file could not be read: 'tool-1\\.0\\.dmg'$" \
    '^  ERROR     tool-1\.0\.dmg  \(a symbolic link: not followed\)$' 'err:could not be read' -- @$R35/link --sums SHA256SUMS
t '--sums: none of the listed files here: NOT VERIFIED' 1 \
    "1:^NOT VERIFIED: 'SHA256SUMS': none of the 4 listed files is here$" -- @$R35/none --sums SHA256SUMS
t '--sums --json: the verdict, the list, every file' 0 \
    'json:.verdict == "verified" and .form == "detached" and .refused == null and .files_checked and (.files | length) == 4 and ([.files[] | select(.state == "match")] | length) == 3 and (.files[] | select(.name == "tool-1.0-arm64.tar.gz") | .state == "missing" and (has("sha256") | not)) and .list.verdict == "verified" and (.list.signatures | length) == 3 and .unlisted == []' \
    -- @$R35/three --json --sums SHA256SUMS
t '--sums --json, a file changed: its state and both sums' 1 \
    'json:.verdict == "not-verified" and .exit == 1 and (.files[] | select(.name == "tool-1.0-win64.zip") | .state == "changed" and .sha256 != .listed_sha256)' \
    -- @$R35/changed --json --sums SHA256SUMS

# text-mode (class 0x01) signatures: they count for a list, never for a release file
t '--sums: a detached text-mode signature counts for a list' 0 \
    "1:^VERIFIED: 'SHA256SUMS': 3 listed files here match the list, signed by 1 pinned signer: alice" \
    '!text-mode' -- @$R35/text --sums SHA256SUMS
t 'the same text-mode signature over a file that is not a list: not counted (policy unchanged)' 1 \
    "1:$(nok_line data)0 good signatures from pinned signers, 1 needed$" 'reason: text-mode signature \(class 0x01\)' \
    -- @$R35/text data

# clear-signed lists
t '--sums: a clear-signed list: verified, its text-mode signature counted (native engine)' 0 \
    "1:^VERIFIED: 'SHA256SUMS\\.asc': 3 listed files here match the list, signed by 1 pinned signer: alice \\(1 listed not here, 0 here not listed\\)$" \
    '^the list \(clear-signed\):$' -- @$R35/clear --sums SHA256SUMS.asc
t '--sums: a clear-signed list, --engine gpg' 0 "1:^VERIFIED: 'SHA256SUMS\\.asc': 3 listed" -- @$R35/clear --engine gpg --sums SHA256SUMS.asc
t '--sums: a clear-signed list, --cross-check' 0 "1:^VERIFIED: 'SHA256SUMS\\.asc': 3 listed" -- @$R35/clear --cross-check --sums SHA256SUMS.asc
t '--sums --json: a clear-signed list, form and class' 0 \
    'json:.form == "clear-signed" and .list.signatures[0].class == 1 and .list.signatures[0].counted' \
    -- @$R35/clear --json --sums SHA256SUMS.asc
t '--sums: a list clear-signed by 3 signers at once, --min-sigs 3: verified' 0 \
    "1:^VERIFIED: 'SHA256SUMS\\.asc': 3 listed files here match the list, signed by 3 pinned signers: alice, bob, carol " \
    "sh:[ \$(grep -c '^-----BEGIN PGP SIGNATURE' '$R35/clear3/SHA256SUMS.asc') -eq 1 ]" \
    -- @$R35/clear3 --min-sigs 3 --sums SHA256SUMS.asc
t '--sums: a list clear-signed by 3 signers, --cross-check' 0 "1:^VERIFIED: 'SHA256SUMS\\.asc': 3 listed" \
    -- @$R35/clear3 --cross-check --min-sigs 3 --sums SHA256SUMS.asc
t '--sums: a clear-signed list whose text was changed: BAD' 1 \
    "1:^NOT VERIFIED: 'SHA256SUMS\\.asc': the list is not verified: BAD signature from alice" -- @$R35/cleartamper --sums SHA256SUMS.asc
t '--sums: a clear-signed list, BAD with --engine gpg too' 1 \
    "1:^NOT VERIFIED: 'SHA256SUMS\\.asc': the list is not verified: BAD signature from alice" -- @$R35/cleartamper --engine gpg --sums SHA256SUMS.asc
t '--sums: trailing spaces and tabs are not part of the signed text (RFC 4880 section 7)' 0 \
    "1:^VERIFIED: 'SHA256SUMS\\.asc': 3 listed" -- @$R35/clearws --cross-check --sums SHA256SUMS.asc
t '--sums: unsigned text before a clear-signed message: refused' 1 \
    "1:^NOT VERIFIED: 'SHA256SUMS\\.asc': the list is refused: 'SHA256SUMS\\.asc': line 1: not the start of a clear-signed message" \
    '!^files' -- @$R35/clearpre --sums SHA256SUMS.asc
# the Hash headers are not signed; gpg refuses a message whose headers do
# not name a signature's digest (without a header, MD5 is meant), and so
# does this tool
t '--sums: Hash headers naming another digest than the signature: refused, as gpgv refuses it' 1 \
    "1:^NOT VERIFIED: 'SHA256SUMS\\.asc': the list is refused: 'SHA256SUMS\\.asc': signature #1 is made with SHA512, which the message's Hash headers do not name" \
    "sh:! gpgv --keyring '$FX/keys/alice.gpg' '$R35/clearhash/SHA256SUMS.asc' 2>&1 | grep -q 'Good signature'" \
    '!^files' -- @$R35/clearhash --cross-check --sums SHA256SUMS.asc
t '--sums: no Hash header (MD5 meant): refused' 1 \
    "1:^NOT VERIFIED: 'SHA256SUMS\\.asc': the list is refused: .*signature #1 is made with SHA512" \
    -- @$R35/clearnohash --sums SHA256SUMS.asc
t '--sums: two Hash headers, the digest named in one of them: verified' 0 \
    "1:^VERIFIED: 'SHA256SUMS\\.asc': 3 listed" -- @$R35/clearmany --cross-check --sums SHA256SUMS.asc
t '--sums: a Hash header naming an unknown algorithm: refused, the line named' 1 \
    "1:^NOT VERIFIED: 'SHA256SUMS\\.asc': the list is refused: 'SHA256SUMS\\.asc': line 2: not a 'Hash: ALGO' header naming known algorithms" \
    -- @$R35/clearunknown --sums SHA256SUMS.asc
t '--sums: a clear-signed list with --sig: usage error' 2 'err:a clear-signed list: it carries its signatures, --sig is not used' \
    -- @$R35/clear --sig x.asc --sums SHA256SUMS.asc
t 'check of a clear-signed file without --sums: its signature block is not a detached one: could not check' 2 \
    "1:$(cnc_line tool-1.0.dmg)malformed signature: .*clear-signed message, not a detached signature" \
    -- @$R35/clear --sig SHA256SUMS.asc tool-1.0.dmg

# hostile lists: each refused whole, with the line, and no file checked
HOST35=$R35/hostile
mkdir -p "$HOST35"
h35() {	# h35 NAME LIST-TEXT: the list NAME, signed by alice, beside three files
	mk35 "hostile/$1" >/dev/null 2>&1 && printf '%b' "$2" > "$HOST35/$1/SHA256SUMS" &&
	    fx_sign alice "$HOST35/$1/SHA256SUMS.asc" "$HOST35/$1/SHA256SUMS" -u "$FPR_alice!" >/dev/null 2>&1
}
S1=$(sha256sum < "$R35/three/tool-1.0.dmg" | cut -c1-64)
S2=$(sha256sum < "$R35/three/tool-1.0-win64.zip" | cut -c1-64)
LONG=$(head -c 1100 /dev/zero | tr '\0' x)
# name | list text | message
while IFS='|' read -r name text msg; do
	h35 "$name" "$text" || report "hostile list $name made" 1
	t "--sums: a hostile list ($name): refused whole, no file checked" 1 \
	    "1:^NOT VERIFIED: 'SHA256SUMS': the list is refused: 'SHA256SUMS': $msg" '!^files' '!^  ok' \
	    -- @$HOST35/$name --sums SHA256SUMS
done <<EOF2
dotdot|$S1  tool-1.0.dmg\n$S2  ../tool-1.0-win64.zip\n|line 2: a path with '/'
parent|$S1  ..\n|line 1: '\\.' or '\\.\\.'
absolute|$S1  /etc/passwd\n|line 1: an absolute path
subdir|$S1  sub/tool-1.0.dmg\n|line 1: a path with '/'
twice|$S1  tool-1.0.dmg\n$S2  tool-1.0-win64.zip\n$S2  tool-1.0.dmg\n|line 3 lists 'tool-1\\.0\\.dmg' again \\(first on line 1\\) with another SHA-256
overlong|$S1  $LONG\n|line 1: the line is longer than 1024 bytes
longname|$S1  ${LONG:0:300}\n|line 1: a name longer than 255 bytes
mixed|$S1  tool-1.0.dmg\r\n$S2  tool-1.0-win64.zip\n|line 2: line ends mixed
lonecr|$S1  tool-1.0.dmg\rx\n|line 1: a carriage return inside the line
control|$S1  tool\\e-1.0.dmg\n|line 1: a control byte in the name
notanentry|$S1 tool-1.0.dmg\n|line 1: not an entry
bsd|SHA256 (tool-1.0.dmg) = $S1\n|line 1: not an entry
escaped|\\\\\\\\$S1  tool\\\\\\\\n.dmg\n|line 1: an escaped name
empty|\n\n|the list holds no entries
EOF2

# CR LF lists are read (a list made on Windows); a huge list is refused
h35 crlf "$S1  tool-1.0.dmg\r\n$S2  tool-1.0-win64.zip\r\n"
t '--sums: a list with CR LF line ends is read' 0 \
    "1:^VERIFIED: 'SHA256SUMS': 2 listed files here match the list" -- @$HOST35/crlf --sums SHA256SUMS
mk35 hostile/huge >/dev/null 2>&1 && head -c 1100000 /dev/zero | tr '\0' a > "$HOST35/huge/SHA256SUMS" &&
    fx_sign alice "$HOST35/huge/SHA256SUMS.asc" "$HOST35/huge/SHA256SUMS" -u "$FPR_alice!" >/dev/null 2>&1
t '--sums: a list over 1 MiB: refused' 1 \
    "1:^NOT VERIFIED: 'SHA256SUMS': the list is refused: 'SHA256SUMS' is larger than 1048576 bytes" -- @$HOST35/huge --sums SHA256SUMS

# usage
t '--sums with a file as well: usage error' 2 'err:--sums checks the files its list names: give no file besides it' \
    -- @$R35/three --sums SHA256SUMS tool-1.0.dmg
t '--sums given twice: usage error' 2 'err:--sums given twice' -- @$R35/three --sums SHA256SUMS --sums SHA256SUMS
t '--sums with --no-downgrade: usage error' 2 'err:--no-downgrade is for Electrum release files' -- @$R35/three --no-downgrade --sums SHA256SUMS
t '--sums: no such list: could not check' 2 "err:cannot open 'nope'|nope" -- @$R35/three --sums nope
