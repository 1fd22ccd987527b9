#!/usr/bin/env python3
"""tests/readers.py: read zips (and APKs) with several readers, for the
differential case of tests/cases/83-zip.sh (issue 16). Standard library
plus the readers that are installed; nothing is extracted to disk (every
entry is read to a pipe).

    python3 tests/readers.py ZIP...

Prints one line per reader that is missing ("skipped READER: why"), then
one line per ZIP:

    agree ZIP READERS                  every reader that could read it
                                       saw the same names and bytes
    disagree ZIP WHAT                  two readers differ: WHAT names them
                                       and the entry
    unreadable ZIP READERS             no reader but these could read it

Readers: python (zipfile: the central directory, as Android), java
(java.util.zip.ZipFile, JDK: the central directory), unzip (Info-ZIP),
7z, bsdtar (libarchive). A reader that fails on a file does not count
(its refusal is no other reading); names ending in "/" are compared by
name only, and so are the entries bsdtar lists as symlinks.
"""
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile

JAVA = r"""
import java.security.MessageDigest;
import java.util.Enumeration;
import java.util.zip.*;
public class ZipRead {
    public static void main(String[] a) throws Exception {
        for (String f : a) {
            System.out.println("#file " + f);
            try (ZipFile z = new ZipFile(f)) {
                Enumeration<? extends ZipEntry> e = z.entries();
                while (e.hasMoreElements()) {
                    ZipEntry x = e.nextElement();
                    MessageDigest d = MessageDigest.getInstance("SHA-256");
                    byte[] b = z.getInputStream(x).readAllBytes();
                    StringBuilder h = new StringBuilder();
                    for (byte c : d.digest(b)) h.append(String.format("%02x", c));
                    StringBuilder n = new StringBuilder();
                    for (byte c : x.getName().getBytes("UTF-8")) n.append(String.format("%02x", c));
                    System.out.println(n + " " + h);
                }
            } catch (Exception ex) {
                System.out.println("#fail " + ex);
            }
        }
    }
}
"""


def sha(b):
    return hashlib.sha256(b).hexdigest()


def run(cmd):
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                          timeout=120)


def py_read(f):
    out = {}
    with zipfile.ZipFile(f) as z:
        for i in z.infolist():
            out[i.filename.encode("utf-8", "surrogateescape")] = \
                None if i.filename.endswith("/") else sha(z.read(i))
    return out


def lines_of(b):
    return [l for l in b.split(b"\n") if l]


def unzip_read(f):
    r = run(["unzip", "-Z1", f])
    if r.returncode != 0:
        raise OSError("unzip -Z1")
    out = {}
    for n in lines_of(r.stdout):
        if n.endswith(b"/"):
            out[n] = None
            continue
        esc = b"".join(b"\\" + bytes([c]) if c in b"[]*?\\" else bytes([c])
                       for c in n)
        c = run([b"unzip", b"-p", f.encode(), esc])
        if c.returncode != 0:
            raise OSError("unzip -p")
        out[n] = sha(c.stdout)
    return out


def sevenz_read(f):
    r = run(["7z", "l", "-slt", "-ba", f])
    if r.returncode != 0:
        raise OSError("7z l")
    out, name, isdir = {}, None, False
    for l in r.stdout.split(b"\n") + [b""]:
        if l.startswith(b"Path = "):
            name = l[7:]
        elif l.startswith(b"Folder = "):
            isdir = l[9:].strip() == b"+"
        elif l.strip() == b"" and name is not None:
            if isdir:
                out[name + b"/"] = None
            else:
                c = run([b"7z", b"e", b"-so", b"-spd", f.encode(), name])
                if c.returncode != 0:
                    raise OSError("7z e")
                out[name] = sha(c.stdout)
            name, isdir = None, False
    return out


def bsdtar_read(f):
    r = run(["bsdtar", "-tvf", f])
    n = run(["bsdtar", "-tf", f])
    if r.returncode != 0 or n.returncode != 0:
        raise OSError("bsdtar -t")
    out = {}
    for v, name in zip(lines_of(r.stdout), lines_of(n.stdout)):
        if v[:1] in (b"d", b"l") or name.endswith(b"/"):
            out[name if v[:1] != b"d" or name.endswith(b"/")
                else name + b"/"] = None
            continue
        c = run([b"bsdtar", b"-xOf", f.encode(), name])
        if c.returncode != 0:
            raise OSError("bsdtar -x")
        out[name] = sha(c.stdout)
    return out


def java_all(files, tmp):
    src = os.path.join(tmp, "ZipRead.java")
    with open(src, "w") as f:
        f.write(JAVA)
    r = run(["java", src] + files)
    res, cur = {}, None
    for l in r.stdout.decode("utf-8", "replace").split("\n"):
        if l.startswith("#file "):
            cur = l[6:]
            res[cur] = {}
        elif l.startswith("#fail "):
            res[cur] = None
        elif l and cur is not None and res[cur] is not None:
            n, h = l.split(" ")
            name = bytes.fromhex(n)
            res[cur][name] = None if name.endswith(b"/") else h
    return res


def compare(f, readings):
    """readings: reader -> {name: sha256 or None}."""
    names = sorted(readings)
    for a in names:
        for b in names:
            if a >= b:
                continue
            x, y = readings[a], readings[b]
            if set(x) != set(y):
                d = sorted(set(x) ^ set(y))[0]
                return "disagree %s %s and %s on the names (%r)" % (f, a, b, d)
            for n in sorted(x):
                if x[n] is not None and y[n] is not None and x[n] != y[n]:
                    return "disagree %s %s and %s on the bytes of %r" % (
                        f, a, b, n)
    return None


def main(argv):
    files = argv[1:]
    if not files:
        sys.exit(__doc__)
    readers = {"python": py_read}
    for tool, fn in (("unzip", unzip_read), ("7z", sevenz_read),
                     ("bsdtar", bsdtar_read)):
        if shutil.which(tool):
            readers[tool] = fn
        else:
            print("skipped %s: not installed" % tool)
    java = None
    if shutil.which("java"):
        with tempfile.TemporaryDirectory() as tmp:
            java = java_all(files, tmp)
    else:
        print("skipped java: not installed (default-jdk-headless)")
    for f in files:
        readings = {}
        for name, fn in readers.items():
            try:
                readings[name] = fn(f)
            except Exception:
                pass
        if java is not None and java.get(f) is not None:
            readings["java"] = java[f]
        why = compare(f, readings)
        if why:
            print(why)
        elif len(readings) < 2:
            print("unreadable %s %s" % (f, ",".join(sorted(readings))))
        else:
            print("agree %s %s" % (f, ",".join(sorted(readings))))


if __name__ == "__main__":
    main(sys.argv)
