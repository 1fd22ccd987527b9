#!/usr/bin/env python3
"""tests/mktar.py: tar and .deb files that tar readers read differently
(libarchive, GNU tar, dpkg, Python's tarfile), for tests/cases/84-tar.sh.
Standard library only; the headers are written byte by byte.

  mktar.py OUTDIR      write the files below into OUTDIR

Each hostile file hides something (evil.sh, hidden.sh, b's bytes) from
one reader or another; electrum-verify must refuse it (exit 2), mark it,
or record the bytes outside the entries. The names say the trick:

  V.tar.gz         a 'V' volume header whose data is a "cover" header
                   (libarchive lists cover; GNU tar extracts evil.sh)
  A.tar            a Solaris ACL header 'A' whose data is an ACL and then
                   Python (libarchive reads the ACL; GNU tar extracts
                   evil.pth, an unknown type being a file to it)
  g-path.tar       a pax global header 'g' saying path=evil.sh
  g-off.tar, g-cr.tar  a.txt, b.txt; g-cr has a 'g' header between them
                   naming a.txt (GNU tar then overwrites a.txt with b's)
  size-T.tar       typeflag T (1 2 3 4 5 6) with size > 0 covering
                   hidden.sh; paxsize-5.tar the same by a pax "size"
  slash0.tar       typeflag '0' named "d/" whose data is hidden.sh
  slashnul.tar     typeflag '\\0' named "d/" (an old-style directory)
  slashpax.tar     typeflag '0', pax path "d/", data hidden.sh
  magic-X.tar      magic "ustarX00" with a prefix (Python adds it)
  magic-gnu.tar    GNU magic with a "prefix" (Python adds it, GNU not)
  magic-v7.tar     v7 (zero) magic with a prefix
  xdup.tar         one pax header with path twice
  bigpax.tar.gz    a 100 KB pax header (uname)
  bigu.tar.gz      300 pax headers of 480 KB unames each (memory)
  sparse.tar       pax GNU.sparse.* keys
  badsum.tar       the second header's checksum is wrong
  x-end.tar        a pax header right before the end of the archive
  L-pax.tar        a GNU long name and a pax path for one entry
  link0.tar        a regular file with a link target
  xattr.tar        SCHILY.xattr.* (security.capability, user.evil)
  acl.tar          a non-trivial SCHILY.acl.access
  acl-trivial.tar  an ACL saying only what the mode says (clean)
  fflags.tar       SCHILY.fflags=nodump
  contig.tar       typeflag '7' (contiguous file: a file, clean)
  junk.tar.gz      10 bytes of content, 200 KB of junk after the end
  gz-extra.tar.gz, gz-extra2.tar.gz  the same tar, gzip headers with an
                   extra field and a comment (different payloads)
  gz-plain.tar.gz  the same tar, no name, no time (gzip -n)
  gz-name.tar.gz   the same tar, a file name and a time (gzip, Python)
  good.deb         a clean package (usr/share/t/a)
  t0.deb, V.deb, magic.deb  data.tar with a '0' "l/" header over a
                   cover, a 'V' header, a "ustarX" header (dpkg installs
                   a file md5sums does not list)
  tail.deb         good.deb and 35 bytes after the last member
  pad.deb          odd-sized members padded with "Z", not "\\n"
  binary.deb       debian-binary "2.0\\nX\\n"
  cb.deb           control.tar with 8 files of 3000 bytes
  ln-hardsym-out.tar  a/b/s -> ../.., h a hard link to a/b/s, then h/x
                   (Python's tarfile makes h a symlink and writes x two
                   levels up)
  ln-hardsym-in.tar   s -> d, h a hard link to s, then h/x (lands in d/x)
  ln-chain.tar     sub/l2 -> .., l1 -> sub/l2/.. (outside, not lexically)
  ln-chain-ok.tar  sub/l2 -> d, l1 -> sub/l2/.. (inside: sub)
  ln-loop.tar      a -> b, b -> a
  ln-later.tar     l1 -> sub/l2/.. before sub/l2 -> .. exists
  ln-replaced.tar  x -> y, y -> .., then x/f (an extractor writes it one
                   level up), then y again, as a directory: the tree as
                   extracted no longer shows the way out
  ln-hardsym.deb   usr/share/t/s -> ../../../.., usr/share/t/h a hard link
                   to it, usr/share/t/h/x
  ln-chain.deb     usr/share/t/sub/l2 -> .., usr/share/t/l1 ->
                   sub/l2/../../../.. (outside through l2 only)
"""

import gzip
import hashlib
import io
import os
import struct
import sys
import tarfile
import zlib

MTIME = 1700000000
POSIX = b"ustar\x0000"
GNU = b"ustar  \0"
V7 = b"\0" * 8
EVIL = b"#!/bin/sh\necho pwned\n"
GOOD = b"good\n"


def hdr(name, size, typ=b"0", magic=POSIX, prefix=b"", link=b""):
    h = bytearray(512)
    h[0:len(name)] = name
    h[100:108] = b"0000644\0"
    h[108:116] = b"0001750\0"
    h[116:124] = b"0001750\0"
    h[124:136] = b"%011o\0" % size
    h[136:148] = b"%011o\0" % MTIME
    h[156:157] = typ
    h[157:157 + len(link)] = link
    h[257:265] = magic
    h[345:345 + len(prefix)] = prefix
    h[148:156] = b" " * 8
    h[148:156] = b"%06o\0 " % sum(h)
    return bytes(h)


def pad(b):
    return b + b"\0" * (-len(b) % 512)


def entry(name, data, typ=b"0", **kw):
    return hdr(name, len(data), typ, **kw) + pad(data)


def rec(k, v):
    s = b" %s=%s\n" % (k, v)
    n = len(s)
    while len(b"%d" % n) + len(s) != n:
        n = len(b"%d" % n) + len(s)
    return b"%d" % n + s


def pax(recs, typ=b"x"):
    data = b"".join(rec(k, v) for k, v in recs)
    return entry(b"PaxHeader", data, typ)


def finish(t):
    t += b"\0" * 1024
    return t + b"\0" * (-len(t) % 10240)


def gz(data, mtime=0, name=None, extra=None, comment=None):
    flg = (4 if extra is not None else 0) | (8 if name is not None else 0) | \
        (16 if comment is not None else 0)
    out = b"\x1f\x8b\x08" + bytes([flg]) + struct.pack("<I", mtime) + b"\x02\x03"
    if extra is not None:
        out += struct.pack("<H", len(extra)) + extra
    if name is not None:
        out += name + b"\0"
    if comment is not None:
        out += comment + b"\0"
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    out += c.compress(data) + c.flush()
    return out + struct.pack("<II", zlib.crc32(data), len(data) & 0xffffffff)


def write(out, name, data):
    with open(os.path.join(out, name), "wb") as f:
        f.write(data)


def hidden():
    """hidden.sh as an entry: the data of a header that should have none."""
    return entry(b"hidden.sh", EVIL)


def tars(out):
    evil_entry = entry(b"evil.sh", EVIL)
    cover = hdr(b"cover", len(evil_entry))
    write(out, "V.tar.gz", gzip.compress(finish(
        hdr(b"vol", 512, b"V", magic=GNU) + cover + evil_entry), mtime=0))
    acl = b"01000003\0user::rw-,group::r--,other::r--\0\nimport os; print('pwned')\n"
    write(out, "A.tar", finish(entry(b"evil.pth", acl, b"A") + entry(b"readme", GOOD)))
    write(out, "g-path.tar", finish(pax([(b"path", b"evil.sh")], b"g") +
                                    entry(b"readme", GOOD)))
    a, b = entry(b"a.txt", GOOD), entry(b"b.txt", b"evil\n")
    write(out, "g-off.tar", finish(a + b))
    write(out, "g-cr.tar", finish(a + pax([(b"path", b"a.txt")], b"g") + b))
    inner = hidden()
    for t in b"123456":
        typ = bytes([t])
        write(out, "size-%s.tar" % typ.decode(), finish(
            (entry(b"f", GOOD) if typ == b"1" else b"") +
            hdr(b"n", len(inner), typ, link=b"f" if typ in b"12" else b"") +
            inner))
    write(out, "paxsize-5.tar", finish(pax([(b"size", b"%d" % len(inner))]) +
                                       hdr(b"d", 0, b"5") + inner))
    write(out, "slash0.tar", finish(hdr(b"d/", len(inner), b"0") + inner))
    write(out, "slashnul.tar", finish(hdr(b"d/", 0, b"\0") + entry(b"a", GOOD)))
    write(out, "slashpax.tar", finish(pax([(b"path", b"d/")]) +
                                      hdr(b"f", len(inner)) + inner))
    write(out, "magic-X.tar", finish(entry(b"x", GOOD) +
                                     entry(b"x", EVIL, magic=b"ustarX00", prefix=b"p")))
    write(out, "magic-gnu.tar", finish(entry(b"x", GOOD) +
                                       entry(b"x", EVIL, magic=GNU, prefix=b"p")))
    write(out, "magic-v7.tar", finish(entry(b"x", GOOD) +
                                      entry(b"x", EVIL, magic=V7, prefix=b"p")))
    write(out, "xdup.tar", finish(pax([(b"path", b"good.txt"), (b"path", b"evil.sh")]) +
                                  entry(b"readme", GOOD)))
    write(out, "bigpax.tar.gz", gzip.compress(finish(
        pax([(b"uname", b"u" * 100000)]) + entry(b"f", GOOD)), mtime=0))
    z = gzip.GzipFile(os.path.join(out, "bigu.tar.gz"), "wb", mtime=0)
    u = pax([(b"uname", b"u" * 480000), (b"gname", b"g" * 480000)])
    for i in range(300):
        z.write(u + hdr(b"f%07d" % i, 0))
    z.write(b"\0" * 1024)
    z.close()
    write(out, "sparse.tar", finish(pax([(b"GNU.sparse.major", b"1"),
                                         (b"GNU.sparse.minor", b"0")]) + entry(b"f", GOOD)))
    bad = bytearray(entry(b"b", GOOD))
    bad[148:156] = b"%06o\0 " % (sum(bad) + 1 - sum(bad[148:156]) + 8 * 32)
    write(out, "badsum.tar", finish(entry(b"a", GOOD) + bytes(bad)))
    write(out, "x-end.tar", finish(entry(b"a", GOOD) + pax([(b"path", b"b")])))
    write(out, "L-pax.tar", finish(entry(b"././@LongLink", b"evil.sh\0", b"L", magic=GNU) +
                                   pax([(b"path", b"good.txt")]) + entry(b"f", GOOD)))
    write(out, "link0.tar", finish(entry(b"f", GOOD, link=b"target")))
    write(out, "xattr.tar", finish(pax([
        (b"SCHILY.xattr.security.capability", b"\x01\x00\x00\x02\x20\x00\x00\x00"),
        (b"SCHILY.xattr.user.evil", b"payload")]) + entry(b"readme", GOOD)))
    write(out, "acl.tar", finish(pax([(b"SCHILY.acl.access",
        b"user::rw-,user:nobody:rwx,group::r--,mask::rwx,other::r--")]) +
        entry(b"readme", GOOD)))
    write(out, "acl-trivial.tar", finish(pax([(b"SCHILY.acl.access",
        b"user::rw-,group::r--,other::r--")]) + entry(b"readme", GOOD)))
    write(out, "fflags.tar", finish(pax([(b"SCHILY.fflags", b"nodump")]) +
                                    entry(b"readme", GOOD)))
    write(out, "contig.tar", finish(entry(b"c", GOOD, b"7")))
    t = entry(b"f", b"0123456789") + b"\0" * 1024 + b"junk" * 50000
    write(out, "junk.tar.gz", gzip.compress(t, mtime=0))
    t = finish(entry(b"a", GOOD) + entry(b"b", b"bee\n"))
    write(out, "gz-extra.tar.gz", gz(t, extra=b"AB\x04\0AAAA", comment=b"one"))
    write(out, "gz-extra2.tar.gz", gz(t, extra=b"AB\x10\0HIDDEN PAYLOAD!", comment=b"two"))
    write(out, "gz-plain.tar.gz", gz(t))
    write(out, "gz-name.tar.gz", gz(t, mtime=MTIME, name=b"gz-name.tar"))


def ar(members, tail=b"", padding=b"\n"):
    out = b"!<arch>\n"
    for name, data in members:
        h = b"%-16s%-12d%-6d%-6d%-8s%-10d`\n" % (name, 0, 0, 0, b"100644", len(data))
        out += h + data + (padding if len(data) % 2 else b"")
    return out + tail


def control_tar(md5, extra=()):
    b = io.BytesIO()
    with tarfile.open(fileobj=b, mode="w", format=tarfile.GNU_FORMAT) as t:
        files = [("./control", b"Package: t\nVersion: 1\nArchitecture: all\n"
                  b"Maintainer: x <x@x>\nDescription: t\n"), ("./md5sums", md5)]
        for n, d in files + list(extra):
            ti = tarfile.TarInfo(n)
            ti.size, ti.mode, ti.mtime = len(d), 0o644, MTIME
            t.addfile(ti, io.BytesIO(d))
    return gzip.compress(b.getvalue(), mtime=0)


def md5line(data, path):
    return b"%s  %s\n" % (hashlib.md5(data).hexdigest().encode(), path)


def dirs():
    return b"".join(hdr(n, 0, b"5") for n in (b"./usr/", b"./usr/share/", b"./usr/share/t/"))


def deb(data, md5, binary=b"2.0\n", extra=(), more=(), **kw):
    return ar([(b"debian-binary", binary), (b"control.tar.gz", control_tar(md5, extra)),
               (b"data.tar.gz", gzip.compress(finish(dirs() + data), mtime=0))] +
              list(more), **kw)


def links(out):
    """The ln-* files (see the top)."""
    d, sym, hard = (lambda n: hdr(n, 0, b"5")), \
        (lambda n, t: hdr(n, 0, b"2", link=t)), \
        (lambda n, t: hdr(n, 0, b"1", link=t))
    write(out, "ln-hardsym-out.tar", finish(
        d(b"a/") + d(b"a/b/") + sym(b"a/b/s", b"../..") +
        hard(b"h", b"a/b/s") + entry(b"h/x", EVIL)))
    write(out, "ln-hardsym-in.tar", finish(
        d(b"d/") + sym(b"s", b"d") + hard(b"h", b"s") + entry(b"h/x", EVIL)))
    write(out, "ln-chain.tar", finish(
        d(b"sub/") + sym(b"sub/l2", b"..") + sym(b"l1", b"sub/l2/..")))
    write(out, "ln-chain-ok.tar", finish(
        d(b"sub/") + d(b"sub/d/") + sym(b"sub/l2", b"d") +
        sym(b"l1", b"sub/l2/..")))
    write(out, "ln-loop.tar", finish(sym(b"a", b"b") + sym(b"b", b"a")))
    write(out, "ln-later.tar", finish(
        sym(b"l1", b"sub/l2/..") + d(b"sub/") + sym(b"sub/l2", b"..")))
    write(out, "ln-replaced.tar", finish(
        sym(b"x", b"y") + sym(b"y", b"..") + entry(b"x/f", EVIL) + d(b"y/")))
    x = entry(b"./usr/share/t/h/x", EVIL)
    write(out, "ln-hardsym.deb", deb(
        sym(b"./usr/share/t/s", b"../../../..") +
        hard(b"./usr/share/t/h", b"./usr/share/t/s") + x,
        md5line(EVIL, b"usr/share/t/h/x")))
    write(out, "ln-chain.deb", deb(
        d(b"./usr/share/t/sub/") + sym(b"./usr/share/t/sub/l2", b"..") +
        sym(b"./usr/share/t/l1", b"sub/l2/../../../..") +
        entry(b"./usr/share/t/a", GOOD), md5line(GOOD, b"usr/share/t/a")))


def debs(out):
    a = entry(b"./usr/share/t/a", GOOD)
    write(out, "good.deb", deb(a, md5line(GOOD, b"usr/share/t/a")))
    ee = entry(b"./usr/share/t/evil", EVIL)
    cover_md5 = md5line(ee, b"usr/share/t/cover")
    write(out, "t0.deb", deb(hdr(b"./usr/share/t/l/", 512, b"0") +
                             hdr(b"./usr/share/t/cover", len(ee)) + ee, cover_md5))
    write(out, "V.deb", deb(hdr(b"vol", 512, b"V", magic=GNU) +
                            hdr(b"./usr/share/t/cover", len(ee)) + ee, cover_md5))
    write(out, "magic.deb", deb(a + hdr(b"./p/", 0, b"5") +
                                entry(b"usr/share/t/a", EVIL, magic=b"ustarX00", prefix=b"./p"),
                                md5line(GOOD, b"usr/share/t/a") + md5line(EVIL, b"p/usr/share/t/a")))
    write(out, "tail.deb", deb(a, md5line(GOOD, b"usr/share/t/a"),
                               tail=b"HIDDEN-PAYLOAD-after-last-member-xx"))
    # a member "_x" of 3 bytes (dpkg ignores it), padded with "Z"
    write(out, "pad.deb", deb(a, md5line(GOOD, b"usr/share/t/a"),
                              more=[(b"_x", b"abc")], padding=b"Z"))
    write(out, "binary.deb", deb(a, md5line(GOOD, b"usr/share/t/a"), binary=b"2.0\nX\n"))
    write(out, "cb.deb", deb(a, md5line(GOOD, b"usr/share/t/a"),
                             extra=[("./z%d" % i, bytes([65 + i]) * 3000) for i in range(8)]))


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: mktar.py OUTDIR")
    os.makedirs(sys.argv[1], exist_ok=True)
    tars(sys.argv[1])
    debs(sys.argv[1])
    links(sys.argv[1])


if __name__ == "__main__":
    main()
