"""pgpdata.py: the OpenPGP packet walk shared by keys/mkreleases.py and
keys/mkbundle.py (RFC 9580 section 4.2; no partial or indeterminate
lengths: keys and detached signatures never have them)."""


def packets(data):
    """Yields (tag, body) of each packet in data; ValueError on a bad,
    partial, indeterminate or truncated header."""
    i = 0
    while i < len(data):
        tag = data[i]
        if not tag & 0x80:
            raise ValueError("byte %d: not an OpenPGP packet" % i)
        if tag & 0x40:
            t = tag & 0x3f
            l0 = data[i + 1] if i + 1 < len(data) else 0
            if l0 < 192:
                n, h = l0, 2
            elif l0 < 224:
                n, h = ((l0 - 192) << 8) + data[i + 2] + 192, 3
            elif l0 == 255:
                n, h = int.from_bytes(data[i + 2:i + 6], "big"), 6
            else:
                raise ValueError("byte %d: partial length" % i)
        else:
            t = (tag >> 2) & 0xf
            lt = tag & 3
            if lt == 3:
                raise ValueError("byte %d: indeterminate length" % i)
            w = (1, 2, 4)[lt]
            n, h = int.from_bytes(data[i + 1:i + 1 + w], "big"), 1 + w
        if i + h + n > len(data):
            raise ValueError("byte %d: truncated packet" % i)
        yield t, data[i + h:i + h + n]
        i += h + n
