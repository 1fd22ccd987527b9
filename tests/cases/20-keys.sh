# Pins and the key store: keys import / list / export, malformed pins files,
# a missing key store. The store ($T/store) is filled here for the later
# case files: alice bob carol dave erin frank grace; ivan stays missing.

S=$T/store
mkdir -p "$T/emptystore"

t 'keys list before any import: every test pin, all missing' 0 \
    "alice\\b.*$FPR_alice.*missing" "bob\\b.*$FPR_bob.*missing" "ivan\\b.*$FPR_ivan.*missing" '!present' \
    -- keys list
t 'verify before any import: no key material, could not check' 2 \
    'err:^electrum-verify: ' '!^VERIFIED' 'sh:[ ! -s "$OUT" ] || head -n 1 "$OUT" | grep -q "^COULD NOT CHECK"' \
    -- --sig sig/alice.asc data.bin

# keys import accepts keys whose primary fingerprint is pinned ...
t 'keys import: pinned RSA key (armoured)'       0 "$(imp alice)" -- keys import keys/alice.asc
t 'keys import: pinned RSA key again (binary)'   0 '(imported|unchanged).*\balice\b' '!err:not pinned' -- keys import keys/alice.gpg
t 'keys import: pinned ECDSA P-256 key'          0 "$(imp bob)"   -- keys import keys/bob.asc
t 'keys import: pinned Ed25519 key'              0 "$(imp carol)" -- keys import keys/carol.asc
t 'keys import: key signing through subkeys'     0 "$(imp dave)"  -- keys import keys/dave.asc
t 'keys import: expired key (erin) is accepted'  0 "$(imp erin)"  -- keys import keys/erin.asc
t 'keys import: two files at once'               0 "$(imp frank)" "$(imp grace)" -- keys import keys/frank.asc keys/grace.asc
# ... and refuses the others.
t 'keys import: unpinned key refused'            1 'err:not pinned' "!$(imp eve)" -- keys import keys/eve.asc
t 'keys import: look-alike of alice (same user ID) refused' 1 'err:not pinned' '!imported' \
    -- keys import keys/lookalike.asc
t 'keys import: pinned + unpinned: imports one, refuses the other, exit 1' 1 "$(imp alice)" 'err:not pinned' \
    "!$(imp eve)" -- keys import keys/eve.asc keys/alice.asc
t 'keys import: a key carrying alice as its subkey, before hers: refused, nothing imported' 2 \
    'err:dropped 1 of the 2 keys' '!imported' -- ELECTRUM_VERIFY_HOME=$T/store-mal keys import keys/mal+alice.asc
t 'keys import: a key carrying alice as its subkey, after hers: refused, nothing imported' 2 \
    'err:not unique' '!imported' 'sh:[ ! -e "$T/store-mal/keys" ] || [ -z "$(ls "$T/store-mal/keys")" ]' \
    -- ELECTRUM_VERIFY_HOME=$T/store-mal keys import keys/alice+mal.asc
t '--keyring with a key carrying alice as its subkey: could not check' 2 'err:not unique' '!^VERIFIED' \
    -- --keyring keys/alice+mal.asc --sig sig/alice.asc data.bin
t '--keyring where gpg drops alice for the key carrying her: could not check' 2 'err:dropped' '!^VERIFIED' \
    -- --keyring keys/mal+alice.asc --sig sig/alice.asc data.bin
t 'keys import: a pin on a SUBKEY fingerprint does not admit the key' 1 'err:not pinned' '!imported' \
    -- ELECTRUM_VERIFY_PINS=$FX/pins-subkey ELECTRUM_VERIFY_HOME=$T/store-sub keys import keys/dave.asc
t 'keys import: missing file'                    2 'err:^electrum-verify: .*no-such\.asc' -- keys import keys/no-such.asc

# Forged certifications by random issuers (tests/mkpgp.py junk-certs): gpg
# would keep them and the store file would grow past what store_read takes;
# only self-signatures are stored. Own store: $T/store-junk.
J=$T/store-junk
python3 "$TESTS/mkpgp.py" junk-certs "$FX/keys/alice.asc" "$T/junk1.pgp" 1258291 one &&
    python3 "$TESTS/mkpgp.py" junk-certs "$FX/keys/alice.asc" "$T/junk2.pgp" 1258291 two ||
    fx_die 'mkpgp.py junk-certs failed'
jsize() { [ "$(stat -c %s "$J/keys/$FPR_alice.pgp")" -lt 65536 ]; }
t 'keys import: alice + 1.2 MiB of forged certifications: imported, stored without them' 0 \
    "$(imp alice)" 'sh:[ "$(stat -c %s "$T/junk1.pgp")" -gt 1200000 ]' 'sh:jsize' \
    -- ELECTRUM_VERIFY_HOME=$J keys import "$T/junk1.pgp"
t 'keys import: 1.2 MiB of other forged certifications after: the store stays small' 0 \
    '(imported|unchanged).*\balice\b' '!err:not stored' 'sh:jsize' \
    -- ELECTRUM_VERIFY_HOME=$J keys import "$T/junk2.pgp"
t 'after the forged certifications a check by alice still verifies' 0 "$(ok_line data.bin 1 alice)" \
    -- ELECTRUM_VERIFY_HOME=$J --sig sig/alice.asc data.bin
t 'after the forged certifications keys list reads the store' 0 "alice\\b.*$FPR_alice.*present" \
    -- ELECTRUM_VERIFY_HOME=$J keys list

t 'keys list: imported pins present, ivan missing' 0 \
    "alice\\b.*$FPR_alice.*present" "bob\\b.*$FPR_bob.*present" "carol\\b.*$FPR_carol.*present" \
    "dave\\b.*$FPR_dave.*present" "erin\\b.*$FPR_erin.*present" "frank\\b.*$FPR_frank.*present" \
    "grace\\b.*$FPR_grace.*present" "ivan\\b.*$FPR_ivan.*missing" "!$FPR_eve" "!$FPR_lookalike" \
    -- keys list
t 'keys export alice: armoured, her key and not the look-alike' 0 \
    '^-----BEGIN PGP PUBLIC KEY BLOCK-----' \
    'sh:showkeys | grep -q "^fpr:::::::::$FPR_alice:"' \
    'sh:! showkeys | grep -q "$FPR_lookalike"' \
    'sh:[ "$(showkeys | grep -c "^pub:")" = 1 ]' \
    -- keys export alice
t 'keys export: every imported key' 0 '^-----BEGIN PGP PUBLIC KEY BLOCK-----' \
    'sh:[ "$(showkeys | grep -c "^pub:")" = 7 ]' 'sh:! showkeys | grep -q "$FPR_eve"' \
    -- keys export
t 'keys export dave: both signing subkeys kept' 0 '^-----BEGIN PGP PUBLIC KEY BLOCK-----' \
    'sh:showkeys | grep -q "^fpr:::::::::$SUB1_dave:" && showkeys | grep -q "^fpr:::::::::$SUB2_dave:"' \
    -- keys export dave
t 'keys export grace: the revocation kept' 0 '^-----BEGIN PGP PUBLIC KEY BLOCK-----' \
    'sh:showkeys | grep -q "^pub:r:"' \
    -- keys export grace

# A missing or empty key store: could not check (exit 2).
t 'no key store at all: could not check'   2 'err:^electrum-verify: ' '!^VERIFIED' \
    'sh:[ ! -s "$OUT" ] || head -n 1 "$OUT" | grep -q "^COULD NOT CHECK"' \
    -- ELECTRUM_VERIFY_HOME=$T/nostore --sig sig/alice.asc data.bin
t 'empty key store directory: could not check' 2 'err:^electrum-verify: ' '!^VERIFIED' \
    -- ELECTRUM_VERIFY_HOME=$T/emptystore --sig sig/alice.asc data.bin
t 'no key store, --json: verdict could-not-check, exit 2' 2 \
    'json:.verdict == "could-not-check" and .exit == 2' \
    -- ELECTRUM_VERIFY_HOME=$T/nostore --json --sig sig/alice.asc data.bin
t 'no key store: keys list shows every pin missing' 0 "alice\\b.*$FPR_alice.*missing" '!present' \
    -- ELECTRUM_VERIFY_HOME=$T/nostore keys list

t 'a pin on a SUBKEY fingerprint does not make its signatures count' '1|2' '!^VERIFIED' '!counted' \
    -- ELECTRUM_VERIFY_PINS=$FX/pins-subkey --sig sig/dave-sub1.asc data.bin

# Malformed pins files: exit 2, "FILE:LINE:" in the message.
t 'pins: a key ID instead of a fingerprint (line 3)' 2 'err:^electrum-verify: ' 'err:badpins-keyid:3:' \
    -- ELECTRUM_VERIFY_PINS=$FX/badpins-keyid keys list
t 'pins: a fingerprint with a non-hex digit (line 2)' 2 'err:^electrum-verify: ' 'err:badpins-nonhex:2:' \
    -- ELECTRUM_VERIFY_PINS=$FX/badpins-nonhex keys list
t 'pins: a line without URL (line 3)' 2 'err:^electrum-verify: ' 'err:badpins-nourl:3:' \
    -- ELECTRUM_VERIFY_PINS=$FX/badpins-nourl keys list
t 'pins: a 39-digit fingerprint (line 2)' 2 'err:^electrum-verify: ' 'err:badpins-short:2:' \
    -- ELECTRUM_VERIFY_PINS=$FX/badpins-short keys list
t 'pins: a NAME with a slash (line 2)' 2 'err:^electrum-verify: ' 'err:badpins-name:2:' \
    -- ELECTRUM_VERIFY_PINS=$FX/badpins-name keys list
t 'pins: a malformed pins file stops verification' 2 'err:badpins-keyid:3:' '!^VERIFIED' \
    -- ELECTRUM_VERIFY_PINS=$FX/badpins-keyid --sig sig/alice.asc data.bin
t 'pins: a malformed pins file stops keys import' 2 'err:badpins-keyid:3:' '!imported' \
    -- ELECTRUM_VERIFY_PINS=$FX/badpins-keyid keys import keys/alice.asc
t 'pins: ELECTRUM_VERIFY_PINS names a missing file' 2 'err:^electrum-verify: .*no-such-pins' \
    -- ELECTRUM_VERIFY_PINS=$FX/no-such-pins keys list
t 'pins: without ELECTRUM_VERIFY_PINS the built-in pins are used' 0 \
    'ThomasV\b.*6694D8DE7BE8EE5631BED9502BD5824B7F9470E6' '!alice' \
    -- -ELECTRUM_VERIFY_PINS keys list

# A text-mode signature beside binary ones over a 2 MiB text file (issue
# 12): the canonical-text digest runs on a worker thread of its own beside
# SHA-512's while the reader hashes SHA-256 (this case file runs under
# make check-tsan).
cat "$FX/sig/txt-block.asc" "$FX/sig/sha512.asc" "$FX/sig/bob.asc" > "$T/txt-threads.asc"
t 'text-mode + SHA-512 + SHA-256 signatures over one text file: each judged in the one read' 1 \
    "1:$(nok_line txt/block.txt)" "^ +#1 +GOOD +not-counted +alice" "^ +#2 +BAD +[a-z-]+ +alice" \
    -- --sig "$T/txt-threads.asc" txt/block.txt
