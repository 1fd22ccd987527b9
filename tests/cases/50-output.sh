# Output contract: details lines, --quiet, --json receipts, unreadable files,
# escaping of untrusted names.

D=data.bin
OK1="$(ok_line $D 1 alice)"

# --- text details -------------------------------------------------------------
t 'details: file, size, sha256 (= sha256sum) and type lines' 0 "1:$OK1" \
    '^ *file: .*data\.bin' "^ *size: +$DATA_SIZE( |$)" "^ *sha256: +$DATA_SHA$" '^ *type: +[^ ]' \
    '!^ *release:' -- --sig sig/alice.asc $D
t 'details: an Electrum release name gives a release line' 0 \
    "1:$(ok_line Electrum-4.6.2.tar.gz 1 alice)" '^ *release: .*4\.6\.2' '^ *type: .*gzip' \
    "^ *sha256: +$REL_SHA$" -- @$FX/rel --sig ../sig/rel.asc Electrum-4.6.2.tar.gz
t 'details: sha256 is printed when not verified too' 1 "1:$(nok_line tampered.bin)" \
    "^ *sha256: +$(sha256sum "$FX/tampered.bin" | cut -d' ' -f1)$" -- --sig sig/alice.asc tampered.bin
t 'a file name with a newline stays on the verdict line (escaped)' 0 \
    "1:^VERIFIED: 'odd.+name\.bin' is signed by 1 pinned $(pl 1 signer): alice$" \
    -- --sig sig/alice.asc $'odd\nname.bin'

# --- --quiet: exactly one line, the verdict -------------------------------------
t '--quiet, verified: one line'       0 lines=1 "1:$OK1" -- --quiet --sig sig/alice.asc $D
t '--quiet, BAD: one line'            1 lines=1 "1:$(nok_line tampered.bin).*BAD signature from alice" \
    -- --quiet --sig sig/alice.asc tampered.bin
t '--quiet, unknown keys: one line'   1 lines=1 "1:$(unknown $D 1)" \
    -- --quiet --sig sig/eve.asc $D
t '--quiet, too few signers: one line' 1 lines=1 "1:$(few $D 3 4)" \
    -- --quiet --min-sigs 4 --sig sig/alice+bob+carol.asc $D

# --- unreadable input: could not check (exit 2) -------------------------------------
t 'FILE missing: could not check'     2 'err:^electrum-verify: [^A-Z].*no-such\.bin' '!^VERIFIED' \
    'sh:[ ! -s "$OUT" ] || head -n 1 "$OUT" | grep -q "^COULD NOT CHECK"' -- --sig sig/alice.asc no-such.bin
t 'FILE is a directory: could not check' 2 'err:^electrum-verify: ' '!^VERIFIED' -- --sig sig/alice.asc lk
t '--sig file missing: could not check' 2 'err:^electrum-verify: .*no-such\.asc' '!^VERIFIED' \
    -- --sig sig/no-such.asc $D

# --- --json receipts -------------------------------------------------------------
t 'json: verified receipt has every top-level field' 0 \
    'json:has("verdict") and has("exit") and has("reason") and has("file") and has("release") and has("min_sigs") and has("counted_signers") and has("signatures")' \
    'json:.verdict == "verified" and .exit == 0 and .min_sigs == 1 and .release == null' \
    'json:.file.name == "data.bin" and .file.size == ($ENV.DATA_SIZE | tonumber) and .file.sha256 == $ENV.DATA_SHA and (.file.type | type) == "string"' \
    'json:(.counted_signers | length) == 1 and .counted_signers[0].name == "alice" and .counted_signers[0].fingerprint == $ENV.FPR_alice' \
    -- --json --sig sig/alice.asc $D
t 'json: a good signature entry' 0 \
    'json:(.signatures | length) == 1' \
    'json:.signatures[0] | .status == "good" and .counted == true and .duplicate == false and .signer == "alice" and .fingerprint == $ENV.FPR_alice' \
    'json:.signatures[0] | .version == 4 and (.digest | ascii_upcase | test("SHA-?512")) and .created != null and (.reasons | length) == 0 and (.notes | type) == "array"' \
    'json:.signatures[0] | has("index") and has("subkey") and (.class == 0 or .class == "0x00")' \
    -- --json --sig sig/alice.asc $D
t 'json: BAD'                         1 'json:.verdict == "not-verified" and .exit == 1' \
    'json:.reason | test("BAD signature from alice")' \
    'json:.signatures[0].status == "bad" and .signatures[0].counted == false and .counted_signers == []' \
    -- --json --sig sig/alice.asc tampered.bin
t 'json: unknown key'                 1 'json:.verdict == "not-verified" and .exit == 1' \
    'json:.reason | test("all 1 signature(\\(s\\))? (is|are) from unknown keys")' \
    'json:.signatures[0] | .status == "no-key" and .counted == false and (.signer == null or .signer == "-")' \
    'json:.signatures[0].reasons | join(" ") | test("not (a )?pinned")' \
    -- --json --sig sig/eve.asc $D
t 'json: duplicates flagged, counted once' 0 'json:.verdict == "verified"' \
    'json:[.signatures[] | select(.duplicate)] | length == 2' \
    'json:[.signatures[] | select(.counted)] | length == 1' \
    'json:(.counted_signers | length) == 1' \
    -- --json --sig sig/alice-x3.asc $D
t 'json: subkey signature mapped to its primary' 0 \
    'json:.signatures[0].fingerprint == $ENV.FPR_dave and .signatures[0].subkey == $ENV.SUB1_dave' \
    'json:.counted_signers[0].name == "dave" and .counted_signers[0].fingerprint == $ENV.FPR_dave' \
    -- --json --sig sig/dave-sub1.asc $D
t 'json: made before expiry: counted, with a note' 0 'json:.verdict == "verified"' \
    'json:.signatures[0].counted == true and (.signatures[0].notes | join(" ") | test("expired"))' \
    -- --json --sig sig/erin.asc $D
t 'json: made after expiry: not counted, with a reason' 1 'json:.verdict == "not-verified" and .exit == 1' \
    'json:.signatures[0].counted == false and (.signatures[0].reasons | join(" ") | test("after the key expired"))' \
    -- --json --sig sig/frank.asc $D
t 'json: SHA-1 digest named, not counted' 1 'json:.verdict == "not-verified"' \
    'json:.signatures[0].counted == false and (.signatures[0].digest | ascii_upcase | test("SHA-?1$"))' \
    -- --json --sig sig/sha1.asc $D
t 'json: text class, not counted'     1 \
    'json:.signatures[0].counted == false and (.signatures[0].reasons | join(" ") | test("text"))' \
    'json:.signatures[0].class == 1 or .signatures[0].class == "0x01"' \
    -- --json --sig sig/text.asc $D
t 'json: too few signers'             1 'json:.verdict == "not-verified" and .min_sigs == 4' \
    'json:.reason | test("3 good signature(s|\\(s\\)) from pinned signers, 4 needed")' \
    'json:(.counted_signers | map(.name) | sort) == ["alice", "bob", "carol"]' \
    -- --json --min-sigs 4 --sig sig/alice+bob+carol.asc $D
t 'json: malformed signature: could not check' 2 'json:.verdict == "could-not-check" and .exit == 2' \
    'json:(.reason | test("malformed")) and .reason_code == "signature-unreadable"' -- --json --sig sig/junk.asc $D
t 'json: release object for an Electrum release name' 0 \
    'json:.release != null and (.release | tostring | test("4\\.6\\.2"))' \
    'json:.file.name == "Electrum-4.6.2.tar.gz" and .file.sha256 == $ENV.REL_SHA' \
    -- @$FX/rel --json --sig ../sig/rel.asc Electrum-4.6.2.tar.gz
t 'json: unreadable FILE: could-not-check' 2 'json:.verdict == "could-not-check" and .exit == 2' \
    -- --json --sig sig/alice.asc no-such.bin
