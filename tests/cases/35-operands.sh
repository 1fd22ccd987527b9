# What people type (issue 11, point 3): a signature given as FILE checks
# the file it signs, beside it, and says so; two operands, one of them a
# signature (told by its content, not its name), are --sig SIG FILE in
# either order; anything else ambiguous is a one-line hint (exit 2), never
# a check of the wrong file. Store: alice bob carol ... (20-keys.sh).

D=data.bin
OK1="$(ok_line $D 1 alice)"
NOTE="err:^electrum-verify: 'data\\.bin\\.asc' is a signature: checking the file it signs, 'data\\.bin'\$"

# Operands named without a hint, and signatures with no file beside them.
O35=$T/operands
mkdir -p "$O35/orphan" "$O35/orphan-signer" "$O35/tampered" || fx_die "cannot make $O35"
cp "$FX/data.bin" "$FX/other.bin" "$O35/" &&
    cp "$FX/sig/alice.asc" "$O35/alice-signature" &&
    cp "$FX/sig/bob.sig" "$O35/bob-signature" &&
    cp "$FX/keys/alice.asc" "$O35/alice-key.asc" &&
    cp "$FX/data.bin" "$O35/notasig.asc" &&
    cp "$FX/sig/alice.asc" "$O35/orphan/gone.tar.gz.asc" &&
    cp "$FX/sig/alice.asc" "$O35/orphan-signer/gone.bin.alice.asc" &&
    cp "$FX/tampered.bin" "$O35/tampered/data.bin" &&
    cp "$FX/sig/alice.asc" "$O35/tampered/data.bin.asc" ||
    fx_die "cannot fill $O35"
# data whose first byte is an old-format public key packet header (0x99),
# with no key behind it
{ printf '\231\377\377'; head -c 4096 "$FX/data.bin"; } > "$O35/x99.bin" || fx_die 'cannot make x99.bin'
cp "$FX/sig/alice.asc" "$O35/x99.bin.asc" || fx_die 'cannot copy x99.bin.asc'

# --- a signature as FILE -------------------------------------------------------
t 'X.asc as FILE: checks X, says so in one line' 0 "1:$OK1" "$NOTE" '^signature: data\.bin\.asc$' \
    -- @$FX/lk/asc data.bin.asc
t_same 'X.asc as FILE = --sig X.asc X' 0 "1:$OK1" -- @$FX/lk/asc data.bin.asc --- @$FX/lk/asc --sig data.bin.asc data.bin
t 'X.sig (binary) as FILE: checks X' 0 "1:$(ok_line $D 1 bob)" \
    "err:'data\\.bin\\.sig' is a signature: checking the file it signs, 'data\\.bin'\$" -- @$FX/lk/sig data.bin.sig
t "X.SIGNER.asc as FILE: checks X with every signer's file beside it" 0 "1:$(ok_line $D 3 'alice, bob, carol')" \
    "err:'data\\.bin\\.bob\\.asc' is a signature: checking the file it signs, 'data\\.bin', with every signer's signature beside it" \
    '^signature: data\.bin\.alice\.asc$' '^signature: data\.bin\.carol\.asc$' -- @$FX/lk/multi data.bin.bob.asc
t 'X.SIGNER.asc as FILE, X.asc beside it too: that one signature only' 0 "1:$(ok_line $D 1 carol)" \
    '^signature: data\.bin\.carol\.asc$' '!^signature: data\.bin\.asc$' -- @$FX/lk/prec data.bin.carol.asc
t 'X.asc as FILE over a tampered X: BAD, X checked, not the .asc' 1 "1:$(nok_line $D).*BAD signature from alice" \
    -- @$O35/tampered data.bin.asc
t 'X.asc as FILE with --json: stdout stays one JSON receipt for X' 0 'json:.verdict == "verified" and .file.name == "data.bin"' \
    "$NOTE" -- @$FX/lk/asc --json data.bin.asc
t 'X.asc as FILE with --quiet: the verdict line only, no note' 0 "1:$OK1" 'lines=1' '!err:is a signature' \
    -- @$FX/lk/asc --quiet data.bin.asc
t 'check X.asc spelled out: the same' 0 "1:$OK1" "$NOTE" -- @$FX/lk/asc check data.bin.asc

# --- two operands: a signature and the file it signs, in either order ----------
t_same 'SIG FILE = --sig SIG FILE' 0 "1:$OK1" -- sig/alice.asc $D --- --sig sig/alice.asc $D
t_same 'FILE SIG = --sig SIG FILE' 0 "1:$OK1" -- $D sig/alice.asc --- --sig sig/alice.asc $D
t_same 'FILE SIG, binary signature' 0 "1:$(ok_line $D 1 bob)" -- $D sig/bob.sig --- --sig sig/bob.sig $D
t 'FILE SIG over tampered data: BAD' 1 "1:$(nok_line tampered.bin).*BAD signature from alice" -- tampered.bin sig/alice.asc
t 'SIG FILE over tampered data: BAD' 1 "1:$(nok_line tampered.bin).*BAD signature from alice" -- sig/alice.asc tampered.bin
t 'an armoured signature named without .asc: told by its content' 0 "1:$OK1" -- @$O35 alice-signature $D
t 'a binary signature named without .sig: told by its content' 0 "1:$(ok_line $D 1 bob)" -- @$O35 $D bob-signature
t 'a data file named .asc is no signature: two data files' 2 "err:^electrum-verify: neither 'notasig\\.asc' nor 'data\\.bin' is an OpenPGP signature" \
    '!^VERIFIED' -- @$O35 notasig.asc $D
t 'SIG FILE with the file missing: cannot open it' 2 "err:^electrum-verify: cannot open 'no-such\\.bin'" '!^VERIFIED' \
    -- sig/alice.asc no-such.bin

# --- anything else ambiguous: one line, exit 2, nothing checked ------------------
t 'two data files: a hint' 2 "err:^electrum-verify: neither 'data\\.bin' nor 'other\\.bin' is an OpenPGP signature: give one file to check" \
    '!^VERIFIED' 'lines=0' -- $D other.bin
t 'two signatures: a hint' 2 "err:^electrum-verify: 'sig/alice\\.asc' and 'sig/bob\\.sig' are both signatures: give the file they sign" \
    'lines=0' -- sig/alice.asc sig/bob.sig
t 'a signature and a public key: the key named' 2 "err:^electrum-verify: 'keys/alice\\.asc' holds OpenPGP public keys, not a file to check or a signature" \
    'lines=0' -- sig/alice.asc keys/alice.asc
t 'a data file and a public key .asc: the key named, not read as a signature' 2 \
    "err:^electrum-verify: 'alice-key\\.asc' holds OpenPGP public keys, not a file to check or a signature: add them with 'electrum-verify keys import alice-key\\.asc'" \
    'lines=0' -- @$O35 $D alice-key.asc
t 'a binary public key as FILE: the key named' 2 "err:^electrum-verify: 'keys/alice\\.gpg' holds OpenPGP public keys" 'lines=0' -- keys/alice.gpg
t 'data starting like a key packet: checked as data, not called a key' 1 "1:$(nok_line x99.bin)BAD signature from alice" \
    '!err:public keys' -- @$O35 x99.bin
t 'a public key as FILE: the key named' 2 "err:^electrum-verify: 'keys/alice\\.asc' holds OpenPGP public keys" 'lines=0' -- keys/alice.asc
t 'a public key as FILE with --keyring: no word of importing' 2 "err:holds OpenPGP public keys, not a file to check or a signature: give keys with --keyring\$" \
    '!err:import' 'lines=0' -- --keyring keys/bob.asc keys/alice.asc
t 'a signature whose file is not beside it: the name looked for' 2 \
    "err:^electrum-verify: 'gone\\.tar\\.gz\\.asc' is a signature, but the file it signs is not beside it \\(looked for 'gone\\.tar\\.gz'\\): give that file too" \
    'lines=0' -- @$O35/orphan gone.tar.gz.asc
t 'a per-signer signature whose file is not beside it: both names looked for' 2 \
    "err:not beside it \\(looked for 'gone\\.bin\\.alice' and 'gone\\.bin'\\)" 'lines=0' -- @$O35/orphan-signer gone.bin.alice.asc
t 'a signature named without .asc as FILE: give the file it signs' 2 \
    "err:^electrum-verify: 'alice-signature' is an OpenPGP signature, not a file to check: give the file it signs too" \
    'lines=0' -- @$O35 alice-signature
t '--sig and two operands: usage' 2 'err:^electrum-verify: give exactly one file to check' 'lines=0' -- --sig sig/alice.asc $D other.bin
t 'a folder and a signature: a hint' 2 "err:'lk' is a folder: a signature goes with the one file it signs" 'lines=0' -- sig/alice.asc lk
t 'three operands: usage' 2 'err:^electrum-verify: give exactly one file to check' 'lines=0' -- $D other.bin sig/alice.asc
