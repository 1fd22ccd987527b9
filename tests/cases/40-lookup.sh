# Default signature lookup when --sig is not given: FILE.asc, else FILE.sig,
# else every FILE.SIGNER.asc beside FILE, read together. Each lk/CASE
# directory holds data.bin and the signature files named in fixtures.sh.

L=$FX/lk
OK_A="$(ok_line data.bin 1 alice)"

t 'lookup: FILE.asc beside FILE'                      0 "1:$OK_A" '^ +#1 +GOOD +counted +alice' -- @$L/asc data.bin
t 'lookup: FILE.sig when there is no FILE.asc'        0 "1:$(ok_line data.bin 1 bob)" -- @$L/sig data.bin
t 'lookup: all FILE.SIGNER.asc read together'         0 "1:$(ok_line data.bin 3 'alice, bob, carol')" \
    -- @$L/multi --min-sigs 3 data.bin
t 'lookup: FILE.asc wins over FILE.sig and FILE.SIGNER.asc' 0 "1:$OK_A" '!^ +#2' '!bob' '!carol' -- @$L/prec data.bin
t 'lookup: the signer is the key that signed, not the name in FILE.SIGNER.asc' 0 "1:$OK_A" \
    '!counted +bob' -- @$L/misnamed data.bin
t 'lookup: one BAD FILE.SIGNER.asc spoils the set'    1 "1:$(nok_line data.bin).*BAD signature from bob" \
    -- @$L/multibad data.bin
t 'lookup: nothing beside FILE: no signature found'   2 "1:$(cnc_line data.bin)no signature found" \
    -- @$L/none data.bin
t 'lookup: --sig overrides the files beside FILE'     0 "1:$(ok_line data.bin 1 bob)" '!alice' \
    -- @$L/asc --sig ../../sig/bob.asc data.bin
t 'lookup: FILE given with a directory part'          0 "1:^VERIFIED: '[^']*data\.bin' is signed by 1 pinned $(pl 1 signer): alice$" \
    -- lk/asc/data.bin
t 'lookup: FILE given by absolute path'               0 "1:^VERIFIED: '[^']*data\.bin' is signed by 3 pinned $(pl 3 signer): alice, bob, carol$" \
    -- @/ $L/multi/data.bin
# X.tar.gz.asc beside X.tar is the signature of X.tar.gz: "gz" (like any
# file-type extension, in any case) is never read as a SIGNER of X.tar
mkdir -p "$L/ext"
cp "$L/none/data.bin" "$L/ext/X.tar"
cp "$L/asc/data.bin.asc" "$L/ext/X.tar.gz.asc"
cp "$L/asc/data.bin.asc" "$L/ext/X.tar.SHA256.asc"
t 'lookup: X.tar.gz.asc is not a FILE.SIGNER.asc of X.tar' 2 "1:$(cnc_line X.tar)no signature found" \
    '!alice' -- @$L/ext X.tar
