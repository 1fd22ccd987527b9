#!/usr/bin/env python3
"""tests/mkzip.py: zips that hide content from one reader or another, for
tests/cases/83-zip.sh. Standard library only; the output depends only on
the arguments.

    python3 tests/mkzip.py OUTDIR
        Writes the zips of the functions below into OUTDIR and prints one
        line "NAME KEY=VALUE ..." per zip: the offsets, sizes and SHA-256
        that the cases check, if any.

The zips are written field by field (Python's zipfile cuts names at a NUL
and cannot give the local header another extra field than the central
directory). Entries are stored (method 0) unless deflate=True; times are
2020-01-01; made by Unix (3), version 2.0.
"""
import hashlib
import struct
import sys
import zlib

DOSTIME = (0, (40 << 9) | (1 << 5) | 1)     # 2020-01-01 00:00:00
UNIX, MSDOS = 3, 0
S_IFREG, S_IFDIR, S_IFLNK = 0o100000, 0o040000, 0o120000
S_IFCHR, S_IFIFO, S_IFSOCK = 0o020000, 0o010000, 0o140000


class Ent:
    """One entry. lextra/cextra: the local and central extra fields."""

    def __init__(self, name, data=b"", *, lname=None, lextra=b"",
                 cextra=b"", comment=b"", host=UNIX, mode=S_IFREG | 0o644,
                 attr=None, deflate=False, flags=0, descriptor=False,
                 version_needed=20):
        self.name = name if isinstance(name, bytes) else name.encode()
        self.lname = self.name if lname is None else lname
        self.data = data
        self.lextra, self.cextra, self.comment = lextra, cextra, comment
        self.made_by = host << 8 | 20
        self.attr = (mode << 16) if attr is None else attr
        self.method = 8 if deflate else 0
        self.flags = flags | (0x08 if descriptor else 0)
        self.descriptor = descriptor
        self.version_needed = version_needed
        if deflate:
            c = zlib.compressobj(9, zlib.DEFLATED, -15)
            self.cdata = c.compress(data) + c.flush()
        else:
            self.cdata = data
        self.crc = zlib.crc32(data)
        self.offset = None

    def local(self):
        sizes = (0, 0, 0) if self.descriptor else \
            (self.crc, len(self.cdata), len(self.data))
        h = struct.pack("<4sHHHHHIIIHH", b"PK\3\4", self.version_needed,
                        self.flags, self.method, DOSTIME[0], DOSTIME[1],
                        *sizes, len(self.lname), len(self.lextra))
        out = h + self.lname + self.lextra + self.cdata
        if self.descriptor:
            out += struct.pack("<4sIII", b"PK\7\10", self.crc,
                               len(self.cdata), len(self.data))
        return out

    def central(self):
        return struct.pack("<4sHHHHHHIIIHHHHHII", b"PK\1\2", self.made_by,
                           20, self.flags, self.method, DOSTIME[0],
                           DOSTIME[1], self.crc, len(self.cdata),
                           len(self.data), len(self.name), len(self.cextra),
                           len(self.comment), 0, 0, self.attr,
                           self.offset) + self.name + self.cextra + \
            self.comment


def eocd(n, cd_size, cd_off, comment=b""):
    return struct.pack("<4sHHHHIIH", b"PK\5\6", 0, 0, n, n, cd_size,
                       cd_off, len(comment)) + comment


def build(ents, *, comment=b"", between=None, central=None):
    """The zip of ents; between maps an index to bytes written after that
    entry's data; central (a list of entries) is the central directory if
    it is not ents."""
    out = b""
    for i, e in enumerate(ents):
        e.offset = len(out)
        out += e.local()
        out += (between or {}).get(i, b"")
    cd = b"".join(e.central() for e in (central or ents))
    return out + cd + eocd(len(central or ents), len(cd), len(out), comment)


def field(ident, data):
    return struct.pack("<HH", ident, len(data)) + data


def upath(header_name, real, ident=0x7075):
    return field(ident, b"\x01" + struct.pack("<I", zlib.crc32(header_name))
                 + real)


def sha(b):
    return hashlib.sha256(b).hexdigest()


def apk_base():
    return [Ent("AndroidManifest.xml", b"<manifest/>\n")]


# --- the fixtures ------------------------------------------------------------

def unicode_path(put):
    """up-off/up-evil: classes.dex and classes2.dex swapped by Info-ZIP
    Unicode Path fields (libarchive takes their name, Android the header's);
    up-rename: a new name; up-cd: the field in the central directory only;
    uc: a Unicode Comment field."""
    def two(swap):
        a = Ent("classes.dex", b"EVIL\n" if swap else b"GOOD\n")
        b = Ent("classes2.dex", b"GOOD\n" if swap else b"EVIL\n")
        if swap:
            a.lextra = a.cextra = upath(b"classes.dex", b"classes2.dex")
            b.lextra = b.cextra = upath(b"classes2.dex", b"classes.dex")
        return build(apk_base() + [a, b])
    put("up-off.zip", two(False))
    put("up-evil.zip", two(True))
    x = upath(b"classes.dex", b"other.dex")
    put("up-rename.zip", build(apk_base() + [
        Ent("classes.dex", b"code\n", lextra=x, cextra=x)]))
    put("up-cd.zip", build(apk_base() + [
        Ent("classes.dex", b"code\n", cextra=upath(b"classes.dex",
                                                   b"other.dex"))]))
    x = upath(b"classes.dex", b"a comment", 0x6375)
    put("uc.zip", build(apk_base() + [
        Ent("classes.dex", b"code\n", lextra=x, cextra=x)]))


def nonregular(put):
    """classes.dex with data but another type: in an APK (nr-TYPE.apk.zip,
    with AndroidManifest.xml) and in a plain zip (nr-TYPE.zip)."""
    data = b"OTHER CONTENT!!!"
    for t, mode in (("dir", S_IFDIR | 0o755), ("chr", S_IFCHR | 0o644),
                    ("fifo", S_IFIFO | 0o644), ("sock", S_IFSOCK | 0o644),
                    ("lnk", S_IFLNK | 0o777)):
        put("nr-%s-apk.zip" % t, build(apk_base() + [
            Ent("classes.dex", data, mode=mode)]))
        put("nr-%s.zip" % t, build([Ent("readme.txt", b"hi\n"),
                                    Ent("classes.dex", data, mode=mode)]))
    # the MS-DOS directory attribute, a name ending in "/", libarchive's
    # "xl" field (attributes in the local header, or central directory)
    put("nr-dosdir.zip", build([Ent("classes.dex", data, host=MSDOS,
                                    attr=0x10)]))
    put("nr-slash.zip", build([Ent("classes.dex/", data)]))
    xl = field(0x6c78, struct.pack("<BHI", 0x05, UNIX << 8 | 20,
                                   (S_IFDIR | 0o755) << 16))
    put("nr-xl.zip", build([Ent("classes.dex", data, lextra=xl)]))
    put("nr-xlcd.zip", build([Ent("classes.dex", data, cextra=xl)]))
    # fine in a plain zip: a symlink (its target is its data), an empty
    # directory; with a UT field, which is recorded
    ut = field(0x5455, struct.pack("<BI", 1, 1577836800))
    put("nr-ok.zip", build([Ent("d/", mode=S_IFDIR | 0o755),
                            Ent("d/f.txt", b"file\n", lextra=ut, cextra=ut),
                            Ent("d/link", b"f.txt", mode=S_IFLNK | 0o777)]))


def gaps(put):
    """gap: a local entry that the central directory leaves out;
    overlap: an entry whose data holds the next entry."""
    a, evil, b = Ent("a.txt", b"hello\n"), Ent("evil.sh", b"rm -rf ~\n"), \
        Ent("b.txt", b"world\n")
    z = build([a, evil, b], central=[a, b])
    put("gap.zip", z, gap_off=evil.offset,
        gap_size=b.offset - evil.offset,
        gap_sha=sha(z[evil.offset:b.offset]))
    inner = Ent("inner.txt", b"inside\n")
    blob = inner.local()
    outer = Ent("outer.bin", blob)
    outer.offset, inner.offset = 0, 30 + len(outer.name)
    cd = outer.central() + inner.central()
    z = outer.local() + cd + eocd(2, len(cd), len(outer.local()))
    put("overlap.zip", z, ov_off=inner.offset, ov_size=len(blob))


def eocds(put):
    """eocd2: a second central directory and end record in the comment of
    the first (libarchive reads the last); eocd-sig: "PK\\5\\6" in the
    comment."""
    a, evil = Ent("a.txt", b"hello\n"), Ent("evil.sh", b"rm -rf ~\n")
    body = a.local() + evil.local()
    a.offset, evil.offset = 0, len(a.local())
    cd = a.central() + evil.central()
    first = len(body) + len(cd)
    cd2 = a.central()
    rec2 = struct.pack("<4sHHHHIIH", b"PK\5\6", 0, 0, 1, 1, len(cd2),
                       first + 22, 5)
    put("eocd2.zip", body + cd + eocd(2, len(cd), len(body), cd2 + rec2))
    put("eocd-sig.zip", body + cd + eocd(2, len(cd), len(body),
                                         b"built by PK\5\6 tools"))


def extras(put):
    """ex-none/ex-more: the same APK, then an unknown extra field and a
    central directory comment on classes.dex; ex-align: zipalign's 0xd935
    field and zero padding only, and one comment; ex-bad: an extra field
    whose size runs past its area."""
    put("ex-none.zip", build(apk_base() + [Ent("classes.dex", b"GOOD")]))
    hidden = field(0xcafe, b"HIDDEN PAYLOAD / channel=evil; ".ljust(200,
                                                                   b"X"))
    ents = apk_base() + [Ent("classes.dex", b"GOOD", cextra=hidden,
                             comment=b"cd comment payload")]
    z = build(ents)
    # what the records hash: per entry with kept fields, u32 index, u16
    # local and u16 central length, then the fields; per comment, u32
    # index, u16 length, the comment
    xf = struct.pack("<IHH", 1, 0, len(hidden)) + hidden
    cf = struct.pack("<IH", 1, 18) + b"cd comment payload"
    cd_off = ents[0].offset + len(ents[0].local()) + len(ents[1].local())
    put("ex-more.zip", z, cd_off=cd_off, x_size=len(hidden), x_sha=sha(xf),
        c_sha=sha(cf))
    align = field(0xd935, struct.pack("<H", 4096) + bytes(3)) + bytes(6) + \
        bytes(2)
    put("ex-align.zip", build(apk_base() + [
        Ent("classes.dex", b"GOOD", lextra=align, cextra=field(0xcafe, b""),
            comment=b"c")]))
    put("ex-bad.zip", build([Ent("a.txt", b"a\n",
                                 cextra=struct.pack("<HH", 0x1234, 40) +
                                 b"short")]))


def names(put):
    """nul: a name with a NUL byte (libarchive and Python stop there, Java
    and Android do not)."""
    put("nul.zip", build([Ent("ok.txt", b"fine\n"),
                          Ent(b"a.txt\0.sh", b"#!/bin/sh\n")]))


def crc_forge(prefix, target):
    """4 bytes that make crc32(prefix + them) == target: CRC-32 is affine
    in the last 4 bytes, so solve the 32 linear equations."""
    base = zlib.crc32(prefix + bytes(4))
    cols = []
    for i in range(32):
        x = (1 << i).to_bytes(4, "little")
        cols.append((zlib.crc32(prefix + x) ^ base, 1 << i))
    want, sol = target ^ base, 0
    for bit in range(32):          # Gaussian elimination over GF(2)
        piv = next((c for c in cols if c[0] >> bit & 1), None)
        if piv is None:
            continue
        cols.remove(piv)
        cols = [(v ^ piv[0], m ^ piv[1]) if v >> bit & 1 else (v, m)
                for v, m in cols]
        if want >> bit & 1:
            want ^= piv[0]
            sol ^= piv[1]
    assert want == 0
    out = sol.to_bytes(4, "little")
    assert zlib.crc32(prefix + out) == target
    return out


def two_readings():
    """(P, D): D read as deflate data is P, read as stored data is D
    itself; same length, same CRC, so only the method tells them apart."""
    p = b"GOOD classes.dex\n" * 60
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    d = c.compress(p) + c.flush() + b"EVIL stored bytes\n"
    d = d.ljust(len(p) - 4, b"\0")
    d += crc_forge(d, zlib.crc32(p))
    return p, d


def cd_header(z, name):
    """Offset of the central directory header of entry 'name' in zip z."""
    pos = struct.unpack_from("<I", z, z.rfind(b"PK\5\6") + 16)[0]
    while z[pos:pos + 4] == b"PK\1\2":
        n, x, c = struct.unpack_from("<HHH", z, pos + 28)
        if z[pos + 46:pos + 46 + n] == name:
            return pos
        pos += 46 + n + x + c
    raise KeyError(name)


def headers(put):
    """The local header and the central directory disagreeing on one field
    of classes.dex (lh-FIELD.zip); lh-ok-*.zip agree. Fields at the local
    header's offsets: flags 6, method 8, CRC 14, sizes 18 and 22; +2 in
    the central directory."""
    p, d = two_readings()

    def one(name, edit=None, ent=None):
        e = ent or Ent("classes.dex", b"classes.dex content\n")
        z = bytearray(build(apk_base() + [e]))
        if edit:
            edit(z, e.offset, cd_header(z, b"classes.dex"))
        put(name, bytes(z))

    def method(local, central):
        def edit(z, lo, co):
            struct.pack_into("<H", z, lo + 8, local)
            struct.pack_into("<H", z, co + 10, central)
        return edit
    # stored in the local header, deflate in the central directory: the
    # same bytes, valid (size, CRC) as either
    one("lh-stored-deflate.zip", method(0, 8), Ent("classes.dex", d))
    # deflate in the local header (libarchive inflates), stored in the
    # central directory (Python reads the compressed bytes)
    g = Ent("classes.dex", p, deflate=True)

    def deflate_stored(z, lo, co):
        method(8, 0)(z, lo, co)
        struct.pack_into("<II", z, co + 16, zlib.crc32(g.cdata),
                         len(g.cdata))
        struct.pack_into("<I", z, co + 24, len(g.cdata))
    one("lh-deflate-stored.zip", deflate_stored, g)
    put("lh-ok-good.zip", build(apk_base() + [Ent("classes.dex", p)]),
        good_sha=sha(p), evil_sha=sha(d))

    def field_at(off, val, fmt="<H", where="local"):
        def edit(z, lo, co):
            struct.pack_into(fmt, z, (lo if where == "local" else co + 2)
                             + off, val)
        return edit
    one("lh-enc-cd.zip", field_at(6, 0x0001, where="cd"))
    one("lh-enc-local.zip", field_at(6, 0x0001))
    one("lh-desc-local.zip", field_at(6, 0x0008))
    one("lh-utf8-cd.zip", field_at(6, 0x0800, where="cd"))
    one("lh-crc.zip", field_at(14, 0x12345678, "<I", where="cd"))
    one("lh-size.zip", field_at(22, 1000, "<I", where="cd"))
    # zip64 sizes (0xffffffff in the header, the values in a 0x0001
    # field): the field's values count
    def z64(cvals):
        e = Ent("classes.dex", b"zip64 content\n",
                lextra=field(0x0001, struct.pack("<QQ", 14, 14)),
                cextra=field(0x0001, struct.pack("<QQ", *cvals)))

        def edit(z, lo, co):
            struct.pack_into("<II", z, lo + 18, 0xffffffff, 0xffffffff)
            struct.pack_into("<II", z, co + 20, 0xffffffff, 0xffffffff)
        return edit, e
    one("lh-ok-zip64.zip", *z64((14, 14)))
    one("lh-zip64.zip", *z64((1014, 14)))
    # a data descriptor (both headers flagged, local fields 0) that says
    # another CRC; and one that agrees
    one("lh-ok-desc.zip", None, Ent("classes.dex", b"desc\n",
                                    descriptor=True))

    def desc_crc(z, lo, co):
        at = z.index(b"PK\7\10", lo)
        struct.pack_into("<I", z, at + 4, 0xdeadbeef)
    one("lh-desc.zip", desc_crc, Ent("classes.dex", b"desc\n",
                                     descriptor=True))
    # the MS-DOS time, and extra fields both headers give, by meaning:
    # an extended timestamp (0x5455) as Info-ZIP writes it (mtime and
    # atime locally, mtime alone centrally) and an Info-ZIP Unix owner
    # (0x7875) with an empty central field agree; another mtime, another
    # field of unknown meaning (NTFS times, 0x000a), a field given twice
    # do not
    one("lh-time.zip", field_at(10, 0x1234, where="cd"))

    def ut(local, central, **kw):
        return Ent("classes.dex", b"ut content\n",
                   lextra=field(0x5455, struct.pack("<BII", 3, *local)),
                   cextra=field(0x5455, struct.pack("<BI", 3, central)), **kw)
    ux = field(0x7875, struct.pack("<BBIBI", 1, 4, 1000, 4, 1000))
    one("lh-ok-ut.zip", None, ut((1577836800, 1577836900), 1577836800,))
    one("lh-ok-ux.zip", None, Ent("classes.dex", b"ux content\n",
                                  lextra=ux, cextra=field(0x7875, b"")))
    one("lh-ut.zip", None, ut((1577836800, 1577836900), 1893456000))
    one("lh-ntfs.zip", None, Ent(
        "classes.dex", b"ntfs content\n",
        lextra=field(0x000a, bytes(4) + field(1, bytes(24))),
        cextra=field(0x000a, bytes(4) + field(1, b"\x01" + bytes(23)))))
    one("lh-twice.zip", None, Ent(
        "classes.dex", b"twice content\n",
        lextra=field(0x5455, struct.pack("<BI", 1, 1577836800)) +
        field(0x5455, struct.pack("<BI", 1, 1893456000)),
        cextra=field(0x5455, struct.pack("<BI", 1, 1577836800))))


def main(argv):
    if len(argv) != 2:
        sys.exit(__doc__)
    out = argv[1].rstrip("/") + "/"

    def put(name, data, **facts):
        with open(out + name, "wb") as f:
            f.write(data)
        print(name, " ".join("%s=%s" % kv for kv in sorted(facts.items())))
    for fn in (unicode_path, nonregular, gaps, eocds, extras, names,
               headers):
        fn(put)


if __name__ == "__main__":
    main(sys.argv)
