#!/usr/bin/env python3
"""mkrelease.py: the parts of Electrum release artifacts that carry the
version, for the release binding tests (tests/cases/31-release.sh).

    python3 tests/mkrelease.py axml VERSION OUT [--utf8] [--ref]
        A binary AndroidManifest.xml (Android's binary XML, as aapt2
        writes it): a string pool (UTF-16, or UTF-8 with --utf8), a
        resource map, the android namespace and one element
            <manifest package="org.electrum.electrum"
                      android:versionCode="4080100"
                      android:versionName="VERSION">
        --ref gives versionName as a reference into resources.arsc
        (type 0x01) instead of a string.

    python3 tests/mkrelease.py pe VERSION OUT [--no-resource]
        A PE32+ executable with a .rsrc section holding one RT_VERSION
        resource as Electrum's NSIS setup has it: VS_FIXEDFILEINFO
        1.0.0.0 (NSIS's VIProductVersion) and a StringFileInfo table
        040904b0 with ProductName, FileVersion and ProductVersion set to
        VERSION. --no-resource leaves the resource out (a PyInstaller
        executable has none).

Only the standard library is used; the output depends only on the
arguments.
"""
import os
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import mkpe  # noqa: E402

ANDROID_NS = "http://schemas.android.com/apk/res/android"


def pool(strings, utf8):
    offs, data = [], b""
    for s in strings:
        offs.append(len(data))
        if utf8:
            b = s.encode()
            data += bytes([len(s), len(b)]) + b + b"\0"
        else:
            data += struct.pack("<H", len(s)) + s.encode("utf-16-le") + b"\0\0"
    while len(data) % 4:
        data += b"\0"
    hdr = 28
    start = hdr + 4 * len(strings)
    body = b"".join(struct.pack("<I", o) for o in offs) + data
    return struct.pack("<HHIIIIII", 0x0001, hdr, hdr + len(body),
                       len(strings), 0, 0x100 if utf8 else 0, start, 0) + body


def axml(version, utf8, ref):
    # attribute names first: the resource map covers them
    strings = ["versionCode", "versionName", "android", ANDROID_NS,
               "package", "manifest", "org.electrum.electrum", version]
    idx = {s: i for i, s in enumerate(strings)}
    sp = pool(strings, utf8)
    rmap = struct.pack("<HHI", 0x0180, 8, 8 + 8) + \
        struct.pack("<II", 0x0101021b, 0x0101021c)
    ns = struct.pack("<HHIII", 0x0100, 16, 24, 1, 0xffffffff) + \
        struct.pack("<II", idx["android"], idx[ANDROID_NS])

    def attr(nsi, name, raw, typ, data):
        return struct.pack("<IIIHBBI", nsi, name, raw, 8, 0, typ, data)
    attrs = attr(0xffffffff, idx["package"], idx["org.electrum.electrum"],
                 0x03, idx["org.electrum.electrum"])
    attrs += attr(idx[ANDROID_NS], idx["versionCode"], 0xffffffff, 0x10,
                  4080100)
    if ref:
        attrs += attr(idx[ANDROID_NS], idx["versionName"], 0xffffffff,
                      0x01, 0x7f0b0001)
    else:
        attrs += attr(idx[ANDROID_NS], idx["versionName"], idx[version],
                      0x03, idx[version])
    ext = struct.pack("<IIHHHHHH", 0xffffffff, idx["manifest"], 20, 20, 3,
                      0, 0, 0)
    start = struct.pack("<HHIII", 0x0102, 16, 16 + len(ext) + len(attrs),
                        1, 0xffffffff) + ext + attrs
    end = struct.pack("<HHIII", 0x0103, 16, 24, 1, 0xffffffff) + \
        struct.pack("<II", 0xffffffff, idx["manifest"])
    endns = struct.pack("<HHIII", 0x0101, 16, 24, 1, 0xffffffff) + \
        struct.pack("<II", idx["android"], idx[ANDROID_NS])
    body = sp + rmap + ns + start + end + endns
    return struct.pack("<HHI", 0x0003, 8, 8 + len(body)) + body


def vblock(key, value, text, children=b""):
    k = key.encode("utf-16-le") + b"\0\0"
    head_len = 6 + len(k)
    pad1 = (4 - head_len % 4) % 4
    if text:
        v = value.encode("utf-16-le") + b"\0\0"
        vlen = len(v) // 2
    else:
        v = value
        vlen = len(v)
    out = k + bytes(pad1) + v
    if children:
        out += bytes((4 - (6 + len(out)) % 4) % 4) + children
    total = 6 + len(out)
    return struct.pack("<HHH", total, vlen, 1 if text else 0) + out


def aligned(blocks):
    out = b""
    for b in blocks:
        out += bytes((4 - len(out) % 4) % 4) + b
    return out


def version_info(version):
    ffi = struct.pack("<13I", 0xfeef04bd, 0x00010000, 0x00010000, 0,
                      0x00010000, 0, 0, 0x3f, 0, 0x4, 0x1, 0, 0)
    strings = aligned([vblock(k, v, True) for k, v in (
        ("ProductName", "Electrum Installer"),
        ("FileVersion", version),
        ("ProductVersion", version))])
    table = vblock("040904b0", b"", False, strings)
    sfi = vblock("StringFileInfo", b"", False, table)
    var = vblock("VarFileInfo", b"", False,
                 vblock("Translation", struct.pack("<HH", 0x409, 1200),
                        False))
    return vblock("VS_VERSION_INFO", ffi, False, aligned([sfi, var]))


def rsrc(version, va):
    """Type 16 -> name 1 -> language 0x409 -> data entry -> data."""
    data = version_info(version)

    def directory(eid, off):
        return struct.pack("<IIHHHH", 0, 0, 0, 0, 0, 1) + \
            struct.pack("<II", eid, off)
    d1 = directory(16, 0x80000000 | 24)
    d2 = directory(1, 0x80000000 | 48)
    d3 = directory(0x409, 72)
    entry = struct.pack("<IIII", va + 88, len(data), 0, 0)
    return d1 + d2 + d3 + entry + data


def pe(version, with_resource):
    out = bytearray(mkpe.build(True, 4096, 0))
    if not with_resource:
        return out
    lf = mkpe.E_LFANEW
    nsect = struct.unpack_from("<H", out, lf + 6)[0]
    opt_size = struct.unpack_from("<H", out, lf + 20)[0]
    sect_tab = lf + 24 + opt_size
    last = sect_tab + 40 * (nsect - 1)
    vsize, va, raw, ptr = struct.unpack_from("<IIII", out, last + 8)
    rva = mkpe.align(va + max(vsize, raw), mkpe.SECT_ALIGN)
    body = rsrc(version, rva)
    raw_size = mkpe.align(len(body), mkpe.FILE_ALIGN)
    ptr = len(out)
    assert ptr % mkpe.FILE_ALIGN == 0
    hdr = mkpe.section(b".rsrc", len(body), rva, raw_size, ptr, 0x40000040)
    new = sect_tab + 40 * nsect
    assert out[new:new + 40] == bytes(40)
    out[new:new + 40] = hdr
    struct.pack_into("<H", out, lf + 6, nsect + 1)
    opt = lf + 24
    struct.pack_into("<I", out, opt + 56, mkpe.align(rva + len(body),
                                                     mkpe.SECT_ALIGN))
    struct.pack_into("<II", out, opt + 112 + 16, rva, len(body))
    out += body + bytes(raw_size - len(body))
    csum_off = lf + 24 + 64
    struct.pack_into("<I", out, csum_off, mkpe.checksum_of(out, csum_off))
    return out


def main(argv):
    if len(argv) < 4 or argv[1] not in ("axml", "pe"):
        sys.stderr.write(__doc__)
        return 2
    version, path, opts = argv[2], argv[3], argv[4:]
    if argv[1] == "axml":
        data = axml(version, "--utf8" in opts, "--ref" in opts)
    else:
        data = pe(version, "--no-resource" not in opts)
    with open(path, "wb") as f:
        f.write(data)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
