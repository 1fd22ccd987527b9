# tests/fixtures.sh: generate every key, signature and file the
# integration tests need, once per run. Sourced by tests/run.sh after it has
# set T (the run's temporary directory) and SHARED (the real Electrum data).
#
# Nothing here calls electrum-verify: the fixtures are made and checked with
# gpg alone, each in its own throw-away GNUPGHOME under $T/gen. Every agent
# started here is killed again by fx_stop_agents (also run from the trap).
#
# Results (all under FX=$T/fx):
#   keys/NAME.asc          armoured public key of test signer NAME
#   FPR_NAME               shell variable: primary fingerprint (upper hex)
#   SUB1_dave, SUB2_dave   dave's two signing subkeys
#   data.bin, other.bin    payloads; tampered.bin, truncated.bin, extended.bin
#   sig/*.asc|*.sig        detached signatures, see fx_sign calls below
#   lk/CASE/               directories for the default signature lookup
#   pins, badpins*         pins files (ELECTRUM_VERIFY_PINS)
#   hostile/               a hostile HOME and GNUPGHOME
#   real/V/F/F             stand-ins for real release files, real signatures
#                          copied beside them

FX=$T/fx
GEN=$T/gen

fx_die() {
	printf 'Bail out! fixtures: %s\n' "$*"
	exit 1
}

# fx_gpg NAME ARGS...: gpg in the generation home of signer NAME.
fx_gpg() {
	local home=$GEN/$1
	shift
	gpg --homedir "$home" --batch --no-tty --quiet --pinentry-mode loopback \
	    --passphrase '' "$@" 2>>"$GEN/gpg.log"
}

# fx_fpr NAME [N]: fingerprint number N (1 = primary) of NAME's key.
fx_fpr() {
	fx_gpg "$1" --with-colons --fingerprint --with-subkey-fingerprints \
	    --list-keys | awk -F: -v n="${2:-1}" '/^fpr:/ && ++i == n { print $10 }'
}

# fx_genkey NAME UID ALGO USAGE EXPIRE [FAKETIME]: a fresh key in its own
# home. Runs in the background; fx_genwait collects them.
fx_genkey() {
	local name=$1 uid=$2 algo=$3 usage=$4 expire=$5 fake=${6:-}
	mkdir -p -m 700 "$GEN/$name"
	(
		if [ -n "$fake" ]; then
			fx_gpg "$name" --faked-system-time "$fake" \
			    --quick-gen-key "$uid" "$algo" "$usage" "$expire"
		else
			fx_gpg "$name" --quick-gen-key "$uid" "$algo" "$usage" "$expire"
		fi
	) &
	FX_JOBS+=("$!:$name")
}

fx_genwait() {
	local j
	for j in "${FX_JOBS[@]}"; do
		wait "${j%%:*}" || fx_die "key generation for ${j#*:} failed (see $GEN/gpg.log)"
	done
	FX_JOBS=()
}

# fx_sign NAME OUT FILE [gpg options]: detached signature by NAME over FILE.
# OUT ending in .asc is armoured, anything else binary.
fx_sign() {
	local name=$1 out=$2 file=$3
	shift 3
	local arm=()
	case $out in *.asc) arm=(--armor) ;; esac
	rm -f "$out"
	fx_gpg "$name" "${arm[@]}" "$@" --output "$out" --detach-sign "$file" ||
	    fx_die "signing $file as $name -> $out failed"
}

# fx_sign_split FILE SIGNER...: FILE.SIGNER.asc by each signer (with
# that signer's primary key), and FILE.asc their concatenation, as
# Electrum's download folders hold them.
fx_sign_split() {
	local file=$1 s fpr
	shift
	: > "$file.asc.tmp"
	for s in "$@"; do
		fpr=FPR_$s
		fx_sign "$s" "$file.$s.asc" "$file" -u "${!fpr}!"
		cat "$file.$s.asc" >> "$file.asc.tmp"
	done
	mv "$file.asc.tmp" "$file.asc"
}

# fx_packets FILE: gpg --list-packets of FILE, using an empty home so that
# nothing is looked up and ~/.gnupg is never touched.
fx_packets() {
	gpg --homedir "$GEN/empty" --batch --no-tty --list-packets "$1" 2>/dev/null
}

# fx_verify NAME SIG FILE: gpg --status-fd output of verifying in NAME's home.
fx_verify() {
	gpg --homedir "$GEN/$1" --batch --no-tty --status-fd 1 --verify "$2" "$3" \
	    2>/dev/null
}

declare -A REAL_SIGNER=(
	[6694D8DE7BE8EE5631BED9502BD5824B7F9470E6]=ThomasV
	[0EEDCFD5CAFB459067349B23CA9EEEC43DF911DC]=sombernight_releasekey
	[4AD64339DFA05E20B3F6AD51E7B748CDAF5E5ED9]=sombernight
	[6D7A2116DA909E00AC21108BB33B5F232C6271E9]=sombernight
	[9EDAFF80E080659604F4A76B2EBB056FD847F8A7]=Emzy
	[637DB1E23370F84AFF88CCE03152347D07DA627C]=Emzy
	[AA0BC6824B397BBA99776E157ED8D82B37192688]=felixb_f321x
	[33C103B4B2794170546CCF7BCFB2C83C66CD792A]=svanstaa
	[E546EA0987C09B6EE59A53F484F1BF925B1F484D]=bauerj
)
# issuer SIGFILE: the issuer fingerprint of the signature.
issuer() {
	fx_packets "$1" | grep -oE 'issuer fpr v4 [0-9A-F]{40}' | head -n 1 | awk '{ print $4 }'
}

fx_stop_agents() {
	local d
	[ -d "$GEN" ] || return 0
	for d in "$GEN"/*/; do
		[ -d "$d" ] && gpgconf --homedir "${d%/}" --kill all >/dev/null 2>&1
	done
	return 0
}

# fx_pattern N: N bytes of the repeating 251-byte pattern 0,1,...,250.
fx_pattern() {
	local i pat=''
	for ((i = 0; i < 251; i++)); do
		pat+=$(printf '\\%03o' "$i")
	done
	local one; one=$(mktemp "$T/pat.XXXXXX")
	printf "$pat" > "$one"
	local reps=$(( $1 / 251 + 1 ))
	for ((i = 0; i < reps; i++)); do cat "$one"; done | head -c "$1"
	rm -f "$one"
}

# fx_be32 N: N as 4 big-endian bytes in printf escape form.
fx_be32() {
	printf '\\x%02x\\x%02x\\x%02x\\x%02x' $(( ($1 >> 24) & 255 )) \
	    $(( ($1 >> 16) & 255 )) $(( ($1 >> 8) & 255 )) $(( $1 & 255 ))
}

# fx_hex2bin: hex string on stdin -> bytes on stdout.
fx_hex2bin() {
	local hx
	hx=$(tr -d ' \n')
	printf "$(printf '%s' "$hx" | sed 's/../\\x&/g')"
}

# fx_v3sig SIGNER FILE OUT: a genuine version 3 signature (class 0x00,
# RSA, SHA-256) by SIGNER's RSA primary key over FILE. gpg 2.2 no longer
# makes v3 signatures, so the packet is assembled here and only the RSA
# operation is done by gpg-agent (PKSIGN over the v3 hash).
fx_v3sig() {
	local name=$1 file=$2 out=$3 home=$GEN/$1
	local fpr kg ts hx toks i dec sexp len sig bits b0 body
	fpr=$(fx_fpr "$name")
	kg=$(gpg --homedir "$home" --batch --with-colons --with-keygrip --list-keys \
	    2>/dev/null | awk -F: '/^grp:/ { print $10; exit }')
	[ -n "$kg" ] || fx_die "v3: no keygrip for $name"
	ts=$(date +%s)
	# v3: the hash covers the data, then the class and the creation time.
	hx=$({ cat "$file"; printf '\x00'; printf "$(fx_be32 "$ts")"; } |
	    sha256sum | cut -d' ' -f1)
	hx=${hx^^}
	toks=($(gpg-connect-agent --homedir "$home" "SIGKEY $kg" "SETHASH 8 $hx" \
	    /hex PKSIGN /bye 2>/dev/null | grep '^D\[' | cut -c10-57 |
	    grep -oE '[0-9A-F]{2}'))
	# /hex dumps the data as sent, with %XX escapes: undo them.
	dec=''
	for ((i = 0; i < ${#toks[@]}; i++)); do
		if [ "${toks[i]}" = 25 ]; then
			dec+=$(printf "\\x${toks[i+1]}\\x${toks[i+2]}")
			i=$((i + 2))
		else
			dec+=${toks[i]}
		fi
	done
	dec=${dec^^}
	# (7:sig-val(3:rsa(1:sLEN:BYTES)))
	sexp=28373A7369672D76616C28333A72736128313A73
	[ "${dec:0:${#sexp}}" = "$sexp" ] || fx_die "v3: unexpected PKSIGN answer"
	dec=${dec:${#sexp}}
	len=''
	while [ "${dec:0:2}" != 3A ]; do
		len+=$(printf "\\x${dec:0:2}")
		dec=${dec:2}
		[ -n "$dec" ] || fx_die "v3: bad length in PKSIGN answer"
	done
	dec=${dec:2}
	sig=${dec:0:$((len * 2))}
	while [ "${sig:0:2}" = 00 ]; do sig=${sig:2}; done
	b0=$((16#${sig:0:2}))
	bits=$(( (${#sig} / 2 - 1) * 8 ))
	while [ "$b0" -gt 0 ]; do bits=$((bits + 1)); b0=$((b0 >> 1)); done
	body=$(printf '030500%08X%s0108%s%04X%s' "$ts" "${fpr:24:16}" "${hx:0:4}" "$bits" "$sig")
	printf '89%04X%s' $(( ${#body} / 2 )) "$body" | fx_hex2bin > "$out"
}

fx_generate() {
	local n
	mkdir -p "$FX/keys" "$FX/sig" "$GEN/empty"
	chmod 700 "$GEN" "$GEN/empty"
	: > "$GEN/gpg.log"
	FX_JOBS=()

	# Pinned test signers, one per algorithm and per key-life situation.
	fx_genkey alice 'Alice <alice@test>' rsa2048 sign never
	fx_genkey bob 'Bob <bob@test>' nistp256 sign never
	fx_genkey carol 'Carol <carol@test>' ed25519 sign never
	fx_genkey dave 'Dave <dave@test>' ed25519 cert never
	# erin: created 2020-01-01, expires after a year; signs in 2020.
	fx_genkey erin 'Erin <erin@test>' ed25519 sign 1y '20200101T000000!'
	# frank: created 2020-01-01 without expiry; expiry added later.
	fx_genkey frank 'Frank <frank@test>' ed25519 sign never '20200101T000000!'
	fx_genkey grace 'Grace <grace@test>' ed25519 sign never
	fx_genkey ivan 'Ivan <ivan@test>' ed25519 sign never
	# Unpinned: an attacker, and a key copying alice's user ID.
	fx_genkey eve 'Eve <eve@test>' ed25519 sign never
	fx_genkey lookalike 'Alice <alice@test>' ed25519 sign never
	fx_genwait

	# dave signs only through two signing subkeys.
	FPR_dave=$(fx_fpr dave)
	fx_gpg dave --quick-add-key "$FPR_dave" ed25519 sign never ||
	    fx_die "adding dave's first subkey"
	fx_gpg dave --quick-add-key "$FPR_dave" ed25519 sign never ||
	    fx_die "adding dave's second subkey"

	for n in alice bob carol dave erin frank grace ivan eve lookalike; do
		printf -v "FPR_$n" '%s' "$(fx_fpr "$n")"
		local v="FPR_$n"
		[[ ${!v} =~ ^[0-9A-F]{40}$ ]] || fx_die "no fingerprint for $n"
	done
	SUB1_dave=$(fx_fpr dave 2)
	SUB2_dave=$(fx_fpr dave 3)
	[[ $SUB1_dave =~ ^[0-9A-F]{40}$ && $SUB2_dave =~ ^[0-9A-F]{40}$ ]] ||
	    fx_die "dave's subkeys missing"

	# Payloads.
	fx_pattern 100000 > "$FX/data.bin"
	printf 'some other release file\n%.0s' {1..100} > "$FX/other.bin"
	{ head -c 50000 "$FX/data.bin"; printf '\xff'; tail -c +50002 "$FX/data.bin"; } > "$FX/tampered.bin"
	head -c 99999 "$FX/data.bin" > "$FX/truncated.bin"
	{ cat "$FX/data.bin"; printf '\n'; } > "$FX/extended.bin"
	cmp -s "$FX/data.bin" "$FX/tampered.bin" && fx_die "tampered.bin is not tampered"
	[ "$(wc -c < "$FX/tampered.bin")" -eq 100000 ] || fx_die "tampered.bin has the wrong size"
	DATA_SHA=$(sha256sum "$FX/data.bin" | cut -d' ' -f1)
	DATA_SIZE=$(wc -c < "$FX/data.bin")
	# An Electrum release name with gzip content.
	mkdir -p "$FX/rel"
	gzip -n -c "$FX/data.bin" > "$FX/rel/Electrum-4.6.2.tar.gz"
	REL_SHA=$(sha256sum "$FX/rel/Electrum-4.6.2.tar.gz" | cut -d' ' -f1)
	# A file name that needs escaping.
	cp "$FX/data.bin" "$FX/odd"$'\n'"name.bin"

	# Signatures over data.bin.
	local s=$FX/sig d=$FX/data.bin
	fx_sign alice "$s/alice.asc" "$d" -u "$FPR_alice!"
	fx_sign alice "$s/alice.sig" "$d" -u "$FPR_alice!"
	fx_sign bob "$s/bob.asc" "$d" -u "$FPR_bob!"
	fx_sign bob "$s/bob.sig" "$d" -u "$FPR_bob!"
	fx_sign carol "$s/carol.asc" "$d" -u "$FPR_carol!"
	fx_sign dave "$s/dave-sub1.asc" "$d" -u "$SUB1_dave!"
	fx_sign dave "$s/dave-sub2.asc" "$d" -u "$SUB2_dave!"
	fx_sign erin "$s/erin.asc" "$d" -u "$FPR_erin!" --faked-system-time '20200601T000000!'
	fx_sign frank "$s/frank.asc" "$d" -u "$FPR_frank!" --faked-system-time '20220101T000000!'
	fx_sign grace "$s/grace.asc" "$d" -u "$FPR_grace!"
	fx_sign ivan "$s/ivan.asc" "$d" -u "$FPR_ivan!"
	fx_sign eve "$s/eve.asc" "$d" -u "$FPR_eve!"
	fx_sign lookalike "$s/lookalike.asc" "$d" -u "$FPR_lookalike!"
	# ten years ahead; one hour ahead (beyond any clock skew); one minute
	# ahead (within the skew allowed)
	FUTURE_TS=$(( $(date +%s) + 10 * 365 * 86400 ))
	fx_sign alice "$s/future.asc" "$d" -u "$FPR_alice!" --faked-system-time "$FUTURE_TS"
	fx_sign carol "$s/future-1h.asc" "$d" -u "$FPR_carol!" --faked-system-time "$(( $(date +%s) + 3600 ))"
	fx_sign carol "$s/skew-1min.asc" "$d" -u "$FPR_carol!" --faked-system-time "$(( $(date +%s) + 60 ))"
	fx_sign alice "$s/sha1.asc" "$d" -u "$FPR_alice!" --digest-algo SHA1
	fx_sign alice "$s/md5.asc" "$d" -u "$FPR_alice!" --digest-algo MD5
	fx_sign alice "$s/ripemd160.asc" "$d" -u "$FPR_alice!" --digest-algo RIPEMD160
	fx_sign alice "$s/sha512.asc" "$d" -u "$FPR_alice!" --digest-algo SHA512
	fx_sign alice "$s/text.asc" "$d" -u "$FPR_alice!" --textmode
	# Text files for text-mode (class 0x01) signatures (issue 12), each
	# signed --textmode; NAME.same has the same canonical text as NAME.txt
	# (gpg says GOOD over it), NAME.bad another one. block.txt crosses the
	# 1 MiB blocks of the reader: CRs that end a line split from their LF
	# at the first boundary, a lone CR split from the rest of its line at
	# the second. long.txt has a line of 30 000 bytes: gpg hashes its
	# first 19 993 only.
	mkdir -p "$FX/txt"
	python3 - "$FX/txt" <<'PY' || fx_die 'cannot write the text files'
import sys
d = sys.argv[1]
def w(name, data):
    with open(f"{d}/{name}", "wb") as f:
        f.write(data)
def fill(upto):
    b = bytearray()
    while len(b) < upto - 200:
        b += b"y" * 60 + b"\r\n"
    return b + b"z" * (upto - len(b))
w("lf.txt", b"line one\nline two\n")
w("lf.same", b"line one\r\nline two\r\r\r\n")
w("lf.bad", b"line one\nline two\n\n")
w("crlf.txt", b"line one\r\nline two\r\n")
w("crlf.same", b"line one\nline two\n")
w("crlf.bad", b"line one\r\nline  two\r\n")
w("lonecr.txt", b"a\rb\nc\r\rd\r\n")
w("lonecr.same", b"a\rb\r\nc\r\rd\r\r\n")
w("lonecr.bad", b"ab\nc\r\rd\r\n")
w("blanks.txt", b"x \t\ny  \n\t\n")
w("blanks.same", b"x \t\r\ny  \r\n\t\r\n")
w("blanks.bad", b"x\ny\n\n")
w("eofcr.txt", b"one\nend\r\r\r")
w("eofcr.same", b"one\nend")
w("eofcr.bad", b"one\nend\r\n")
w("nul.txt", b"a\x00\nb\x00c\r\x00\r\nend\x00")
w("nul.same", b"a\r\nb\x00c\nend")
w("nul.bad", b"a\nbc\nend")
b1 = fill(1048575) + b"\r"
blk = b1 + b"\r\n" + fill(2097151 - len(b1) - 2) + b"\rq\nlast"
assert blk[1048575:1048578] == b"\r\r\n" and blk[2097151:2097153] == b"\rq"
w("block.txt", blk)
w("block.same", blk[:1048575] + b"\n" + blk[1048578:])
w("block.bad", blk[:2097151] + blk[2097152:])
long = b"a" * 30000 + b"\nend\n"
w("long.txt", long)
w("long.same", long[:25000] + b"X" + long[25001:])
w("long.bad", long[:19992] + b"X" + long[19993:])
PY
	for n in lf crlf lonecr blanks eofcr nul block; do
		fx_sign alice "$s/txt-$n.asc" "$FX/txt/$n.txt" -u "$FPR_alice!" --textmode
	done
	# (gpg signs the long line but exits 2: "can't handle text lines")
	fx_gpg alice --armor -u "$FPR_alice!" --textmode --output "$s/txt-long.asc" \
	    --detach-sign "$FX/txt/long.txt"
	[ -s "$s/txt-long.asc" ] || fx_die 'signing long.txt failed'
	fx_sign alice "$s/sha224.asc" "$d" -u "$FPR_alice!" --digest-algo SHA224
	# critical notations: one GnuPG does not know (it calls the signature
	# BAD whatever the file), one it knows
	fx_sign carol "$s/critnote.asc" "$d" -u "$FPR_carol!" --sig-notation '!crit@test=yes'
	fx_sign carol "$s/critknown.asc" "$d" -u "$FPR_carol!" --sig-notation '!pka-address@gnupg.org=carol@test'
	fx_sign bob "$s/bob-other.asc" "$FX/other.bin" -u "$FPR_bob!"
	fx_sign alice "$s/rel.asc" "$FX/rel/Electrum-4.6.2.tar.gz" -u "$FPR_alice!"
	# A clear-signed message, to be refused when given as a signature.
	printf 'hello\n' > "$GEN/msg.txt"
	fx_gpg alice -u "$FPR_alice!" --output "$s/clearsigned.asc" --clearsign "$GEN/msg.txt" ||
	    fx_die "clear-signing"

	# frank: after the signature of 2022, give the key an expiry, made at a
	# faked time of 2020-06-01, of one year: the newest self-signature now
	# says the key expired 2021-06-01, before the 2022 signature.
	fx_gpg frank --faked-system-time '20200601T000000!' --quick-set-expire "$FPR_frank" 1y ||
	    fx_die "setting frank's expiry"
	# grace: revoked after signing, with the certificate made at generation.
	local rev=$GEN/grace/openpgp-revocs.d/$FPR_grace.rev
	[ -f "$rev" ] || fx_die "no revocation certificate for grace"
	sed 's/^:-----BEGIN/-----BEGIN/' "$rev" > "$GEN/grace.rev"
	fx_gpg grace --import "$GEN/grace.rev" || fx_die "importing grace's revocation"

	for n in alice bob carol dave erin frank grace ivan eve lookalike; do
		fx_gpg "$n" --armor --export > "$FX/keys/$n.asc" || fx_die "exporting $n"
		[ -s "$FX/keys/$n.asc" ] || fx_die "empty export of $n"
	done
	fx_gpg alice --export > "$FX/keys/alice.gpg"

	# mallory: an unpinned key that binds alice's primary key as its own
	# encryption subkey (no back-signature needed), made in a copy of
	# alice's home since it needs her secret key. In one file before
	# alice's key, gpg drops alice's; after it, alice's fingerprint names
	# two keys.
	mkdir -m 700 "$GEN/mal"
	cp "$GEN/alice/pubring.kbx" "$GEN/mal/" && cp -r "$GEN/alice/private-keys-v1.d" "$GEN/mal/" ||
	    fx_die "copying alice's home for mallory"
	local grip ct
	grip=$(fx_gpg mal --with-colons --with-keygrip --list-keys "$FPR_alice" | awk -F: '/^grp:/ { print $10; exit }')
	ct=$(fx_gpg mal --with-colons --list-keys "$FPR_alice" | awk -F: '/^pub:/ { print $6; exit }')
	fx_gpg mal --faked-system-time "$ct!" --quick-gen-key 'Mallory <mal@test>' ed25519 sign never ||
	    fx_die "generating mallory"
	FPR_mal=$(fx_gpg mal --with-colons --list-keys mal@test | awk -F: '/^fpr:/ { print $10; exit }')
	printf 'addkey\n13\n%s\nS\nQ\n0\nsave\n' "$grip" |
	    fx_gpg mal --faked-system-time "$ct!" --expert --command-fd 0 --edit-key "$FPR_mal" ||
	    fx_die "binding alice's key under mallory's"
	fx_gpg mal --with-colons --with-subkey-fingerprints --list-keys "$FPR_mal" |
	    grep -q "^fpr:.*:$FPR_alice:" || fx_die "mallory does not carry alice's key"
	fx_gpg mal --armor --export "$FPR_mal" > "$GEN/mal.asc"
	cat "$GEN/mal.asc" "$FX/keys/alice.asc" > "$FX/keys/mal+alice.asc"
	cat "$FX/keys/alice.asc" "$GEN/mal.asc" > "$FX/keys/alice+mal.asc"
	cat "$FX/keys/alice.asc" "$FX/keys/bob.asc" > "$FX/keys/alice+bob.asc"

	# Combinations.
	cat "$s/alice.asc" "$s/bob.asc" "$s/carol.asc" > "$s/alice+bob+carol.asc"
	cat "$s/alice.sig" "$s/bob.sig" > "$s/alice+bob.sig"
	cat "$s/alice.asc" "$s/alice.asc" "$s/alice.asc" > "$s/alice-x3.asc"
	# 64 copies of one BAD signature: one run of gpg settles them all.
	for i in $(seq 64); do cat "$s/bob-other.asc"; done > "$s/bob-other-x64.asc"
	# alice's binary signature with a digest id gpg 2.2 does not know
	# (99): gpg quits without reading the data; GPGME's own loop used to
	# spin for ever on that. Byte 6 of an old-format 2-byte-length packet.
	cp "$s/alice.sig" "$s/hash99.sig"
	[ "$(head -c 1 "$s/hash99.sig" | od -An -tx1 | tr -d ' ')" = 89 ] || fx_die "alice.sig header is not 0x89"
	printf '\x63' | dd of="$s/hash99.sig" bs=1 seek=6 conv=notrunc 2>/dev/null
	# alice's binary signature with its MPI claiming 65535 bits: the
	# packet frames fine, gpg quits on it without reading the data.
	local at hl ul
	at() { od -An -tu1 -j "$1" -N1 "$s/alice.sig" | tr -d ' '; }
	hl=$(( $(at 7) * 256 + $(at 8) ))
	ul=$(( $(at $((9 + hl))) * 256 + $(at $((10 + hl))) ))
	cp "$s/alice.sig" "$s/badmpi.sig"
	printf '\xff\xff' | dd of="$s/badmpi.sig" bs=1 seek=$((13 + hl + ul)) conv=notrunc 2>/dev/null
	cmp -s "$s/alice.sig" "$s/badmpi.sig" && fx_die "badmpi.sig unchanged"
	cat "$s/dave-sub1.asc" "$s/dave-sub2.asc" > "$s/dave-sub1+sub2.asc"
	cat "$s/alice.asc" "$s/bob-other.asc" > "$s/alice+bob-other.asc"
	cat "$s/alice.asc" "$s/eve.asc" > "$s/alice+eve.asc"
	cat "$s/eve.asc" "$s/lookalike.asc" > "$s/eve+lookalike.asc"
	cat "$s/alice.asc" "$s/sha1.asc" "$s/text.asc" "$s/future.asc" > "$s/alice+weak.asc"
	cat "$s/carol.asc" "$s/frank.asc" > "$s/carol+frank.asc"
	cat "$s/carol.asc" "$s/grace.asc" > "$s/carol+grace.asc"
	cat "$s/carol.asc" "$s/text.asc" > "$s/carol+text.asc"
	cat "$s/carol.asc" "$s/sha1.asc" > "$s/carol+sha1.asc"
	cat "$s/alice.asc" "$s/critnote.asc" > "$s/alice+critnote.asc"
	# Malformed input.
	{ cat "$s/alice.asc"; printf 'trailing junk after the armour\n'; } > "$s/junk.asc"
	sed '/^=/d' "$s/alice.asc" | awk 'NR==4 { $0 = "!!!!" substr($0, 5) } { print }' > "$s/badb64.asc"
	head -c 100 "$s/alice.sig" > "$s/cut.sig"
	printf 'this is not an OpenPGP signature\n' > "$s/garbage.sig"
	: > "$s/empty.sig"
	sed 's/^=.*/=AAAA/' "$s/alice.asc" > "$s/badcrc.asc"
	cmp -s "$s/alice.asc" "$s/badcrc.asc" && fx_die "badcrc.asc has the right checksum"
	fx_gpg alice -u "$FPR_alice!" --armor --output "$s/message.asc" --sign "$FX/other.bin" ||
	    fx_die "making an inline-signed message"
	for ((n = 0; n < 65; n++)); do cat "$s/bob.sig"; done > "$s/65packets.sig"
	head -c 1100000 /dev/urandom > "$s/big.sig"
	cp "$FX/keys/alice.asc" "$s/pubkey.asc"
	fx_v3sig alice "$d" "$s/v3.sig"
	cat "$s/alice.sig" "$s/v3.sig" > "$s/alice+v3.sig"

	# Default signature lookup: FILE.asc, else FILE.sig, else FILE.*.asc.
	local l=$FX/lk
	mkdir -p "$l/asc" "$l/sig" "$l/multi" "$l/prec" "$l/none" "$l/misnamed" "$l/multibad"
	for n in asc sig multi prec none misnamed multibad; do cp "$d" "$l/$n/data.bin"; done
	cp "$s/alice.asc" "$l/asc/data.bin.asc"
	cp "$s/bob.sig" "$l/sig/data.bin.sig"
	cp "$s/alice.asc" "$l/multi/data.bin.alice.asc"
	cp "$s/bob.asc" "$l/multi/data.bin.bob.asc"
	cp "$s/carol.asc" "$l/multi/data.bin.carol.asc"
	cp "$s/alice.asc" "$l/prec/data.bin.asc"
	cp "$s/bob.sig" "$l/prec/data.bin.sig"
	cp "$s/carol.asc" "$l/prec/data.bin.carol.asc"
	cp "$s/alice.asc" "$l/misnamed/data.bin.bob.asc"
	cp "$s/alice.asc" "$l/multibad/data.bin.alice.asc"
	cp "$s/bob-other.asc" "$l/multibad/data.bin.bob.asc"

	# Pins files.
	{
		printf '# electrum-verify test pins (generated by tests/fixtures.sh)\n\n'
		printf 'alice %s - RSA 2048 test key\n' "$FPR_alice"
		printf 'bob   %s https://example.invalid/bob.asc ECDSA P-256\n' "$FPR_bob"
		printf 'carol %s -\n' "$FPR_carol"
		printf 'dave  %s - signs through two subkeys\n' "$FPR_dave"
		printf 'erin  %s - expired 2021-01-01\n' "$FPR_erin"
		printf 'frank %s - expiry set after the fact\n' "$FPR_frank"
		printf 'grace %s - revoked\n' "$FPR_grace"
		printf '# ivan is pinned but his key is never imported\n'
		printf 'ivan  %s -\n' "$FPR_ivan"
	} > "$FX/pins"
	# a pin on dave's signing SUBKEY fingerprint: pins name primary keys only
	printf 'davesub %s -\n' "$SUB1_dave" > "$FX/pins-subkey"
	{
		printf '# short key ID on line 3\n\n'
		printf 'alice %s -\n' "${FPR_alice:24:16}"
	} > "$FX/badpins-keyid"
	{
		printf 'alice %s -\n' "$FPR_alice"
		printf 'bob   %s -\n' "${FPR_bob:0:39}X"
	} > "$FX/badpins-nonhex"
	{
		printf 'alice %s -\n' "$FPR_alice"
		printf '# next line has no URL\n'
		printf 'bob   %s\n' "$FPR_bob"
	} > "$FX/badpins-nourl"
	{
		printf '# comment\n'
		printf 'alice %s -\n' "${FPR_alice:0:39}"
	} > "$FX/badpins-short"
	{
		printf 'alice %s -\n' "$FPR_alice"
		printf 'b/ob  %s -\n' "$FPR_bob"
	} > "$FX/badpins-name"

	# A hostile HOME that is also GNUPGHOME: permissive gpg.conf and a
	# pubring holding the attacker's keys.
	local h=$FX/hostile
	mkdir -p -m 700 "$h" "$h/.gnupg"
	local conf='trust-model always
auto-key-retrieve
keyserver hkp://127.0.0.1:9
allow-weak-digest-algos
ignore-time-conflict
ignore-valid-from
'
	for n in "$h" "$h/.gnupg"; do
		printf '%s' "$conf" > "$n/gpg.conf"
		printf 'keyserver hkp://127.0.0.1:9\n' > "$n/dirmngr.conf"
		gpg --homedir "$n" --batch --no-tty --quiet --no-auto-key-retrieve \
		    --import "$FX/keys/eve.asc" "$FX/keys/lookalike.asc" 2>>"$GEN/gpg.log" ||
		    fx_die "filling the hostile pubring in $n"
		gpgconf --homedir "$n" --kill all >/dev/null 2>&1
		rm -f "$n"/S.* "$n"/*.lock "$n"/.#*
	done

	# A sentinel ~/.gnupg in the HOME every invocation of the tool gets.
	mkdir -p -m 700 "$T/home/.gnupg"
	printf '# sentinel: electrum-verify must never touch this\n' > "$T/home/.gnupg/gpg.conf"
	cp "$h/pubring.kbx" "$T/home/.gnupg/pubring.kbx"
	printf 'sentinel\n' > "$T/home/.gnupg/sentinel"
	mkdir -p "$T/tmp"

	# Real release signatures beside small files of the release's name.
	local dir v f
	if [ -d "$SHARED/signatures" ]; then
		for dir in "$SHARED"/signatures/*/*/; do
			dir=${dir%/}
			f=${dir##*/}
			v=${dir%/*}; v=${v##*/}
			mkdir -p "$FX/real/$v/$f"
			printf 'not the real %s, only a file of its name\n' "$f" > "$FX/real/$v/$f/$f"
			cp "$dir"/*.asc "$FX/real/$v/$f/"
		done
	fi

	fx_stop_agents
}
