#!/usr/bin/env python3
"""Oversized and hostile OpenPGP inputs for the resource-bound cases
(tests/cases/65-bounds.sh) and `make bench` (BENCH_PART=bounds).

    mkpgp.py DIR SIG KEY [--bench]
    mkpgp.py junk-certs KEY OUT BYTES SEED
    mkpgp.py issuer MODE SIG OUT [FPR]

SIG is a real detached signature (armoured or binary) over the test data
and KEY the signer's public key (armoured or binary). Writes into DIR (names
as written below); nothing is random but the garbage, which is seeded,
so a run can be repeated byte for byte. --bench adds the slow inputs
(10 000 copies of the key) that only `make bench` reads. junk-certs writes
KEY with forged third-party certifications to OUT, about BYTES in all.
issuer rewrites the unhashed area of SIG's first signature packet (no key
needed: nothing there is signed) into OUT: MODE strip drops the issuer
key ID and fingerprint, wrongid puts FPR's key ID in place of them,
wrongfpr adds FPR as an unhashed issuer fingerprint in front of them.
"""

import base64
import os
import random
import sys
import zlib

MIB = 1024 * 1024


def crc24_fast(data):
    # table-driven: the 5 MB inputs are armoured too
    table = crc24_fast.table
    if table is None:
        table = []
        for i in range(256):
            c = i << 16
            for _ in range(8):
                c <<= 1
                if c & 0x1000000:
                    c ^= 0x1864CFB
            table.append(c & 0xFFFFFF)
        crc24_fast.table = table
    crc = 0xB704CE
    for b in data:
        crc = ((crc << 8) & 0xFFFFFF) ^ table[((crc >> 16) ^ b) & 0xFF]
    return crc


crc24_fast.table = None


def armour(data, kind="SIGNATURE", headers=(), crc=True):
    b64 = base64.b64encode(data).decode()
    lines = [f"-----BEGIN PGP {kind}-----"]
    lines += list(headers)
    lines.append("")
    lines += [b64[i:i + 64] for i in range(0, len(b64), 64)]
    # garbage over the size cap gets a dummy checksum (it is never read)
    c = crc24_fast(data).to_bytes(3, "big") if crc else b"\0\0\0"
    lines.append("=" + base64.b64encode(c).decode())
    lines.append(f"-----END PGP {kind}-----")
    return ("\n".join(lines) + "\n").encode()


def dearmour(raw):
    if not raw.startswith(b"-----BEGIN PGP "):
        return raw
    text = raw.decode("ascii").splitlines()
    i = 1
    while text[i].strip():
        i += 1
    body = []
    for line in text[i + 1:]:
        if line.startswith("=") or line.startswith("-----END"):
            break
        body.append(line.strip())
    return base64.b64decode("".join(body))


def new_len(n):
    """New-format body length, RFC 4880 4.2.2."""
    if n < 192:
        return bytes([n])
    if n < 8384:
        n -= 192
        return bytes([(n >> 8) + 192, n & 0xFF])
    return b"\xff" + n.to_bytes(4, "big")


def packet(tag, body):
    return bytes([0xC0 | tag]) + new_len(len(body)) + body


def first_packet_body(data):
    """The body of the first packet of a binary stream (old or new format)."""
    h = data[0]
    if h & 0x40:
        l0 = data[1]
        if l0 < 192:
            return data[2:2 + l0]
        if l0 < 224:
            n = ((l0 - 192) << 8) + data[2] + 192
            return data[3:3 + n]
        n = int.from_bytes(data[2:6], "big")
        return data[6:6 + n]
    lt = h & 3
    size = {0: 1, 1: 2, 2: 4}[lt]
    n = int.from_bytes(data[1:1 + size], "big")
    return data[1 + size:1 + size + n]


def deflate_stored(data):
    c = zlib.compressobj(0, zlib.DEFLATED, -15)
    return c.compress(data) + c.flush()


def write(d, name, data):
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def signatures(d, sig, sigasc, rnd):
    body = first_packet_body(sig)
    five = 5 * MIB
    # 5 MB .asc: garbage armoured, a real signature then junk, a real
    # signature then blank lines, one 5 MB header line
    write(d, "big-garbage.asc", armour(rnd.randbytes(five * 3 // 4), crc=False))
    junk = b"".join(b"junk %08d\n" % i for i in range(five // 14))
    write(d, "big-tail.asc", sigasc + junk)
    write(d, "big-blank.asc", sigasc + b"\n" * five)
    write(d, "big-header.asc", armour(sig, headers=["Comment: " + "x" * five]))
    # just under the 1 MiB cap: one header line of 1000000 bytes
    write(d, "long-header.asc", armour(sig, headers=["Comment: " + "x" * 1000000]))
    # 10 000 copies of one signature: binary, one armour block, 10 000 blocks
    write(d, "copies-10000.sig", sig * 10000)
    write(d, "copies-10000.asc", armour(sig * 10000))
    write(d, "blocks-10000.asc", sigasc * 10000)
    write(d, "copies-64.sig", sig * 64)
    write(d, "copies-65.sig", sig * 65)
    write(d, "blocks-65.asc", sigasc * 65)
    # packets claiming 4 GiB
    write(d, "len4g-new.sig", b"\xc2\xff\xff\xff\xff\xff" + body)
    write(d, "len4g-old.sig", b"\x8a\xff\xff\xff\xff" + body)
    write(d, "len4g-new.asc", armour(b"\xc2\xff\xff\xff\xff\xff" + body))
    # partial lengths: 1 GiB, then chunks, never an end
    write(d, "partial.sig", b"\xc2\xfe" + body)
    write(d, "partial-chain.sig", b"\xc2" + b"".join(
        b"\xe0" + b"\x00" for _ in range(100000)))
    # a subpacket length of 4 GiB inside a signature packet; a hashed area
    # of 65535 bytes in a short packet
    sub = b"\xff\xff\xff\xff\xff\x02" + b"\x00" * 4
    bogus = bytes([4, 0, 22, 8]) + len(sub).to_bytes(2, "big") + sub + \
        b"\x00\x00" + b"\x00\x00" + b"\x00\x08\xff" + b"\x00\x08\xff"
    write(d, "sub4g.sig", packet(2, bogus))
    short = bytes([4, 0, 22, 8, 0xFF, 0xFF]) + b"\x00" * 10
    write(d, "hashed64k.sig", packet(2, short))
    # the signature's values (MPIs) tampered with, the areas kept: bytes
    # after them, a value of zero bits, a bit count 8 short (a shorter
    # value, one byte left over) or 64 long (past the packet's end), the
    # last byte cut off
    v = 6 + int.from_bytes(body[4:6], "big")
    v += 2 + int.from_bytes(body[v:v + 2], "big") + 2
    bits = int.from_bytes(body[v:v + 2], "big")

    def bits_to(n):
        return body[:v] + n.to_bytes(2, "big") + body[v + 2:]
    write(d, "mpi-trailing.sig", packet(2, body + b"\x00\x08\xff"))
    write(d, "mpi-zero.sig", packet(2, body[:v] + b"\x00\x00"))
    write(d, "mpi-shorter.sig", packet(2, bits_to(bits - 8)))
    write(d, "mpi-past-end.sig", packet(2, bits_to(bits + 64)))
    write(d, "mpi-cut.sig", packet(2, body[:-1]))
    # compressed data packets nested 10 000 deep around the signature
    inner = sig
    for _ in range(10000):
        inner = packet(8, b"\x01" + deflate_stored(inner))
    write(d, "nested-10000.sig", inner)
    write(d, "nested-10000.asc", armour(inner, "MESSAGE"))
    write(d, "nested-10000-sigarmour.asc", armour(inner))
    # a zip bomb: 256 MiB of zeros in one compressed packet (zlib)
    c = zlib.compressobj(9, zlib.DEFLATED, 15)
    chunk = b"\x00" * MIB
    bomb = b"".join(c.compress(chunk) for _ in range(256)) + c.flush()
    write(d, "bomb.sig", packet(8, b"\x02" + bomb))
    write(d, "bomb.asc", armour(packet(8, b"\x02" + bomb)))


def keys(d, key, rnd, big):
    five = 5 * MIB
    write(d, "key-garbage-5m.pgp", rnd.randbytes(five))
    write(d, "key-garbage-5m.asc", armour(rnd.randbytes(five * 3 // 4),
                                          "PUBLIC KEY BLOCK", crc=False))
    write(d, "key-9m.pgp", key + rnd.randbytes(9 * MIB))
    # the real key followed by 5 MB of experimental packets (tag 61)
    exp = packet(61, b"\x00" * 60000)
    write(d, "key-exp-5m.pgp", key + exp * (five // len(exp)))
    # 10 000 user IDs without self-signatures after the real key
    uids = b"".join(packet(13, b"user %05d <u%05d@example.org>" % (i, i))
                    for i in range(10000))
    write(d, "key-uids-10000.pgp", key + uids)
    # copies of the key: gpg merges each (about 1.5 ms a copy)
    write(d, "key-copies-1000.pgp", key * 1000)
    if big:
        n = min(10000, (8 * MIB - 1) // len(key))
        write(d, "key-copies-10000.pgp", key * n)


def packets(data):
    """(tag, raw packet) for each packet of a binary stream."""
    i = 0
    while i < len(data):
        h = data[i]
        if h & 0x40:
            tag, l0 = h & 0x3F, data[i + 1]
            if l0 < 192:
                hl, n = 2, l0
            elif l0 < 224:
                hl, n = 3, ((l0 - 192) << 8) + data[i + 2] + 192
            else:
                hl, n = 6, int.from_bytes(data[i + 2:i + 6], "big")
        else:
            tag, hl = (h >> 2) & 0xF, 1 + {0: 1, 1: 2, 2: 4}[h & 3]
            n = int.from_bytes(data[i + 1:i + hl], "big")
        yield tag, data[i:i + hl + n]
        i += hl + n


def junk_cert(rnd):
    """A forged v4 certification (class 0x10, EdDSA/SHA-256) by a random
    issuer: free to make, and gpg keeps it on import by default."""
    fpr = rnd.randbytes(20)
    when = (1600000000 + rnd.randrange(1 << 24)).to_bytes(4, "big")
    hashed = b"\x05\x02" + when + b"\x16\x21\x04" + fpr
    unhashed = b"\x09\x10" + fpr[-8:]
    mpis = b"\x01\x00" + rnd.randbytes(32) + b"\x01\x00" + rnd.randbytes(32)
    body = (b"\x04\x10\x16\x08" + len(hashed).to_bytes(2, "big") + hashed +
            len(unhashed).to_bytes(2, "big") + unhashed + rnd.randbytes(2) +
            mpis)
    return packet(2, body)


def junk_certs(key, size, rnd):
    """key with forged certifications after its first user ID, size bytes
    or a little less in all."""
    out, done = b"", False
    for tag, raw in packets(key):
        out += raw
        if tag == 13 and not done:
            done = True
            while len(out) + len(key) + 200 < size:
                out += junk_cert(rnd)
    return out


def subpackets(area):
    """(header+type+body bytes) of each subpacket of an area."""
    out, pos = [], 0
    while pos < len(area):
        c = area[pos]
        if c < 192:
            n, h = c, 1
        elif c < 255:
            n, h = ((c - 192) << 8) + area[pos + 1] + 192, 2
        else:
            n, h = int.from_bytes(area[pos + 1:pos + 5], "big"), 5
        out.append(area[pos:pos + h + n])
        pos += h + n
    return out


def subtype(sp):
    c = sp[0]
    return sp[1 if c < 192 else 2 if c < 255 else 5] & 0x7F


def issuer(mode, sig, fpr):
    body = first_packet_body(sig)
    assert body[0] == 4, "not a v4 signature"
    hl = int.from_bytes(body[4:6], "big")
    ua = 6 + hl
    ul = int.from_bytes(body[ua:ua + 2], "big")
    subs = [sp for sp in subpackets(body[ua + 2:ua + 2 + ul])
            if subtype(sp) not in (16, 33)]
    if mode == "wrongid":
        subs.insert(0, bytes([9, 16]) + fpr[12:])
    elif mode == "wrongfpr":
        subs.insert(0, bytes([22, 33, 4]) + fpr)
    elif mode != "strip":
        sys.exit("issuer: MODE is strip, wrongid or wrongfpr")
    area = b"".join(subs)
    new = body[:ua] + len(area).to_bytes(2, "big") + area + body[ua + 2 + ul:]
    return packet(2, new)


def main():
    # mkpgp.py issuer MODE SIG OUT [FPR] (tests/cases/30-verify.sh)
    if len(sys.argv) in (5, 6) and sys.argv[1] == "issuer":
        with open(sys.argv[3], "rb") as f:
            sig = dearmour(f.read())
        fpr = bytes.fromhex(sys.argv[5]) if len(sys.argv) == 6 else b""
        write(".", sys.argv[4], issuer(sys.argv[2], sig, fpr))
        return
    # mkpgp.py junk-certs KEY OUT BYTES SEED (tests/cases/20-keys.sh)
    if len(sys.argv) == 6 and sys.argv[1] == "junk-certs":
        with open(sys.argv[2], "rb") as f:
            key = dearmour(f.read())
        write(".", sys.argv[3], junk_certs(key, int(sys.argv[4]),
                                           random.Random(sys.argv[5])))
        return
    big = len(sys.argv) == 5 and sys.argv[4] == "--bench"
    if len(sys.argv) != 4 and not big:
        sys.exit("usage: mkpgp.py DIR SIG KEY [--bench]")
    d = sys.argv[1]
    with open(sys.argv[2], "rb") as f:
        raw = f.read()
    sig = dearmour(raw)
    sigasc = raw if raw.startswith(b"-----BEGIN") else armour(sig)
    with open(sys.argv[3], "rb") as f:
        key = dearmour(f.read())
    os.makedirs(d, exist_ok=True)
    rnd = random.Random(65)
    signatures(d, sig, sigasc, rnd)
    keys(d, key, rnd, big)


if __name__ == "__main__":
    main()
