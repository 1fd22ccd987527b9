#!/usr/bin/env python3
"""mkapk.py: turn a zip into an APK-shaped file for the tests.

    python3 tests/mkapk.py IN.zip OUT.apk [--block ID_HEX:LEN ...]
                                          [--no-block]
        Inserts an APK Signing Block between the last entry and the
        central directory of IN.zip and fixes the end record's central
        directory offset. The block (as apksigner lays it out):
            u64 size (of the block without this field)
            pairs: u64 length (of id + value), u32 id, value
            u64 size (again)
            "APK Sig Block 42"
        Pairs: a v2 block (id 0x7109871a, 100 deterministic bytes), then
        one pair per --block option (ID in hex, LEN value bytes), then a
        verity padding pair (id 0x42726577) that makes the whole block a
        multiple of 4096 bytes, as apksigner does. --no-block copies the
        zip unchanged (a plain zip named .apk).

    python3 tests/mkapk.py --mismatch IN.zip OUT.zip
        Renames the first file entry in the central directory only (last
        byte of its name changed, same length), so the central directory
        and that entry's local header disagree.

    python3 tests/mkapk.py --v1 KIND IN.zip OUT.zip
        IN.zip signed by jarsigner (v1: MANIFEST.MF, CERT.SF, CERT.RSA),
        rewritten with one change that needs no key (issue 16):
          rsa-extra   a META-INF/X.RSA holding a payload (no X.SF)
          mf-attr     MANIFEST.MF's main section gains "X-Payload: ..."
          mf-stale    classes.dex changed, the v1 digests left as they are
          rsa-unauth  CERT.RSA gains an unauthenticated attribute
                      (tests/mkpe.py sig=unauth-attr)

Only the standard library is used; the output depends only on the
arguments and IN.zip.
"""
import struct
import sys

V2_ID = 0x7109871a
VERITY_ID = 0x42726577
MAGIC = b"APK Sig Block 42"
PAGE = 4096


def value(n, seed):
    return bytes((i * 13 + seed) % 251 for i in range(n))


def find_eocd(data):
    for i in range(len(data) - 22, max(-1, len(data) - 65558), -1):
        if data[i:i + 4] == b"PK\5\6":
            clen = struct.unpack_from("<H", data, i + 20)[0]
            if i + 22 + clen == len(data):
                return i
    sys.exit("mkapk.py: no end of central directory record")


def signing_block(extra):
    pairs = b""
    for ident, n in [(V2_ID, 100)] + extra:
        pairs += struct.pack("<QI", 4 + n, ident) + value(n, ident & 0xff)
    total = 8 + len(pairs) + 8 + 16
    if total % PAGE:
        pad = PAGE - total % PAGE
        if pad < 12:
            pad += PAGE
        pairs += struct.pack("<QI", pad - 8, VERITY_ID) + bytes(pad - 12)
    size = len(pairs) + 8 + 16
    return struct.pack("<Q", size) + pairs + struct.pack("<Q", size) + MAGIC


def insert_block(data, extra):
    eocd = find_eocd(data)
    cd_size, cd_off = struct.unpack_from("<II", data, eocd + 12)
    block = signing_block(extra)
    out = bytearray(data[:cd_off] + block + data[cd_off:])
    struct.pack_into("<I", out, eocd + len(block) + 16, cd_off + len(block))
    return out


def mismatch(data):
    out = bytearray(data)
    eocd = find_eocd(data)
    count = struct.unpack_from("<H", data, eocd + 10)[0]
    pos = struct.unpack_from("<I", data, eocd + 16)[0]
    for _ in range(count):
        nlen, xlen, clen = struct.unpack_from("<HHH", data, pos + 28)
        name = pos + 46
        if nlen > 0 and data[name + nlen - 1] != ord("/"):
            last = name + nlen - 1
            out[last] = ord("y") if data[last] == ord("x") else ord("x")
            return out
        pos += 46 + nlen + xlen + clen
    sys.exit("mkapk.py: no file entry to rename")


def v1(kind, data):
    """The zip data with the --v1 change KIND, written by zipfile."""
    import io
    import zipfile
    import mkpe
    src = zipfile.ZipFile(io.BytesIO(data))
    ents = [(i, src.read(i)) for i in src.infolist()]
    if kind == "rsa-extra":
        z = zipfile.ZipInfo("META-INF/X.RSA", (2020, 1, 1, 0, 0, 0))
        ents.append((z, b"PAYLOAD hidden under a signature file name\n"))
    elif kind == "mf-attr":
        ents = [(i, d.replace(b"\r\n\r\n", b"\r\nX-Payload: evil\r\n\r\n",
                              1) if i.filename == "META-INF/MANIFEST.MF"
                 else d) for i, d in ents]
    elif kind == "mf-stale":
        ents = [(i, b"EVIL" + d[4:] if i.filename == "classes.dex" else d)
                for i, d in ents]
    elif kind == "rsa-unauth":
        ents = [(i, mkpe.sig_tamper("unauth-attr", d)
                 if i.filename == "META-INF/CERT.RSA" else d)
                for i, d in ents]
    else:
        usage()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for i, d in ents:
            z.writestr(i, d)
    return out.getvalue()


def usage():
    sys.exit("usage: mkapk.py IN.zip OUT.apk [--block ID_HEX:LEN ...] "
             "[--no-block]\n       mkapk.py --mismatch IN.zip OUT.zip\n"
             "       mkapk.py --v1 KIND IN.zip OUT.zip")


def main(argv):
    extra, files = [], []
    no_block = do_mismatch = False
    v1_kind = None
    i = 0
    while i < len(argv):
        a = argv[i]
        if a == "--block" and i + 1 < len(argv):
            i += 1
            ident, _, n = argv[i].partition(":")
            try:
                extra.append((int(ident, 16), int(n, 0)))
            except ValueError:
                usage()
        elif a == "--no-block":
            no_block = True
        elif a == "--mismatch":
            do_mismatch = True
        elif a == "--v1" and i + 1 < len(argv):
            i += 1
            v1_kind = argv[i]
        elif a.startswith("-"):
            usage()
        else:
            files.append(a)
        i += 1
    if len(files) != 2:
        usage()
    with open(files[0], "rb") as f:
        data = f.read()
    if v1_kind is not None:
        out = v1(v1_kind, data)
    elif do_mismatch:
        out = mismatch(data)
    elif no_block:
        out = data
    else:
        out = insert_block(data, extra)
    with open(files[1], "wb") as f:
        f.write(out)


if __name__ == "__main__":
    main(sys.argv[1:])
