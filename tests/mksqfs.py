#!/usr/bin/env python3
"""mksqfs.py: squashfs images that read one way linearly and another way
through the kernel's (and squashfuse's) directory lookup, for the tests.

    python3 tests/mksqfs.py tree DIR
        Writes the fixture tree into DIR (which must not exist): 250 files
        with 104-byte names (the root's listing then spans several
        metadata blocks, so mksquashfs gives it a directory index), zzz
        ("GOOD"), sub/zzz ("EVIL"), sub2/a and sub2/hidden.

    python3 tests/mksqfs.py names DIR
        Writes a tree of some 2300 deterministic names (3000 drawn) into DIR: lengths 1 to
        255 bytes, spaces, dots, "-", "~", UTF-8 ("\u00e9", "\u4e2d"),
        a few subdirectories and symlinks: its listings take several
        headers and metadata blocks, and mksquashfs sorts them.

    python3 tests/mksqfs.py forge KIND IN OUT
        Copies the squashfs IN (made by mksquashfs -noI, so that its
        metadata is stored uncompressed) to OUT with one forgery:
          index        the root's last index entry points into sub's
                       listing: a lookup of "zzz" finds sub/zzz
          index-name   the first index entry's name differs (last byte)
                       from the first name of the run it points at
          unsorted     the root's first two names swapped (same length)
          past-size    sub2's size ends before its last entry ("hidden"),
                       which the kernel still reads: its header counts it
          inode-number the root's zzz entry carries sub/zzz's inode number
                       (the kernel's inode cache is keyed by that number)
          inode-dup    zzz's inode and its entry carry sub/zzz's number
          entry-type   the root's zzz entry says "directory"

    python3 tests/mksqfs.py lookup IMG NAME
        Prints "KERNEL LINEAR": the inode reference of NAME in the root as
        the kernel's squashfs_lookup finds it (through the directory
        index) and as a linear read of the listing finds it ("-" if not
        found). They differ for a forged index.

    python3 tests/mksqfs.py xattr FILE
        Sets the extended attribute user.electrum-test on FILE; exit 3 if
        the filesystem does not support it.

Only the standard library is used; outputs depend only on the arguments.
"""
import os
import random
import struct
import sys

META = 8192
SUPER = "<IIIIIHHHHHHQQQQQQQQ"


def die(msg):
    sys.exit("mksqfs.py: " + msg)


class Img:
    def __init__(self, path):
        self.d = bytearray(open(path, "rb").read())
        f = struct.unpack_from(SUPER, self.d)
        if f[0] != 0x73717368:
            die("%s: no squashfs superblock" % path)
        self.root, self.inot, self.dirt = f[11], f[15], f[16]

    # (blk, off) with off inside block blk of the table at 'table'
    def norm(self, table, blk, off):
        while True:
            h = struct.unpack_from("<H", self.d, table + blk)[0]
            if not h & 0x8000:
                die("compressed metadata block (make the image with -noI)")
            n = h & 0x7FFF
            if off < n:
                return blk, off
            off -= n
            blk += 2 + n

    def pos(self, table, blk, off):
        blk, off = self.norm(table, blk, off)
        return table + blk + 2 + off

    def get(self, table, blk, off, n):
        return bytes(self.d[self.pos(table, blk, off + i)] for i in range(n))

    def put(self, table, blk, off, data):
        for i, b in enumerate(data):
            self.d[self.pos(table, blk, off + i)] = b

    def inode(self, ref):
        blk, off = ref >> 16, ref & 0xFFFF
        c = Cur(self, self.inot, blk, off)
        typ, _, _, _, _, num = struct.unpack("<HHHHII", c.read(16))
        i = {"ref": ref, "type": typ, "num": num, "index": []}
        if typ == 1:
            start, _, size, doff, _ = struct.unpack("<IIHHI", c.read(16))
            i.update(start=start, size=size, off=doff, size_at=24, size_fmt="<H")
        elif typ == 8:
            _, size, start, _, icount, doff, _ = struct.unpack("<IIIIHHI", c.read(24))
            i.update(start=start, size=size, off=doff, size_at=20, size_fmt="<I")
            for _ in range(icount):
                at = c.off - off
                index, istart, nsize = struct.unpack("<III", c.read(12))
                i["index"].append({"at": at, "index": index, "start": istart,
                                   "name": c.read(nsize + 1)})
        return i

    def inode_put(self, ino, at, data):
        self.put(self.inot, ino["ref"] >> 16, (ino["ref"] & 0xFFFF) + at, data)

    # the directory's headers as a linear read finds them
    def listing(self, ino):
        c = Cur(self, self.dirt, ino["start"], ino["off"])
        p, heads = 0, []
        while p < ino["size"] - 3:
            count, start, inum = struct.unpack("<IIi", c.read(12))
            h = {"pos": p, "inum": inum, "ents": []}
            p += 12
            for _ in range(count + 1):
                at = (c.blk, c.off)
                eoff, diff, typ, size = struct.unpack("<HhHH", c.read(8))
                name = c.read(size + 1)
                h["ents"].append({"at": at, "name": name, "type": typ,
                                  "ref": (start << 16) | eoff, "num": inum + diff})
                p += 9 + size
            heads.append(h)
        return heads

    def entries(self, ino):
        return [e for h in self.listing(ino) for e in h["ents"]]

    def child(self, ino, name):
        for e in self.entries(ino):
            if e["name"] == name:
                return e
        die("no entry %r" % name)

    # squashfs_lookup (fs/squashfs/namei.c): the index, then a linear scan
    def kernel_lookup(self, ino, name):
        blk, length = ino["start"], 0
        for x in ino["index"]:
            if x["name"] > name:
                break
            length, blk = x["index"], x["start"]
        c = Cur(self, self.dirt, blk, (length + ino["off"]) % META)
        length += 3
        while length < ino["size"]:
            count, start, _ = struct.unpack("<IIi", c.read(12))
            length += 12
            for _ in range(count + 1):
                eoff, _, _, size = struct.unpack("<HhHH", c.read(8))
                n = c.read(size + 1)
                length += 9 + size
                if name[0] < n[0]:
                    return None
                if n == name:
                    return (start << 16) | eoff
        return None


class Cur:
    def __init__(self, img, table, blk, off):
        self.img, self.table, self.blk, self.off = img, table, blk, off

    def read(self, n):
        b = self.img.get(self.table, self.blk, self.off, n)
        self.off += n
        return b


def ent_put(img, e, at, data):
    img.put(img.dirt, e["at"][0], e["at"][1] + at, data)


def forge(kind, img):
    root = img.inode(img.root)
    sub = img.inode(img.child(root, b"sub")["ref"])
    evil = img.child(sub, b"zzz")
    good = img.child(root, b"zzz")
    if kind == "index":
        if not root["index"]:
            die("the root has no directory index")
        last = root["index"][-1]
        n = root["size"] - 40
        n -= (n + root["off"] - sub["off"]) % META
        if n < 0:
            die("the root's listing is too short")
        img.inode_put(root, last["at"], struct.pack("<II", n, sub["start"]))
    elif kind == "index-name":
        first = root["index"][0]
        at = first["at"] + 12 + len(first["name"]) - 1
        img.inode_put(root, at, bytes([first["name"][-1] ^ 1]))
    elif kind == "unsorted":
        a, b = img.listing(root)[0]["ents"][:2]
        if len(a["name"]) != len(b["name"]):
            die("the first two names differ in length")
        ent_put(img, a, 8, b["name"])
        ent_put(img, b, 8, a["name"])
    elif kind == "past-size":
        sub2 = img.inode(img.child(root, b"sub2")["ref"])
        last = img.entries(sub2)[-1]
        if last["name"] != b"hidden":
            die("sub2's last entry is not 'hidden'")
        size = sub2["size"] - 8 - len(last["name"])
        img.inode_put(sub2, sub2["size_at"], struct.pack(sub2["size_fmt"], size))
    elif kind in ("inode-number", "inode-dup"):
        head = [h for h in img.listing(root) if good in h["ents"]][0]
        diff = evil["num"] - head["inum"]
        if not -32768 <= diff < 32768:
            die("inode numbers too far apart")
        ent_put(img, good, 2, struct.pack("<h", diff))
        if kind == "inode-dup":
            img.inode_put(img.inode(good["ref"]), 12, struct.pack("<I", evil["num"]))
    elif kind == "entry-type":
        ent_put(img, good, 4, struct.pack("<H", 1))
    else:
        die("unknown forgery %r" % kind)


def tree(top):
    os.makedirs(top + "/sub")
    os.makedirs(top + "/sub2")
    files = {"zzz": b"GOOD\n", "sub/zzz": b"EVIL\n", "sub2/a": b"a\n",
             "sub2/hidden": b"hidden\n"}
    for i in range(1, 251):
        files["a%03d%s" % (i, "x" * 100)] = b"%d\n" % i
    for name, data in files.items():
        with open(os.path.join(top, name), "wb") as f:
            f.write(data)
        os.chmod(os.path.join(top, name), 0o644)


def names(top):
    rnd = random.Random(85)
    alpha = "abcxyz019 _.-~\u00e9\u4e2d"
    os.makedirs(top + "/big")
    for d, n in ((top, 300), (top + "/big", 2700)):
        for i in range(n):
            name = "".join(rnd.choice(alpha) for _ in range(rnd.choice((1, 2, 5, 30, 100, 250))))
            b = name.encode()[:255]
            while b:
                try:
                    b.decode()
                    break
                except UnicodeDecodeError:
                    b = b[:-1]
            p = os.path.join(os.fsencode(d), b)
            if b in (b"", b".", b"..") or os.path.lexists(p):
                continue
            if i % 9 == 0:
                os.mkdir(p)
            elif i % 13 == 0:
                os.symlink(b"t%d" % i, p)
            else:
                with open(p, "wb") as f:
                    f.write(b"%d\n" % i)


def main(argv):
    if len(argv) == 3 and argv[1] == "tree":
        tree(argv[2])
    elif len(argv) == 3 and argv[1] == "names":
        names(argv[2])
    elif len(argv) == 5 and argv[1] == "forge":
        img = Img(argv[3])
        forge(argv[2], img)
        open(argv[4], "wb").write(img.d)
    elif len(argv) == 4 and argv[1] == "lookup":
        img = Img(argv[2])
        root = img.inode(img.root)
        name = os.fsencode(argv[3])
        k = img.kernel_lookup(root, name)
        lin = [e["ref"] for e in img.entries(root) if e["name"] == name]
        print("%s %s" % ("-" if k is None else k, lin[0] if lin else "-"))
    elif len(argv) == 3 and argv[1] == "xattr":
        try:
            os.setxattr(argv[2], "user.electrum-test", b"1")
        except OSError as e:
            print("mksqfs.py: %s: %s" % (argv[2], e.strerror), file=sys.stderr)
            return 3
    else:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
