#!/usr/bin/env python3
"""Test .dmg images for the manifest and compare cases (no hdiutil on
Linux): an HFS+ or HFSX volume (TN1150: catalog, extents overflow and
attributes B-trees) wrapped in UDIF (koly trailer, XML property list,
blkx tables) with every chunk kind.

  mkdmg.py image OUT.dmg [VARIANT] [--hfsplus] [--node N] [--mib N]
      the test tree (tree_spec below) as OUT.dmg; VARIANT forges it:
        good        nothing forged
        small       a small tree (for the fuzz seeds)
        big         --mib N MiB of files (half random, half a pattern) in
                    1 MiB zlib chunks, as hdiutil writes them (make bench)
        badlate     big, its zlib chunk 12 inflating 512 bytes short (a
                    chunk the reader decompresses ahead)
        changed     README.txt has other content
        lzfse       one chunk of type LZFSE (0x80000007)
        lzma        one chunk of type LZMA (0x80000008)
        unknown     one chunk of type 0x80000042
        bigchunk    a zlib chunk claiming 32 MiB of sectors
        manychunks  a table of 200001 chunks (zero-fill, 1 sector each)
        truncated   a blkx table claiming more chunks than it holds
        overlap     two chunks covering the same sectors
        badzlib     a zlib chunk that inflates to fewer bytes than it claims
        nokoly      the trailer's magic damaged
        cycle       a catalog index node pointing at itself
        leafcount   the catalog header claims one leaf record too many
        deep        directories nested 300 deep
        journal     journaled, the journal holding a transaction
        nolink      a hard link whose inode is missing
        compressed  a decmpfs-compressed file (UF_COMPRESSED)
        rootxattr   an extended attribute on the root folder
        binorder    (HFSX) the catalog sorted case-insensitively
        csoutside   the trailer's code signature offset past the file
        ciorder     (with --hfsplus) the catalog sorted by binary order
        macho       Mach-O files (tests/mkmacho.py) signed, with
                    _CodeSignature/ and Contents/CodeResources, and the
                    image itself signed (a code signature after the
                    property list, named by the trailer)
        macho-local the same Mach-O files unsigned, without those
        macho-adhoc as a local arm64 build: the files with ad-hoc
                    signatures (as Apple's linker adds), without those
        macho-cms   as macho, the signatures not ad-hoc (a CMS blob of
                    stand-in bytes, as a Developer ID signature has)
        macho-differs, macho-junk, macho-blobjunk, macho-outside,
        macho-notlast, macho-vmsize, macho-padding, macho-fatgap
                    signed, one of them forged (MACHO_VARIANTS)
      --hfsplus writes an 'H+' volume (else HFSX, binary name order);
      --node N sets the catalog node size (512 makes a tree of several
      levels).
  mkdmg.py volume OUT.hfs [VARIANT] [--hfsplus] [--node N]
      the HFS+ volume alone
  mkdmg.py tree DIR       the same tree on disk (without the resource fork
                          and xattr, which Linux file systems lack)
  mkdmg.py peer DIR JSON  checks our JSON manifest against the volume as
                          7z x extracted it into DIR (the volume's folder):
                          every entry with its type, content and link
                          target, nothing more; hard links against 7z's
                          [HFS+ Private Data] inodes; resource forks and
                          xattrs (7z's NAME:rsrc and NAME:ATTR streams)
                          against our outside records. Prints the
                          differences; exit 1 if any
  mkdmg.py disk IMG JSON  checks our dmg-partition records against the raw
                          disk dmg2img wrote (the same bytes at the same
                          offsets), and prints the HFS+ partition's offset
"""
import base64
import bz2
import hashlib
import os
import struct
import sys
import zlib

BS = 4096
SECTOR = 512
HFS_EPOCH = 2082844800
T0 = 1700000000 + HFS_EPOCH
PRIV = "\0\0\0\0HFS+ Private Data"


def pattern(n, seed):
    """n bytes of a repeating 251-byte pattern (BLAKE3's test input)."""
    base = bytes((i * 7 + seed) % 251 for i in range(251))
    return (base * (n // 251 + 1))[:n]


BIG_MIB = [100]


def tree_spec(variant):
    """(path, kind, mode, content or target, extras) in no special order."""
    if variant in ("big", "badlate"):
        t = [("Electrum.app", "dir", 0o755, None, {}),
             ("Electrum.app/Contents", "dir", 0o755, None, {})]
        for i in range(BIG_MIB[0]):
            half = 1 << 19
            t.append(("Electrum.app/Contents/f%04d" % i, "file", 0o644,
                      os.urandom(half) + pattern(half, i % 251), {}))
        return t
    if variant == "small":
        return [
            ("a", "dir", 0o755, None, {}),
            ("a/f", "file", 0o644, b"small\n",
             {"xattr": ("com.example.x", b"x"), "rsrc": b"r" * 40}),
            ("l", "symlink", 0o755, b"a/f", {}),
            ("h1", "hardlink", 0o644, b"hard\n", {"inode": 1}),
            ("a/h2", "hardlink", 0o644, b"hard\n", {"inode": 1}),
        ]
    t = [
        ("Electrum.app", "dir", 0o755, None, {}),
        ("Electrum.app/Contents", "dir", 0o755, None, {}),
        ("Electrum.app/Contents/Info.plist", "file", 0o644,
         b"<plist><dict><key>CFBundleName</key><string>Electrum</string>"
         b"</dict></plist>\n", {}),
        ("Electrum.app/Contents/MacOS", "dir", 0o755, None, {}),
        ("Electrum.app/Contents/MacOS/run_electrum", "file", 0o755,
         pattern(300000, 1), {}),
        ("macos", "symlink", 0o755, b"Electrum.app/Contents/MacOS", {}),
        ("README.txt", "file", 0o644, b"Electrum test image\n"
         if variant != "changed" else b"Electrum test image, changed\n",
         {"xattr": ("com.example.note", b"hello xattr")}),
        ("res.txt", "file", 0o644, b"data fork\n",
         {"rsrc": pattern(700, 3)}),
        ("empty", "file", 0o600, b"", {}),
        ("frag.bin", "file", 0o644, pattern(10 * BS + 5, 9),
         {"fragments": True}),
        ("links", "dir", 0o755, None, {}),
        ("link1", "hardlink", 0o644, b"hard linked content\n", {"inode": 1}),
        ("links/link2", "hardlink", 0o644, b"hard linked content\n",
         {"inode": 1}),
        ("zeros.bin", "file", 0o644, bytes(64 * 1024), {}),
    ]
    if variant.startswith("macho"):
        t += macho_spec(variant)
    if variant == "deep":
        p = "deep"
        for _ in range(300):
            t.append((p, "dir", 0o755, None, {}))
            p += "/d"
    if variant == "nolink":
        t.append(("orphan", "hardlink", 0o644, None, {"inode": 99}))
    if variant == "compressed":
        t.append(("packed", "file", 0o644, b"", {"compressed": True}))
    return t


MACHO_VARIANTS = {
    # variant: (run_macho, libfat.dylib) as mkmacho.build arguments
    "macho": (("thin", True, 1), ("fat", True, 5)),
    "macho-local": (("thin", False, 1), ("fat", False, 5)),
    "macho-differs": (("thin", True, 1), ("fat", True, 6)),
    "macho-junk": (("thin", True, 1, "junk"), ("fat", True, 5)),
    "macho-blobjunk": (("thin", True, 1, "blobjunk"), ("fat", True, 5)),
    "macho-outside": (("thin", True, 1), ("fat", True, 5, "outside")),
    "macho-notlast": (("thin", True, 1, "notlast"), ("fat", True, 5)),
    "macho-vmsize": (("thin", True, 1, "vmsize"), ("fat", True, 5)),
    "macho-padding": (("thin", True, 1, "padding"), ("fat", True, 5)),
    "macho-fatgap": (("thin", True, 1), ("fat", True, 5, "fatgap")),
    "macho-cms": (("thin", True, 1, "cms"), ("fat", True, 5, "cms")),
    "macho-adhoc": (("thin", True, 1), ("fat", True, 5)),
}
# local builds: no _CodeSignature folder, no stapled ticket
MACHO_LOCAL = ("macho-local", "macho-adhoc")


def macho_spec(variant):
    """Mach-O files (tests/mkmacho.py) in the bundle: a thin and a fat
    binary, signed in the official variants, with the _CodeSignature
    folder and the stapled ticket (Contents/CodeResources); a 32-bit
    (i386) binary signed likewise; an arm64 binary unsigned in all."""
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import mkmacho
    run, lib = MACHO_VARIANTS[variant]
    c = "Electrum.app/Contents/"
    t = [(c + "Frameworks", "dir", 0o755, None, {}),
         (c + "Resources", "dir", 0o755, None, {}),
         (c + "MacOS/run_macho", "file", 0o755, mkmacho.build(*run), {}),
         (c + "Frameworks/libfat.dylib", "file", 0o755,
          mkmacho.build(*lib), {}),
         (c + "Resources/plain.so", "file", 0o755,
          mkmacho.build("thin", False, 9, None, True), {}),
         (c + "Resources/i386.so", "file", 0o755,
          mkmacho.build("thin", run[1], 11, None, False, True), {})]
    if run[1] and variant not in MACHO_LOCAL:
        t += [(c + "_CodeSignature", "dir", 0o755, None, {}),
              (c + "_CodeSignature/CodeResources", "file", 0o644,
               b"<plist><dict><key>files</key><dict/></dict></plist>\n",
               {}),
              (c + "CodeResources", "file", 0o644, b"s8ch" + bytes(60),
               {})]
    return t


# ---- HFS+ -------------------------------------------------------------------

def u16name(s):
    b = s.encode("utf-16-be")
    return struct.pack(">H", len(b) // 2) + b


def cat_key(parent, name):
    body = struct.pack(">I", parent) + u16name(name)
    return struct.pack(">H", len(body)) + body


def bsd(uid, gid, mode, special=0, oflags=0):
    return struct.pack(">IIBBHI", uid, gid, 0, oflags, mode, special)


def forkdata(size, extents):
    ext = b"".join(struct.pack(">II", s, c) for s, c in extents[:8])
    ext += bytes(64 - len(ext))
    total = sum(c for _, c in extents)
    return struct.pack(">QII", size, 0, total) + ext


def folder_rec(cnid, mode, valence):
    r = struct.pack(">hHII", 1, 0, valence, cnid)
    r += struct.pack(">IIIII", T0, T0, T0, T0, 0)
    r += bsd(501, 20, 0o040000 | mode)
    r += bytes(32) + struct.pack(">II", 0, 0)
    return r


def file_rec(cnid, mode, data, rsrc, fdtype=b"\0\0\0\0", creator=b"\0\0\0\0",
             special=0, oflags=0):
    r = struct.pack(">hHII", 2, 0, 0, cnid)
    r += struct.pack(">IIIII", T0, T0, T0, T0, 0)
    r += bsd(501, 20, mode, special, oflags)
    r += fdtype + creator + bytes(8) + bytes(16)
    r += struct.pack(">II", 0, 0)
    r += data + rsrc
    return r


def thread_rec(kind, parent, name):
    return struct.pack(">hH", kind, 0) + struct.pack(">I", parent) + \
        u16name(name)


def name_sort(name, hfsx):
    if hfsx:
        return name.encode("utf-16-be")
    return name.lower().encode("utf-16-be")


class Tree:
    """A B-tree file: records sorted by key, packed into nodes."""

    def __init__(self, ns, maxkey, attrs):
        self.ns, self.maxkey, self.attrs = ns, maxkey, attrs

    def build(self, records, forge=None):
        """records: [(sortkey, key bytes, data bytes)]. Returns the file."""
        ns = self.ns
        recs = sorted(records, key=lambda r: r[0])
        nodes = [None]                  # node 0: header
        levels = []
        leaves = self.pack([(k, d) for _, k, d in recs], -1, 1, nodes)
        levels.append(leaves)
        height = 1
        cur = leaves
        while len(cur) > 1:
            height += 1
            idx = []
            for num, firstkey in cur:
                key = firstkey
                if not self.attrs & 4:  # fixed-size index keys
                    key = key + bytes(self.maxkey + 2 - len(key))
                idx.append((key, struct.pack(">I", num)))
            cur = self.pack(idx, 0, height, nodes)
            levels.append(cur)
        root = cur[0][0] if recs else 0
        depth = height if recs else 0
        total = max(len(nodes), 8)
        leafrecs = len(recs) + (1 if forge == "leafcount" else 0)
        first = leaves[0][0] if recs else 0
        last = leaves[-1][0] if recs else 0
        hdr = struct.pack(">HIIIIHHII", depth, root, leafrecs, first, last,
                          ns, self.maxkey, total, total - len(nodes))
        hdr += struct.pack(">HIBBI", 0, ns, 0,
                           0xBC if self.cmp_bc else 0, self.attrs)
        hdr += bytes(64)
        user = bytes(128)
        mapn = ns - 14 - len(hdr) - len(user) - 8
        bitmap = bytearray(mapn)
        for i in range(len(nodes)):
            bitmap[i // 8] |= 0x80 >> (i % 8)
        nodes[0] = self.node(1, 0, [hdr, user, bytes(bitmap)])
        if forge == "cycle" and height > 1:
            # the root's first child pointer names the root itself
            rn = bytearray(nodes[root])
            off = struct.unpack(">H", rn[ns - 2:ns])[0]
            klen = struct.unpack(">H", rn[off:off + 2])[0] + 2
            rn[off + klen:off + klen + 4] = struct.pack(">I", root)
            nodes[root] = bytes(rn)
        out = b"".join(nodes)
        return out + bytes(total * ns - len(out)), total

    def node(self, kind, height, recs, flink=0, blink=0):
        ns = self.ns
        body = struct.pack(">IIbBHH", flink, blink, kind, height,
                           len(recs), 0)
        offs = []
        for r in recs:
            offs.append(len(body))
            body += r
        offs.append(len(body))
        table = b"".join(struct.pack(">H", o) for o in reversed(offs))
        if len(body) + len(table) > ns:
            raise ValueError("node overflow")
        return body + bytes(ns - len(body) - len(table)) + table

    def pack(self, items, kind, height, nodes):
        """Packs (key, data) items into nodes; returns [(num, firstkey)]."""
        groups, cur, size = [], [], 14
        for k, d in items:
            need = len(k) + len(d) + 2
            if cur and size + need + 2 > self.ns:
                groups.append(cur)
                cur, size = [], 14
            cur.append((k, d))
            size += need
        if cur:
            groups.append(cur)
        out = []
        base = len(nodes)
        for i, g in enumerate(groups):
            num = base + i
            flink = num + 1 if i + 1 < len(groups) else 0
            blink = num - 1 if i > 0 else 0
            nodes.append(self.node(kind, height, [k + d for k, d in g],
                                   flink, blink))
            out.append((num, g[0][0]))
        return out


class Volume:
    def __init__(self, variant, hfsx, node):
        self.variant, self.hfsx, self.catnode = variant, hfsx, node
        self.next_block = 1     # block 0: boot blocks + volume header
        self.data = {}          # block -> bytes
        self.xrecs = []         # extents overflow (key, data)

    def alloc(self, content, fragments=False):
        """Blocks for content; returns the extents."""
        n = (len(content) + BS - 1) // BS
        if n == 0:
            return []
        ext = []
        for i in range(n):
            chunk = content[i * BS:(i + 1) * BS]
            b = self.next_block
            self.data[b] = chunk
            self.next_block += 2 if fragments else 1
            if ext and ext[-1][0] + ext[-1][1] == b:
                ext[-1] = (ext[-1][0], ext[-1][1] + 1)
            else:
                ext.append((b, 1))
        return ext

    def fork(self, cnid, content, ftype=0, fragments=False):
        ext = self.alloc(content, fragments)
        for i in range(8, len(ext), 8):
            start = sum(c for _, c in ext[:i])
            key = struct.pack(">HBBII", 10, ftype, 0, cnid, start)
            more = ext[i:i + 8]
            data = b"".join(struct.pack(">II", s, c) for s, c in more)
            self.xrecs.append(((cnid, ftype, start), key,
                               data + bytes(64 - len(data))))
        return forkdata(len(content), ext)

    def build(self):
        # the catalog's name order: binary on HFSX (0xBC), case-insensitive
        # on H+; the *order variants sort by the other one
        hfsx = self.hfsx != (self.variant in ("binorder", "ciorder"))
        spec = tree_spec(self.variant)
        ids = {"": 2}
        cnid = 16
        recs, attrs = [], []
        folders, files = 1, 0
        valence = {2: 0}

        def add(parent, name, rec, thread_kind, own):
            recs.append(((parent, name_sort(name, hfsx)),
                         cat_key(parent, name), rec))
            recs.append(((own, b""), cat_key(own, ""),
                         thread_rec(thread_kind, parent, name)))
            valence[parent] = valence.get(parent, 0) + 1

        # the root folder and its thread
        recs.append(((1, name_sort("Electrum", hfsx)), cat_key(1, "Electrum"),
                     None))
        recs.append(((2, b""), cat_key(2, ""), thread_rec(3, 1, "Electrum")))
        # hard link inodes go into the private directory
        priv = cnid
        cnid += 1
        inodes = {}
        for path, kind, mode, content, extra in sorted(spec):
            parent = ids[os.path.dirname(path)]
            name = os.path.basename(path).replace(":", "/")
            me = cnid
            cnid += 1
            if kind == "dir":
                ids[path] = me
                folders += 1
                add(parent, name, ("folder", me, mode), 3, me)
                continue
            files += 1
            if kind == "hardlink":
                num = extra["inode"]
                if num not in inodes and content is not None:
                    inodes[num] = (content, mode)
                add(parent, name, file_rec(me, 0o100000 | mode,
                    forkdata(0, []), forkdata(0, []), b"hlnk", b"hfs+",
                    special=num), 4, me)
                continue
            rsrc = self.fork(me, extra.get("rsrc", b""), 0xFF)
            if kind == "symlink":
                data = self.fork(me, content)
                rec = file_rec(me, 0o120000 | mode, data, rsrc, b"slnk",
                               b"rhap")
            else:
                data = self.fork(me, content, 0,
                                 extra.get("fragments", False))
                rec = file_rec(me, 0o100000 | mode, data, rsrc,
                               oflags=0x20 if extra.get("compressed") else 0)
            add(parent, name, rec, 4, me)
            if "xattr" in extra:
                an, av = extra["xattr"]
                ab = an.encode("utf-16-be")
                body = struct.pack(">HIIH", 0, me, 0, len(ab) // 2) + ab
                key = struct.pack(">H", len(body)) + body
                val = struct.pack(">IIII", 0x10, 0, 0, len(av)) + av
                if len(val) % 2:
                    val += b"\0"
                attrs.append(((me, ab), key, val))
        if self.variant == "rootxattr":
            ab = "com.example.root".encode("utf-16-be")
            body = struct.pack(">HIIH", 0, 2, 0, len(ab) // 2) + ab
            attrs.append(((2, ab), struct.pack(">H", len(body)) + body,
                          struct.pack(">IIII", 0x10, 0, 0, 2) + b"ok"))
        # the private directory and the inodes
        add(2, PRIV, ("folder", priv, 0o000), 3, priv)
        folders += 1
        for num, (content, mode) in sorted(inodes.items()):
            files += 1
            me = cnid
            cnid += 1
            data = self.fork(me, content)
            add(priv, "iNode%d" % num,
                file_rec(me, 0o100000 | mode, data, forkdata(0, []),
                         special=2), 4, me)
        # folder records now that valences are known
        out = []
        for sk, k, r in recs:
            if r is None:
                r = folder_rec(2, 0o755, valence.get(2, 0))
            elif isinstance(r, tuple):
                _, me, mode = r
                r = folder_rec(me, mode, valence.get(me, 0))
            out.append((sk, k, r))
        cat = Tree(self.catnode, 516, 6)
        cat.cmp_bc = self.hfsx
        catfile, _ = cat.build(out, self.variant)
        ext = Tree(BS if self.catnode >= BS else 512, 10, 2)
        ext.cmp_bc = False
        extfile, _ = ext.build(self.xrecs)
        att = Tree(BS if self.catnode >= BS else 512, 264, 6)
        att.cmp_bc = False
        attfile, _ = att.build(attrs)
        self.next_block += 1
        extfork = forkdata(len(extfile), self.alloc(extfile))
        catfork = forkdata(len(catfile), self.alloc(catfile))
        attfork = forkdata(len(attfile), self.alloc(attfile))
        jinfo = 0
        attributes = 0x100
        if self.variant == "journal":
            jinfo = self.next_block
            jhead = struct.pack(">IIQQQII", 0x4A4E4C78, 0x12345678, 512,
                                4096, 8 * BS, 512, 0)
            jib = struct.pack(">I", 1) + bytes(32) + \
                struct.pack(">QQ", (jinfo + 1) * BS, 8 * BS)
            self.alloc(jib + bytes(BS - len(jib)) + jhead)
            self.alloc(bytes(7 * BS))
            attributes |= 1 << 13
        total = self.next_block + 2
        allocfile = bytearray((total + 7) // 8)
        for b in range(total):
            allocfile[b // 8] |= 0x80 >> (b % 8)
        allocfork = forkdata(len(allocfile), self.alloc(bytes(allocfile)))
        total = self.next_block + 2
        free = 0
        vh = struct.pack(">2sHI4sI", b"HX" if self.hfsx else b"H+",
                         5 if self.hfsx else 4, attributes, b"10.0", jinfo)
        vh += struct.pack(">IIII", T0, T0, 0, T0)
        vh += struct.pack(">III", files, folders - 1, BS)
        vh += struct.pack(">III", total, free, self.next_block)
        vh += struct.pack(">III", 65536, 65536, cnid)
        vh += struct.pack(">IQ", 1, 1) + bytes(32)
        vh += allocfork + extfork + catfork + attfork + forkdata(0, [])
        assert len(vh) == 512
        img = bytearray(total * BS)
        img[1024:1536] = vh
        img[total * BS - 1024:total * BS - 512] = vh
        for b, chunk in self.data.items():
            img[b * BS:b * BS + len(chunk)] = chunk
        return bytes(img)


# ---- UDIF -------------------------------------------------------------------

def adc_compress(data):
    """Apple Data Compression: back references where 4+ bytes repeat
    within 64 KiB, literal runs of up to 128 bytes otherwise."""
    out, lit, i, table = bytearray(), bytearray(), 0, {}

    def flush():
        while lit:
            n = min(len(lit), 128)
            out.append(0x80 | (n - 1))
            out.extend(lit[:n])
            del lit[:n]
    while i < len(data):
        key = data[i:i + 4]
        j = table.get(key)
        table[key] = i
        if j is not None and len(key) == 4 and i - j <= 65536:
            n = 4
            while n < 67 and i + n < len(data) and data[j + n] == data[i + n]:
                n += 1
            flush()
            d = i - j - 1
            if n <= 18 and d < 1024:
                out.append(((n - 3) << 2) | (d >> 8))
                out.append(d & 0xFF)
            else:
                out.append(0x40 | (n - 4))
                out.extend(struct.pack(">H", d))
            i += n
            continue
        lit.append(data[i])
        i += 1
    flush()
    return bytes(out)


KINDS = [0x80000005, 0x80000006, 0x80000004, 0x00000001]


def cksum(crc):
    """A UDIF checksum field: CRC32 (type 2), 32 bits."""
    return struct.pack(">III", 2, 32, crc) + bytes(124)


def mish(first, sectors, chunks, crc):
    """A blkx table: chunks are (type, sector, count, offset, length)."""
    h = b"mish" + struct.pack(">IQQQII", 1, first, sectors, 0, 0, 0)
    h += bytes(24) + cksum(crc)
    h += struct.pack(">I", len(chunks))
    return h + b"".join(struct.pack(">IIQQQQ", c[0], 0, c[1], c[2], c[3],
                                    c[4]) for c in chunks)


def plist(parts):
    items = []
    for i, (name, blob) in enumerate(parts):
        b64 = base64.b64encode(blob).decode()
        lines = "\n".join("\t\t\t\t" + b64[j:j + 68]
                          for j in range(0, len(b64), 68))
        items.append(
            "\t\t\t<dict>\n\t\t\t\t<key>Attributes</key>\n"
            "\t\t\t\t<string>0x0050</string>\n"
            "\t\t\t\t<key>CFName</key>\n\t\t\t\t<string>%s</string>\n"
            "\t\t\t\t<key>Data</key>\n\t\t\t\t<data>\n%s\n\t\t\t\t</data>\n"
            "\t\t\t\t<key>ID</key>\n\t\t\t\t<string>%d</string>\n"
            "\t\t\t\t<key>Name</key>\n\t\t\t\t<string>%s</string>\n"
            "\t\t\t</dict>\n" % (name, lines, i - 1, name))
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" '
            '"http://www.apple.com/DTDs/PropertyList-1.0.dtd">\n'
            '<plist version="1.0">\n<dict>\n\t<key>resource-fork</key>\n'
            '\t<dict>\n\t\t<key>blkx</key>\n\t\t<array>\n%s\t\t</array>\n'
            '\t</dict>\n</dict>\n</plist>\n' % "".join(items)).encode()


def udif(volume, variant):
    """MBR sector (raw), the volume (chunks of every kind), free space."""
    out = bytearray()
    parts = []
    mbr = bytes(446) + bytes(64) + b"\x55\xaa"
    crcs = [zlib.crc32(mbr), zlib.crc32(volume), zlib.crc32(bytes(8 * 512))]
    parts.append(("Protective Master Boot Record (MBR : 0)",
                  mish(0, 1, [(1, 0, 1, 0, 512), (0xFFFFFFFF, 1, 0, 512, 0)],
                       crcs[0])))
    out += mbr
    vs = len(volume) // SECTOR
    big = variant in ("big", "badlate")
    chunks, per, k = [], 2048 if big else 64, 0
    for s in range(0, vs, per):
        n = min(per, vs - s)
        raw = volume[s * SECTOR:(s + n) * SECTOR]
        if raw == bytes(len(raw)):
            t, blob = (0, b"") if k % 2 else (2, b"")
            k += 1
        elif big:
            t, blob = 0x80000005, zlib.compress(raw, 6)
        else:
            t = KINDS[len(chunks) % len(KINDS)]
            blob = {0x80000005: lambda d: zlib.compress(d, 9),
                    0x80000006: lambda d: bz2.compress(d, 9),
                    0x80000004: adc_compress,
                    0x00000001: lambda d: d}[t](raw)
        if variant == "badzlib" and t == 0x80000005 and s > 0:
            blob = zlib.compress(raw[:-512], 9)
            variant = "done"
        if variant == "badlate" and t == 0x80000005 and len(chunks) == 12:
            blob = zlib.compress(raw[:-512], 6)
        if variant in ("lzfse", "lzma", "unknown") and t == 0x80000005:
            t = {"lzfse": 0x80000007, "lzma": 0x80000008,
                 "unknown": 0x80000042}[variant]
            variant = "done"
        chunks.append([t, s, n, len(out), len(blob)])
        out += blob
    if variant == "overlap":
        chunks[2][1] -= 1
    if variant == "bigchunk":
        chunks.append([0x80000005, vs, 65536, chunks[1][3], chunks[1][4]])
        vs += 65536
    end = len(out)
    table = mish(1, vs, [tuple(c) for c in chunks] +
                 [(0x7FFFFFFE, vs, 0, end, 0), (0xFFFFFFFF, vs, 0, end, 0)],
                 crcs[1])
    if variant == "truncated":
        table = table[:-200]
    if variant == "manychunks":
        many = [(0, i, 1, 0, 0) for i in range(200001)]
        table = mish(1, 200001, many, 0)
        vs = 200001
    parts.append(("disk image (Apple_HFSX : 1)", table))
    parts.append(("(Apple_Free : 2)",
                  mish(1 + vs, 8, [(2, 0, 8, end, 0),
                                   (0xFFFFFFFF, 8, 0, end, 0)], crcs[2])))
    xml = plist(parts)
    signed = variant in MACHO_VARIANTS and variant not in MACHO_LOCAL
    xo = len(out)
    out += xml
    koly = b"koly" + struct.pack(">III", 4, 512, 1)
    koly += struct.pack(">QQQQQ", 0, 0, xo, 0, 0)
    koly += struct.pack(">II", 1, 1) + bytes(16)
    koly += cksum(zlib.crc32(bytes(out[:xo])))
    # the image's own code signature, as codesign writes one after the
    # property list (rcodesign's KolyTrailer: offset and size after 64
    # reserved bytes); its content here is an empty SuperBlob
    cs = b""
    if signed or variant == "csoutside":
        cs = struct.pack(">III", 0xfade0cc0, 12, 0)
    cso = xo + len(xml)
    koly += struct.pack(">QQ", xo, len(xml)) + bytes(64)
    koly += struct.pack(">QQ", cso if variant != "csoutside" else 1 << 40,
                        len(cs)) + bytes(40)
    koly += cksum(zlib.crc32(b"".join(struct.pack(">I", c) for c in crcs)))
    koly += struct.pack(">IQ", 1, 1 + vs + 8) + bytes(12)
    assert len(koly) == 512
    if variant == "nokoly":
        koly = b"kolx" + koly[4:]
    return bytes(out) + cs + koly


def sha_file(p):
    with open(p, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def peer(top, ours):
    """Differences between our manifest and 7z's extraction."""
    import json
    with open(ours) as f:
        m = json.load(f)
    bad, seen, streams = [], set(), {}
    inodes = set()
    priv = os.path.join(top, "[HFS+ Private Data]")
    for dp, dns, fns in os.walk(top):
        for n in dns + fns:
            p = os.path.join(dp, n)
            rel = os.path.relpath(p, top)
            if p.startswith(priv):
                if os.path.isfile(p):
                    inodes.add(sha_file(p))
                continue
            if ":" in n and not os.path.islink(p):
                streams[rel] = sha_file(p)
                continue
            seen.add(rel)
    for e in m["entries"]:
        p = os.path.join(top, e["path"])
        seen.discard(e["path"])
        kind = ("symlink" if os.path.islink(p) else "dir" if os.path.isdir(p)
                else "file" if os.path.isfile(p) else None)
        want = "file" if e["type"] == "hardlink" else e["type"]
        if kind != want:
            bad.append("%s: ours %s, 7z %s" % (e["path"], e["type"], kind))
        elif e["type"] == "symlink" and os.readlink(p) != e["link"]:
            bad.append("%s: link %s, 7z %s" % (e["path"], e["link"],
                                               os.readlink(p)))
        elif e["type"] == "file" and e["sha256"] != sha_file(p) and \
                e["sha256"] not in inodes:
            bad.append("%s: content differs" % e["path"])
    bad += ["%s: only 7z lists it" % p for p in sorted(seen)]
    for o in m["outside"]:
        if o["name"] not in ("hfs-resource-fork", "hfs-xattr"):
            continue
        path = o["note"].split("'")[1]
        suffix = ":rsrc" if o["name"] == "hfs-resource-fork" else \
            ":" + o["note"].split(": ", 1)[1]
        if streams.pop(path + suffix, None) != o["sha256"]:
            bad.append("%s%s: 7z has another or none" % (path, suffix))
    bad += ["%s: a stream only 7z lists" % p for p in sorted(streams)]
    for b in bad:
        print(b)
    return 1 if bad else 0


def disk(img, ours):
    """dmg2img's raw disk against our dmg-partition records."""
    import json
    with open(ours) as f:
        m = json.load(f)
    with open(img, "rb") as f:
        raw = f.read()
    bad = 0
    for o in m["outside"]:
        if o["name"] != "dmg-partition":
            continue
        got = hashlib.sha256(raw[o["offset"]:o["offset"] + o["size"]])
        if got.hexdigest() != o["sha256"]:
            print("partition at %d: dmg2img differs" % o["offset"])
            bad = 1
    print(SECTOR)
    return bad


def main(argv):
    if len(argv) == 4 and argv[1] == "peer":
        return peer(argv[2], argv[3])
    if len(argv) == 4 and argv[1] == "disk":
        return disk(argv[2], argv[3])
    if len(argv) >= 3 and argv[1] in ("image", "volume"):
        out, rest = argv[2], argv[3:]
        hfsx, node, variant = True, BS, "good"
        i = 0
        while i < len(rest):
            if rest[i] == "--hfsplus":
                hfsx = False
            elif rest[i] == "--mib":
                BIG_MIB[0] = int(rest[i + 1])
                i += 1
            elif rest[i] == "--node":
                node = int(rest[i + 1])
                i += 1
            else:
                variant = rest[i]
            i += 1
        vol = Volume(variant, hfsx, node).build()
        with open(out, "wb") as f:
            f.write(udif(vol, variant) if argv[1] == "image" else vol)
        return 0
    if len(argv) == 3 and argv[1] == "tree":
        for path, kind, mode, content, extra in sorted(tree_spec("good")):
            p = os.path.join(argv[2], path)
            os.makedirs(os.path.dirname(p), exist_ok=True)
            if kind == "dir":
                os.makedirs(p, exist_ok=True)
            elif kind == "symlink":
                os.symlink(content, p)
            else:
                with open(p, "wb") as f:
                    f.write(content)
            if kind != "symlink":
                os.chmod(p, mode)
        return 0
    if len(argv) == 3 and argv[1] == "sha256":
        for path, kind, mode, content, extra in sorted(tree_spec("good")):
            if kind in ("file", "hardlink"):
                print("%s  %s" % (hashlib.sha256(content).hexdigest(), path))
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
