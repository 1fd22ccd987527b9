#!/usr/bin/env python3
"""Test Mach-O files for compare --unsigned of a .dmg (no Apple linker or
codesign on Linux): thin and fat binaries, unsigned as a linker writes
them and with an ad-hoc code signature added as codesign_allocate and
codesign add one. Written here from the published layouts:

  - <mach-o/loader.h>: mach_header_64, segment_command_64 (__TEXT,
    __LINKEDIT), and their 32-bit forms for i386, symtab_command, nlist,
    linkedit_data_command
    (LC_CODE_SIGNATURE, LC_FUNCTION_STARTS), little-endian;
  - <mach-o/fat.h>: fat_header, fat_arch (big-endian), each slice at the
    first multiple of 2^align after the one before, as lipo lays them out;
  - the code signing blobs of Apple's Security framework (cs_blobs.h):
    SuperBlob 0xfade0cc0 with a CodeDirectory 0xfade0c02 (version
    0x20400, SHA-256 page hashes of 4 KiB, ad-hoc flag) and an empty
    Requirements set 0xfade0c01, big-endian;
  - codesign_allocate's placement: LC_CODE_SIGNATURE added after the last
    load command, the signature at the first 16-byte boundary after the
    __LINKEDIT data (zero padding before it), space reserved past the
    blob left zero, __LINKEDIT's filesize to the end of the file and its
    vmsize that rounded up to the page (16 KiB arm64, 4 KiB x86_64).

  mkmacho.py thin OUT [--arm64 | --i386] [--signed] [--seed N] [--forge F]
  mkmacho.py fat OUT [--signed] [--seed N] [--forge F]
     F: junk      32 bytes after the signature
        outside   LC_CODE_SIGNATURE's datasize past the end of the file
        blobjunk  a non-zero byte after the SuperBlob, inside datasize
        notlast   another load command after LC_CODE_SIGNATURE
        vmsize    __LINKEDIT's vmsize a page more than its filesize needs
        padding   a non-zero byte in the padding before the signature
        fatgap    (fat) a non-zero byte between the slices
        cms       (every slice) not ad-hoc: a CMS blob wrapper of
                  stand-in bytes, as a Developer ID signature has one

Imported by mkdmg.py (build, fat) for the Mach-O test images.
"""
import hashlib
import struct
import sys

CPU_I386 = 7
CPU_X86_64 = 0x01000007
CPU_ARM64 = 0x0100000c
MH_EXECUTE = 2
LC_SEGMENT = 0x1
LC_SEGMENT_64 = 0x19
LC_SYMTAB = 0x2
LC_CODE_SIGNATURE = 0x1d
LC_FUNCTION_STARTS = 0x26


def page_of(cpu):
    return 0x4000 if cpu == CPU_ARM64 else 0x1000


def rnd(v, a):
    return (v + a - 1) // a * a


def seg64(name, vmaddr, vmsize, fileoff, filesize, prot):
    return struct.pack("<II16sQQQQiiII", LC_SEGMENT_64, 72,
                       name.encode(), vmaddr, vmsize, fileoff, filesize,
                       prot, prot, 0, 0)


def seg32(name, vmaddr, vmsize, fileoff, filesize, prot):
    return struct.pack("<II16sIIIIiiII", LC_SEGMENT, 56, name.encode(),
                       vmaddr, vmsize, fileoff, filesize, prot, prot, 0, 0)


def unsigned(cpu, seed):
    """A linker's output: header, __TEXT (the code), __LINKEDIT with
    function starts, a symbol table and a string table whose end is not
    at a 16-byte boundary (so codesign_allocate pads). 64-bit, but for
    CPU_I386 (mach_header, segment_command, nlist)."""
    is64 = cpu != CPU_I386
    seg = seg64 if is64 else seg32
    base = 0x100000000 if is64 else 0x1000
    page = page_of(cpu)
    code = bytes((i * 13 + seed) % 256 for i in range(page + 300))
    text_size = rnd(len(code), page)
    le_off = text_size
    fstarts = bytes([0x80, 0x08, 0x10, 0x00, 0, 0, 0, 0])
    nsyms = 3
    syms = b"".join(struct.pack("<IBBHQ" if is64 else "<IBBHI", 1 + 8 * i,
                                0x0f, 1, 0, base + 16 * i)
                    for i in range(nsyms))
    strs = b"\0_main\0_helper\0_third_one\0" + bytes([seed % 200 + 33]) * 3
    sym_off = le_off + len(fstarts)
    str_off = sym_off + len(syms)
    le_end = str_off + len(strs)
    assert le_end % 16 != 0
    le_size = le_end - le_off
    cmds = (seg("__TEXT", base, text_size, 0, text_size, 5) +
            seg("__LINKEDIT", base + text_size,
                rnd(le_size, page), le_off, le_size, 1) +
            struct.pack("<IIII", LC_FUNCTION_STARTS, 16, le_off,
                        len(fstarts)) +
            struct.pack("<IIIIII", LC_SYMTAB, 24, sym_off, nsyms, str_off,
                        len(strs)))
    sub = 0 if cpu == CPU_ARM64 else 3
    hdr = struct.pack("<IIIIIII", 0xfeedfacf if is64 else 0xfeedface, cpu,
                      sub, MH_EXECUTE, 4, len(cmds), 0x200085)
    if is64:
        hdr += bytes(4)
    head = hdr + cmds
    out = bytearray(text_size)
    out[:len(head)] = head
    out[0x400:0x400 + len(code)] = code[:text_size - 0x400]
    out += fstarts + syms + strs
    return bytes(out)


def blob(magic, body):
    return struct.pack(">II", magic, 8 + len(body)) + body


def superblob(ident, data, limit, cms=False):
    """An ad-hoc signature of data[:limit]: a CodeDirectory and an empty
    Requirements set; with cms, as a Developer ID signature is laid out:
    the CodeDirectory without the ad-hoc flag and a CMS blob wrapper
    (0xfade0b01, slot 0x10000) holding stand-in bytes, not real CMS."""
    pages = [hashlib.sha256(data[i:i + 4096]).digest()
             for i in range(0, limit, 4096)]
    ident = ident.encode() + b"\0"
    hdr_len = 8 + 36 + 12 + 8 + 24
    ident_off = hdr_len
    hash_off = ident_off + len(ident)
    cd_body = struct.pack(">IIIIIIIBBBBI", 0x20400, 0 if cms else 0x2,
                          hash_off,
                          ident_off, 0, len(pages), limit, 32, 2, 0, 12, 0)
    cd_body += struct.pack(">III", 0, 0, 0)  # scatter, team, spare3
    cd_body += struct.pack(">Q", 0)          # codeLimit64
    cd_body += struct.pack(">QQQ", 0, 0, 0)  # exec segment base/limit/flags
    cd_body += ident + b"".join(pages)
    cd = blob(0xfade0c02, cd_body)
    req = struct.pack(">III", 0xfade0c01, 12, 0)
    wrap = blob(0xfade0b01, b"CMS stand-in " * 8) if cms else b""
    count = 3 if cms else 2
    first = 12 + 8 * count
    index = struct.pack(">IIII", 0, first, 2, first + len(cd))
    if cms:
        index += struct.pack(">II", 0x10000, first + len(cd) + len(req))
    body = struct.pack(">I", count) + index + cd + req + wrap
    return blob(0xfade0cc0, body)


def sign(data, ident, forge=None):
    """What codesign_allocate and codesign make of an unsigned slice."""
    b = bytearray(data)
    magic, cpu, sub, ftype, ncmds, sizeofcmds, flags = \
        struct.unpack_from("<IIIIIII", b, 0)
    is64 = magic == 0xfeedfacf
    hsz = 32 if is64 else 28
    page = page_of(cpu)
    end = len(b)
    dataoff = rnd(end, 16)
    b += bytes(dataoff - end)
    probe = superblob(ident, bytes(b), dataoff, forge == "cms")
    datasize = rnd(len(probe) + 64, 16)
    lc = hsz + sizeofcmds
    assert b[lc:lc + 16] == bytes(16)
    cs_size = datasize + (1 << 20 if forge == "outside" else 0)
    b[lc:lc + 16] = struct.pack("<IIII", LC_CODE_SIGNATURE, 16, dataoff,
                                cs_size)
    struct.pack_into("<II", b, 16, ncmds + 1, sizeofcmds + 16)
    at = hsz
    for _ in range(ncmds):
        cmd, size = struct.unpack_from("<II", b, at)
        if cmd in (LC_SEGMENT, LC_SEGMENT_64) and \
                b[at + 8:at + 18] == b"__LINKEDIT":
            f = "<QQQ" if is64 else "<III"
            w = 8 if is64 else 4
            fileoff = struct.unpack_from(f[0] + f[1], b, at + 24 + 2 * w)[0]
            fs = dataoff + datasize - fileoff
            struct.pack_into(f, b, at + 24 + w, rnd(fs, page), fileoff, fs)
        at += size
    if forge == "notlast":
        b[lc + 16:lc + 32] = struct.pack("<IIII", 0x31, 16, 0, 0)
        struct.pack_into("<II", b, 16, ncmds + 2, sizeofcmds + 32)
    if forge == "vmsize":
        assert is64
        at = 32
        for _ in range(ncmds):
            cmd, size = struct.unpack_from("<II", b, at)
            if cmd == LC_SEGMENT_64 and b[at + 8:at + 18] == b"__LINKEDIT":
                vm = struct.unpack_from("<Q", b, at + 32)[0]
                struct.pack_into("<Q", b, at + 32, vm + page)
            at += size
    if forge == "padding":
        assert dataoff > end
        b[dataoff - 1] = 0x5a
    sig = superblob(ident, bytes(b), dataoff, forge == "cms")
    assert len(sig) <= datasize
    sig += bytes(datasize - len(sig))
    if forge == "blobjunk":
        sig = sig[:-1] + b"\x01"
    b += sig
    if forge == "junk":
        b += b"JUNK" * 8
    return bytes(b)


def fat(slices, forge=None):
    """lipo's layout of (cputype, align, bytes) slices."""
    n = len(slices)
    at = 8 + 20 * n
    head = struct.pack(">II", 0xcafebabe, n)
    offs = []
    for cpu, align, data in slices:
        off = rnd(at, 1 << align)
        offs.append(off)
        head += struct.pack(">IIIII", cpu, 0 if cpu == CPU_ARM64 else 3, off,
                            len(data), align)
        at = off + len(data)
    out = bytearray(at)
    out[:len(head)] = head
    for (cpu, align, data), off in zip(slices, offs):
        out[off:off + len(data)] = data
    if forge == "fatgap":
        out[offs[1] - 1] = 0x5a
    return bytes(out)


def build(kind, signed, seed=0, forge=None, arm64=False, i386=False):
    if kind == "thin":
        cpu = CPU_ARM64 if arm64 else CPU_I386 if i386 else CPU_X86_64
        d = unsigned(cpu, seed)
        return sign(d, "thin", forge) if signed else d
    parts = []
    for i, (cpu, align) in enumerate(((CPU_X86_64, 12), (CPU_ARM64, 14))):
        d = unsigned(cpu, seed + i)
        if signed:
            d = sign(d, "fat", forge if i == 1 or forge == "cms" else None)
        parts.append((cpu, align, d))
    return fat(parts, forge)


def main(argv):
    if len(argv) < 3 or argv[1] not in ("thin", "fat"):
        print(__doc__, file=sys.stderr)
        return 2
    signed, seed, forge, arm64, i386 = False, 0, None, False, False
    rest = argv[3:]
    i = 0
    while i < len(rest):
        if rest[i] == "--signed":
            signed = True
        elif rest[i] == "--arm64":
            arm64 = True
        elif rest[i] == "--i386":
            i386 = True
        elif rest[i] == "--seed":
            seed = int(rest[i + 1])
            i += 1
        elif rest[i] == "--forge":
            forge = rest[i + 1]
            i += 1
        else:
            print(__doc__, file=sys.stderr)
            return 2
        i += 1
    with open(argv[2], "wb") as f:
        f.write(build(argv[1], signed, seed, forge, arm64, i386))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
