#!/usr/bin/env python3
"""mkstandin.py: small stand-ins for Electrum release files, each of the
kind its name says (the content is consistent with the name, README "What
counts as a good signature"), for the tests that need many release names
but no real release.

    python3 tests/mkstandin.py OUT...

Each OUT gets a text line "a stand-in for NAME" inside the smallest
content its name's kind is recognised by: a gzip stream (.tar.gz), an
ELF header with the AppImage mark (.AppImage), a DOS header naming a PE
header (.exe), a zip archive (.apk) or a UDIF "koly" trailer (.dmg).
Any other name gets the text line alone.
"""
import gzip
import io
import os
import struct
import sys
import zipfile


def standin(name):
    text = ("a stand-in for %s\n" % os.path.basename(name)).encode()
    if name.endswith(".tar.gz"):
        return gzip.compress(text, mtime=0)
    if name.endswith(".AppImage"):
        return b"\x7fELF\x02\x01\x01\x00AI\x02" + b"\0" * 53 + text
    if name.endswith(".exe"):
        dos = bytearray(0x40)
        dos[0:2] = b"MZ"
        dos[0x3C:0x40] = struct.pack("<I", 0x40)
        return bytes(dos) + b"PE\0\0" + text
    if name.endswith(".apk"):
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as z:
            z.writestr(zipfile.ZipInfo("standin.txt", (1980, 1, 1, 0, 0, 0)),
                       text)
        return buf.getvalue()
    if name.endswith(".dmg"):
        return text + b"koly" + b"\0" * 508
    return text


def main():
    if len(sys.argv) < 2:
        sys.exit("usage: mkstandin.py OUT...")
    for out in sys.argv[1:]:
        with open(out, "wb") as f:
            f.write(standin(out))


if __name__ == "__main__":
    main()
