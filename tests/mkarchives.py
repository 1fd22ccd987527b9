#!/usr/bin/env python3
"""tests/mkarchives.py: hostile archives and peer-output normalisers for the
manifest and compare tests (tests/archives.sh). Standard library only.

  mkarchives.py hostile OUTDIR       write the hostile tars and zips below
  mkarchives.py pe-certdir PE        print "OFFSET SIZE" of the certificate
                                     table (data directory entry 4)
  mkarchives.py elf-end ELF          print e_shoff + e_shnum * e_shentsize
  mkarchives.py mtree-norm FILE      an mtree (ours or bsdtar's) as sorted
  mkarchives.py json-norm FILE       lines "PATH TYPE MODE SIZE SHA256 LINK"
  mkarchives.py unsquashfs-norm FILE (tab-separated, "-" for a missing
                                     fact); FILE of unsquashfs-norm is the
                                     output of unsquashfs -lls
  The three normalisers take --nosha (SHA256 always "-"); the root entry
  ("", "." or bsdtar's "/.") is left out. Only regular files carry SIZE
  and SHA256, only symlinks LINK.
"""

import io
import json
import os
import re
import struct
import sys
import tarfile
import zipfile
import zlib

MTIME = 1700000000


# --- hostile archives -------------------------------------------------------

def tar_add(tf, name, data=b"", kind=tarfile.REGTYPE, link="", mode=0o644):
    ti = tarfile.TarInfo(name)
    ti.type = kind
    ti.mode = mode
    ti.mtime = MTIME
    ti.uid = ti.gid = 1000
    ti.uname = ti.gname = "user"
    ti.linkname = link
    if kind == tarfile.REGTYPE:
        ti.size = len(data)
        tf.addfile(ti, io.BytesIO(data))
    else:
        if kind == tarfile.DIRTYPE:
            ti.mode = 0o755
        elif kind == tarfile.SYMTYPE:
            ti.mode = 0o777
        tf.addfile(ti)


def write_tar(path, entries, fmt=tarfile.PAX_FORMAT):
    with tarfile.open(path, "w", format=fmt, encoding="utf-8",
                      errors="surrogateescape") as tf:
        for e in entries:
            tar_add(tf, *e)


def reg(name, data=b"data\n"):
    return (name, data)


def d(name):
    return (name, b"", tarfile.DIRTYPE)


def sym(name, target):
    return (name, b"", tarfile.SYMTYPE, target)


def hard(name, target):
    return (name, b"", tarfile.LNKTYPE, target)


def zip_write(path, entries, comment=b""):
    """entries: (name, data, deflate?); comment: the archive comment"""
    with zipfile.ZipFile(path, "w") as zf:
        zf.comment = comment
        for name, data, deflate in entries:
            zi = zipfile.ZipInfo(name, date_time=(2023, 11, 14, 22, 13, 20))
            zi.create_system = 3
            zi.external_attr = (0o100644 << 16)
            zi.compress_type = zipfile.ZIP_DEFLATED if deflate else zipfile.ZIP_STORED
            zf.writestr(zi, data)


def zip_patch_size(path, name, local=None, central=None):
    """Overwrites the uncompressed size of entry 'name' in its local header
    and/or its central directory header."""
    buf = bytearray(open(path, "rb").read())
    eocd = buf.rfind(b"PK\x05\x06")
    assert eocd >= 0
    cd_size, cd_off = struct.unpack_from("<II", buf, eocd + 12)
    p = cd_off
    bname = name.encode()
    while p < cd_off + cd_size:
        assert buf[p:p + 4] == b"PK\x01\x02"
        nlen, xlen, clen = struct.unpack_from("<HHH", buf, p + 28)
        loff = struct.unpack_from("<I", buf, p + 42)[0]
        if bytes(buf[p + 46:p + 46 + nlen]) == bname:
            if central is not None:
                struct.pack_into("<I", buf, p + 24, central)
            if local is not None:
                assert buf[loff:loff + 4] == b"PK\x03\x04"
                struct.pack_into("<I", buf, loff + 22, local)
            open(path, "wb").write(buf)
            return
        p += 46 + nlen + xlen + clen
    raise SystemExit("zip_patch_size: no entry %r" % name)


def hostile(out):
    os.makedirs(out, exist_ok=True)
    j = lambda n: os.path.join(out, n)
    ok = reg("ok.txt", b"fine\n")
    write_tar(j("dotdot.tar"), [ok, reg("../evil.txt"), reg("ok/../../evil2.txt")])
    write_tar(j("absolute.tar"), [ok, reg("/etc/evil.txt")])
    write_tar(j("backslash.tar"), [ok, reg("dir\\evil.txt")])
    write_tar(j("control.tar"), [ok, reg("bell\x07.txt")])
    # invalid UTF-8 (0xff) in a GNU tar name
    write_tar(j("badutf8.tar"), [ok, reg("bad\udcff.txt")], tarfile.GNU_FORMAT)
    write_tar(j("dup.tar"), [reg("a.txt", b"one\n"), reg("a.txt", b"two\n")])
    # GNU format keeps the name bytes; in a pax header libarchive converts
    # UTF-8 names and so normalises NFD to NFC (nfc-pax.tar)
    nfc = [reg("caf\u00e9.txt", b"nfc\n"), reg("cafe\u0301.txt", b"nfd\n")]
    write_tar(j("nfc.tar"), nfc, tarfile.GNU_FORMAT)
    write_tar(j("nfc-pax.tar"), nfc)
    write_tar(j("case.tar"), [reg("README", b"upper\n"), reg("readme", b"lower\n")])
    write_tar(j("belowlink.tar"), [d("sub"), sym("d", "sub"), reg("d/x.txt")])
    write_tar(j("hardfwd.tar"), [hard("h.txt", "target.txt"), reg("target.txt")])
    write_tar(j("hardok.tar"), [reg("target.txt"), hard("h.txt", "target.txt")])
    write_tar(j("symout.tar"), [ok, sym("up", "../../etc/passwd"),
                                sym("abs", "/etc/passwd"), d("sub"),
                                sym("sub/in", "../ok.txt")])
    write_tar(j("emptycomp.tar"), [ok, reg("a//b.txt")])
    # setuid, setgid, sticky (issue 16); modes.tar the same without
    write_tar(j("setid.tar"), [("suid", b"x\n", tarfile.REGTYPE, "", 0o4755),
                               ("sgid", b"x\n", tarfile.REGTYPE, "", 0o2755),
                               ("sticky", b"x\n", tarfile.REGTYPE, "", 0o1644),
                               ("plain", b"x\n", tarfile.REGTYPE, "", 0o755)])
    write_tar(j("modes.tar"), [(n, b"x\n", tarfile.REGTYPE, "", 0o755)
                               for n in ("suid", "sgid", "sticky", "plain")])
    write_tar(j("names.tar"), [d("names"), reg("names/back\\slash.txt", b"b\n"),
                               reg("names/new\nline.txt", b"n\n"),
                               reg("names/plain.txt", b"p\n")])
    zi = zipfile.ZipInfo("suid.bin", date_time=(2023, 11, 14, 22, 13, 20))
    zi.create_system, zi.external_attr = 3, 0o104755 << 16
    with zipfile.ZipFile(j("setid.zip"), "w") as zf:
        zf.writestr(zi, b"x\n")
    zip_write(j("dotdot.zip"), [("ok.txt", b"fine\n", False),
                                ("../evil.txt", b"evil\n", False)])
    # deflated data of 1000 bytes declared (local and central) as 10
    zip_write(j("sizelie.zip"), [("ok.txt", b"fine\n", False),
                                 ("lie.bin", bytes(range(250)) * 4, True)])
    zip_patch_size(j("sizelie.zip"), "lie.bin", local=10, central=10)
    # local header right (1000), central directory says 10
    zip_write(j("sizedisagree.zip"), [("ok.txt", b"fine\n", False),
                                      ("lie.bin", bytes(range(250)) * 4, True)])
    zip_patch_size(j("sizedisagree.zip"), "lie.bin", central=10)
    # 4 MiB of zeros declared as 10 bytes
    zip_write(j("bomb.zip"), [("bomb.bin", bytes(4 << 20), True)])
    zip_patch_size(j("bomb.zip"), "bomb.bin", local=10, central=10)
    # bytes after the end of central directory record (libarchive still
    # reads the zip); the junk of tests/archives.sh (JUNK_SIZE, JUNK_SHA)
    zip_write(j("junk-after.zip"), [("ok.txt", b"fine\n", False)])
    with open(j("junk-after.zip"), "ab") as f:
        f.write(b"JUNK after the end of the stream\n")
    # "\" (libarchive shows it as "/") and a control byte in zip names
    zip_write(j("backslash.zip"), [("ok.txt", b"fine\n", False),
                                   ("dir\\evil.txt", b"evil\n", False),
                                   ("bell\x07.txt", b"bell\n", False)])
    # an archive comment (after the end of central directory record); b:
    # another one of the same length; none: the same entries without
    for n, c in (("a", b"release build A\n"), ("b", b"release build B\n"),
                 ("none", b"")):
        zip_write(j("comment-%s.zip" % n), [("ok.txt", b"fine\n", False)], c)


# --- PE ---------------------------------------------------------------------

def pe_certdir_off(buf):
    lfanew = struct.unpack_from("<I", buf, 0x3C)[0]
    assert buf[lfanew:lfanew + 4] == b"PE\0\0", "not a PE"
    opt = lfanew + 24
    magic = struct.unpack_from("<H", buf, opt)[0]
    dirs = opt + (96 if magic == 0x10B else 112)
    return dirs + 4 * 8


def pe_certdir(path):
    buf = open(path, "rb").read()
    off, size = struct.unpack_from("<II", buf, pe_certdir_off(buf))
    print(off, size)


def elf_end(path):
    buf = open(path, "rb").read(64)
    assert buf[:4] == b"\x7fELF"
    if buf[4] == 2:
        shoff = struct.unpack_from("<Q", buf, 0x28)[0]
        shentsize, shnum = struct.unpack_from("<HH", buf, 0x3A)
    else:
        shoff = struct.unpack_from("<I", buf, 0x20)[0]
        shentsize, shnum = struct.unpack_from("<HH", buf, 0x2E)
    print(shoff + shentsize * shnum)


# --- normalisers ------------------------------------------------------------

def show(path):
    """A path as one printable token: bytes below 0x21, 0x7f and above,
    and the backslash as \\xNN."""
    if isinstance(path, str):
        path = path.encode("utf-8", "surrogateescape")
    return "".join(chr(c) if 0x21 <= c < 0x7F and c != 0x5C else "\\x%02x" % c
                   for c in path)


def norm_line(path, typ, mode, size, sha, link, nosha):
    if path.startswith(b"./"):
        path = path[2:]
    if path in (b"", b".", b"/."):	# bsdtar writes "./" as "/."
        return None
    if typ != "file":
        size = sha = None
    if typ != "link":
        link = None
    if nosha:
        sha = None
    f = lambda v: "-" if v is None else str(v)
    return "\t".join([show(path), typ, "%o" % mode if mode is not None else "-",
                      f(size), f(sha), show(link) if link is not None else "-"])


def mtree_unescape(tok):
    out = bytearray()
    i = 0
    while i < len(tok):
        c = tok[i]
        if c == 0x5C and i + 4 <= len(tok) and re.fullmatch(rb"[0-7]{3}", tok[i + 1:i + 4]):
            out.append(int(tok[i + 1:i + 4], 8) & 0xFF)
            i += 4
        elif c == 0x5C and i + 1 < len(tok):
            out.append(tok[i + 1])
            i += 2
        else:
            out.append(c)
            i += 1
    return bytes(out)


def mtree_norm(path, nosha):
    data = open(path, "rb").read()
    data = re.sub(rb"\\\n", b" ", data)	# continuation lines
    glob = {}
    out = []
    for line in data.split(b"\n"):
        line = line.strip()
        if not line or line.startswith(b"#"):
            continue
        toks = line.split()
        if toks[0] == b"/set":
            for t in toks[1:]:
                k, _, v = t.partition(b"=")
                glob[k] = v
            continue
        if toks[0] == b"/unset":
            for t in toks[1:]:
                glob.pop(t, None)
            continue
        kw = dict(glob)
        for t in toks[1:]:
            k, _, v = t.partition(b"=")
            kw[k] = v
        p = mtree_unescape(toks[0])
        typ = kw.get(b"type", b"file").decode()
        mode = int(kw[b"mode"], 8) if b"mode" in kw else None
        size = int(kw[b"size"]) if b"size" in kw else None
        sha = kw.get(b"sha256digest", kw.get(b"sha256"))
        sha = sha.decode().lower() if sha else None
        link = mtree_unescape(kw[b"link"]) if b"link" in kw else None
        ln = norm_line(p, typ, mode, size, sha, link, nosha)
        if ln:
            out.append(ln)
    return out


JSON_TYPES = {"file": "file", "dir": "dir", "symlink": "link",
              "hardlink": "hardlink", "other": "other"}


def json_norm(path, nosha):
    m = json.load(open(path, encoding="utf-8", errors="surrogateescape"))
    out = []
    for e in m["entries"]:
        p = e["path"].encode("utf-8", "surrogateescape")
        mode = int(e["mode"], 8) if e.get("mode") is not None else None
        link = e.get("link")
        link = link.encode("utf-8", "surrogateescape") if link is not None else None
        ln = norm_line(p, JSON_TYPES.get(e["type"], e["type"]), mode,
                       e.get("size"), e.get("sha256"), link, nosha)
        if ln:
            out.append(ln)
    return out


UNSQ_TYPES = {"-": "file", "d": "dir", "l": "link", "c": "char", "b": "block",
              "p": "fifo", "s": "socket"}
UNSQ_RE = re.compile(rb"^([-dlcbps])([-rwxsStT]{9}) \S+\s+(\d+|\d+,\s*\d+) "
                     rb"\d{4}-\d\d-\d\d \d\d:\d\d (squashfs-root.*)$")


def perm_mode(s):
    s = s.decode()
    m = 0
    for c, bit in zip(s, [0o400, 0o200, 0o100, 0o40, 0o20, 0o10, 4, 2, 1]):
        if c in "rwxst":
            m |= bit
    if s[2] in "sS":
        m |= 0o4000
    if s[5] in "sS":
        m |= 0o2000
    if s[8] in "tT":
        m |= 0o1000
    if s[2] == "S":
        m &= ~0o100
    if s[5] == "S":
        m &= ~0o10
    if s[8] == "T":
        m &= ~1
    return m


def unsquashfs_norm(path, nosha):
    out = []
    for line in open(path, "rb").read().split(b"\n"):
        mt = UNSQ_RE.match(line)
        if not mt:
            continue
        typ = UNSQ_TYPES[mt.group(1).decode()]
        name = mt.group(4)
        link = None
        if typ == "link":
            name, _, link = name.partition(b" -> ")
        name = name[len(b"squashfs-root"):].lstrip(b"/")
        size = int(mt.group(3)) if typ == "file" else None
        ln = norm_line(name, typ, perm_mode(mt.group(2)), size, None, link, True)
        if ln:
            out.append(ln)
    return out


def main(argv):
    if len(argv) < 2:
        raise SystemExit(__doc__)
    cmd, args = argv[1], argv[2:]
    nosha = "--nosha" in args
    args = [a for a in args if a != "--nosha"]
    if cmd == "hostile":
        hostile(args[0])
    elif cmd == "pe-certdir":
        pe_certdir(args[0])
    elif cmd == "elf-end":
        elf_end(args[0])
    elif cmd in ("mtree-norm", "json-norm", "unsquashfs-norm"):
        fn = {"mtree-norm": mtree_norm, "json-norm": json_norm,
              "unsquashfs-norm": unsquashfs_norm}[cmd]
        lines = fn(args[0], nosha)
        sys.stdout.write("".join(sorted(l + "\n" for l in lines)))
    else:
        raise SystemExit("mkarchives.py: unknown command %r\n%s" % (cmd, __doc__))


if __name__ == "__main__":
    main(sys.argv)
