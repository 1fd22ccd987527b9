#!/usr/bin/env python3
"""mkpe.py: write a small, valid, deterministic Windows PE for the tests.

    python3 tests/mkpe.py [--pe32plus] [--size N] [--tail N] OUT.exe
        A PE32 (i386) or PE32+ (AMD64) console executable: DOS header and
        stub, "PE\\0\\0", COFF header, optional header with a correct
        CheckSum and 16 data directories, sections .text and .data (file
        alignment 0x200). --size N makes .data large enough for a file of
        at least N bytes (content: a repeating 251-byte pattern).
        --tail N appends N overlay bytes after the last section, so the
        file size need not be a multiple of 8 (osslsigncode then pads it
        with zeros before the certificate table).

    python3 tests/mkpe.py --strip IN.exe OUT.exe
        The signed IN.exe without its signature, by the rule of issue 3
        (what osslsigncode remove-signature writes, 2.5 and 2.9 alike):
        truncated at the certificate table, directory entry and CheckSum
        zeroed, zeros added up to a multiple of 8 bytes, CheckSum
        recomputed. The table must end the file.

    python3 tests/mkpe.py --blob IN.exe OUT.p7
        The DER PKCS#7 signature in IN.exe's first certificate entry (the
        seeds of tests/fuzz/corpus/authcode).

    python3 tests/mkpe.py --tamper MODE IN.exe OUT.exe
        Rewrites the certificate table of a signed IN.exe; the directory
        entry and the CheckSum are updated (except where MODE says):
          two-certs     the table's first entry twice
          pad=N         N zero bytes appended to the table (dwLength kept)
          nonzero-pad   8 padding bytes appended, one of them non-zero
          after=N       N bytes appended after the table, directory
                        entry not updated (data after the table)
          unpadded      dwLength set to the DER signature's own length
                        (as signtool writes it: the zeros that round the
                        entry up to 8 become padding after the entry;
                        table size unchanged)
          stuff=N       N non-zero bytes appended inside the first entry
                        (dwLength grows by N, zeros after it up to a
                        multiple of 8): data after the DER signature that
                        Authenticode ignores (CVE-2013-3900)
          header=R,T    the first entry's wRevision set to R and its
                        wCertificateType to T (e.g. 0x0100,2)
          sig=KIND      the first entry's PKCS#7 rewritten (issue 16),
                        DER lengths fixed, none of it signed:
                        unauth-attr  an unauthenticated attribute
                                     (OID 1.3.6.1.4.1.99999.1, 64 bytes)
                        seq-junk     a DER SEQUENCE around 200 junk bytes
                        two-signers  the SignerInfo twice
                        signer-junk  16 bytes after the SignerInfo

Only the standard library is used; the output depends only on the
arguments.
"""
import array
import struct
import sys

FILE_ALIGN = 0x200
SECT_ALIGN = 0x1000
E_LFANEW = 0x80

DOS_STUB = bytes.fromhex(
    "0e1fba0e00b409cd21b8014ccd21") + \
    b"This program cannot be run in DOS mode.\r\r\n$" + bytes(7)


def align(n, a):
    return (n + a - 1) // a * a


def pattern(n, seed=0):
    base = bytes((i * 7 + seed) % 251 for i in range(251))
    reps = n // 251 + 1
    return (base * reps)[:n]


def checksum_of(data, csum_off):
    """The PE checksum: 16-bit little-endian words added with end-around
    carry (the CheckSum field counted as zero, a last odd byte ignored, as
    osslsigncode does), plus the file length. Adding with end-around carry
    from 0 gives 0 for an all-zero sum, else ((total - 1) % 0xffff) + 1."""
    n = len(data) // 2
    words = array.array("H", bytes(data[:n * 2]))
    if sys.byteorder != "little":
        words.byteswap()
    total = sum(words)
    total -= sum(struct.unpack_from("<HH", data, csum_off))
    s = 0 if total == 0 else (total - 1) % 0xffff + 1
    return (s + n * 2) & 0xffffffff


def dos_header():
    h = bytearray(64)
    struct.pack_into("<2sHHHHHHHHHHHHH", h, 0, b"MZ", 0x90, 3, 0, 4, 0,
                     0xffff, 0, 0xb8, 0, 0, 0, 0x40, 0)
    struct.pack_into("<I", h, 0x3c, E_LFANEW)
    stub = bytes(h) + DOS_STUB
    return stub + bytes(E_LFANEW - len(stub))


def section(name, vsize, va, rawsize, rawptr, chars):
    return struct.pack("<8sIIIIIIHHI", name, vsize, va, rawsize, rawptr,
                       0, 0, 0, 0, chars)


def build(pe32plus, size, tail):
    text = bytes.fromhex("31c0c3") + pattern(FILE_ALIGN - 3, 1)
    hdr_size = FILE_ALIGN
    data_raw = FILE_ALIGN
    if size > hdr_size + len(text) + data_raw:
        data_raw = align(size - hdr_size - len(text), FILE_ALIGN)
    data = b"electrum-verify test PE\0" + pattern(data_raw - 24, 3)
    text_va, data_va = SECT_ALIGN, 2 * SECT_ALIGN
    image_size = align(data_va + data_raw, SECT_ALIGN)
    nsect = 2
    opt_size = 0xf0 if pe32plus else 0xe0
    coff = struct.pack("<HHIIIHH", 0x8664 if pe32plus else 0x14c, nsect,
                       0, 0, 0, opt_size, 0x0022 if pe32plus else 0x0102)
    std = struct.pack("<HBBIIIII", 0x20b if pe32plus else 0x10b, 14, 0,
                      len(text), data_raw, 0, text_va, text_va)
    if pe32plus:
        opt = std + struct.pack("<Q", 0x140000000)
    else:
        opt = std + struct.pack("<II", data_va, 0x400000)
    opt += struct.pack("<IIHHHHHHIIIIHH", SECT_ALIGN, FILE_ALIGN, 6, 0,
                       0, 0, 6, 0, 0, image_size, hdr_size, 0, 3, 0x8140)
    if pe32plus:
        opt += struct.pack("<QQQQII", 0x100000, 0x1000, 0x100000, 0x1000,
                           0, 16)
    else:
        opt += struct.pack("<IIIIII", 0x100000, 0x1000, 0x100000, 0x1000,
                           0, 16)
    opt += bytes(16 * 8)
    assert len(opt) == opt_size
    sects = section(b".text", 3, text_va, len(text), hdr_size,
                    0x60000020)
    sects += section(b".data", data_raw, data_va, data_raw,
                     hdr_size + len(text), 0xc0000040)
    head = dos_header() + b"PE\0\0" + coff + opt + sects
    head += bytes(hdr_size - len(head))
    out = bytearray(head + text + data + pattern(tail, 5))
    csum_off = E_LFANEW + 24 + 64
    struct.pack_into("<I", out, csum_off, checksum_of(out, csum_off))
    return out


def pe_offsets(b):
    lfanew = struct.unpack_from("<I", b, 0x3c)[0]
    magic = struct.unpack_from("<H", b, lfanew + 24)[0]
    plus = 16 if magic == 0x20b else 0
    return lfanew + 88, lfanew + 152 + plus


def der_len(n):
    if n < 0x80:
        return bytes([n])
    b = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(b)]) + b


def der_tlv(tag, content):
    return bytes([tag]) + der_len(len(content)) + content


def der_items(b):
    """The TLVs in b, as (tag, content) pairs."""
    out, i = [], 0
    while i + 1 < len(b):
        tag, n = b[i], b[i + 1]
        i += 2
        if n & 0x80:
            k, n = n & 0x7f, int.from_bytes(b[i:i + (n & 0x7f)], "big")
            i += k
        out.append((tag, b[i:i + n]))
        i += n
    return out


def der_join(items):
    return b"".join(der_tlv(t, c) for t, c in items)


def sig_tamper(kind, blob):
    """The PKCS#7 ContentInfo blob with one of the sig=KIND changes."""
    if kind == "seq-junk":
        return der_tlv(0x30, pattern(200, 13))
    (_, ci), = der_items(blob)
    oid, (ctag, cbody) = der_items(ci)
    (_, sd), = der_items(cbody)
    fields = der_items(sd)
    stag, sinfos = fields[-1]
    signers = der_items(sinfos)
    if kind == "unauth-attr":
        attr = der_tlv(0x30, der_tlv(0x06, bytes([0x2b, 6, 1, 4, 1, 0x86, 0x8d,
                                          0x1f, 1])) +
                   der_tlv(0x31, der_tlv(0x04, pattern(64, 17))))
        t, si = signers[0]
        signers[0] = (t, si + der_tlv(0xa1, attr))
        body = der_join(signers)
    elif kind == "two-signers":
        body = der_join(signers + signers)
    elif kind == "signer-junk":
        body = der_join(signers) + pattern(16, 19)
    else:
        sys.exit("mkpe.py: unknown sig= kind '%s'" % kind)
    fields[-1] = (stag, body)
    sd = der_tlv(0x30, der_join(fields))
    return der_tlv(0x30, der_tlv(*oid) + der_tlv(ctag, sd))


def tamper(mode, b):
    csum_off, dir_off = pe_offsets(b)
    pos, size = struct.unpack_from("<II", b, dir_off)
    if pos == 0 or pos + size != len(b):
        sys.exit("mkpe.py: input is not signed (or table not at the end)")
    table = bytearray(b[pos:])
    body = b[:pos]
    update_dir = True
    if mode == "two-certs":
        first = struct.unpack_from("<I", table, 0)[0]
        entry = table[:align(first, 8)]
        table = entry + entry
    elif mode.startswith("pad="):
        table += bytes(int(mode[4:]))
    elif mode == "nonzero-pad":
        table += b"\0\0\0\0\0\0\0\x01"
    elif mode.startswith("after="):
        update_dir = False
        table += pattern(int(mode[6:]), 9)
    elif mode.startswith("stuff="):
        first = struct.unpack_from("<I", table, 0)[0]
        n = int(mode[6:], 0)
        entry = table[:first] + pattern(n, 11)
        struct.pack_into("<I", entry, 0, first + n)
        entry += bytes(align(len(entry), 8) - len(entry))
        table = entry + table[align(first, 8):]
    elif mode.startswith("header="):
        rev, typ = (int(x, 0) for x in mode[7:].split(","))
        struct.pack_into("<HH", table, 4, rev, typ)
    elif mode.startswith("sig="):
        first = struct.unpack_from("<I", table, 0)[0]
        (_, c) = der_items(bytes(table[8:first]))[0]
        blob = der_tlv(0x30, c)
        entry = bytearray(table[:8]) + sig_tamper(mode[4:], blob)
        struct.pack_into("<I", entry, 0, len(entry))
        entry += bytes(align(len(entry), 8) - len(entry))
        table = entry + table[align(first, 8):]
    elif mode == "unpadded":
        if table[8] != 0x30 or table[9] != 0x82:
            sys.exit("mkpe.py: unexpected DER header in the table")
        der = 4 + struct.unpack_from(">H", table, 10)[0]
        struct.pack_into("<I", table, 0, 8 + der)
    else:
        sys.exit("mkpe.py: unknown tamper mode '%s'" % mode)
    out = bytearray(body + table)
    if update_dir:
        struct.pack_into("<II", out, dir_off, pos, len(table))
    struct.pack_into("<I", out, csum_off, checksum_of(out, csum_off))
    return out


def strip(b):
    csum_off, dir_off = pe_offsets(b)
    pos, size = struct.unpack_from("<II", b, dir_off)
    if pos == 0 or pos + size != len(b):
        sys.exit("mkpe.py: input is not signed (or table not at the end)")
    out = bytearray(b[:pos])
    struct.pack_into("<II", out, dir_off, 0, 0)
    out += bytes(align(len(out), 8) - len(out))
    struct.pack_into("<I", out, csum_off, checksum_of(out, csum_off))
    return out


def blob(b):
    """The PKCS#7 blob of the first certificate entry, its DER length."""
    csum_off, dir_off = pe_offsets(b)
    pos, size = struct.unpack_from("<II", b, dir_off)
    if pos == 0:
        sys.exit("mkpe.py: input is not signed")
    first = struct.unpack_from("<I", b, pos)[0]
    (_, c) = der_items(b[pos + 8:pos + first])[0]
    return der_tlv(0x30, c)


def usage():
    sys.exit("usage: mkpe.py [--pe32plus] [--size N] [--tail N] OUT.exe\n"
             "       mkpe.py --strip IN.exe OUT.exe\n"
             "       mkpe.py --blob IN.exe OUT.p7\n"
             "       mkpe.py --tamper MODE IN.exe OUT.exe")


def main(argv):
    pe32plus, size, tail, mode = False, 0, 0, None
    args = []
    i = 0
    while i < len(argv):
        a = argv[i]
        if a == "--pe32plus":
            pe32plus = True
        elif a in ("--strip", "--blob"):
            mode = a
        elif a in ("--size", "--tail", "--tamper") and i + 1 < len(argv):
            i += 1
            if a == "--tamper":
                mode = argv[i]
            elif a == "--size":
                size = int(argv[i], 0)
            else:
                tail = int(argv[i], 0)
        elif a.startswith("-"):
            usage()
        else:
            args.append(a)
        i += 1
    if mode is not None:
        if len(args) != 2:
            usage()
        with open(args[0], "rb") as f:
            b = f.read()
        out = strip(b) if mode == "--strip" else blob(b) \
            if mode == "--blob" else tamper(mode, b)
        dest = args[1]
    else:
        if len(args) != 1:
            usage()
        out = build(pe32plus, size, tail)
        dest = args[0]
    with open(dest, "wb") as f:
        f.write(out)


if __name__ == "__main__":
    main(sys.argv[1:])
