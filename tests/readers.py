#!/usr/bin/env python3
"""tests/readers.py: read zips, APKs, tars, .debs and squashfs images with
several readers, for the differential cases of tests/cases/83-zip.sh,
84-tar.sh and 85-squash.sh (issue 16). Standard library
plus the readers that are installed; nothing is extracted to disk (every
entry is read to a pipe).

    python3 tests/readers.py FILE...

Prints one line per reader that is missing ("skipped READER: why"), then
one line per FILE:

    agree ZIP READERS                  every reader that could read it
                                       saw the same names and bytes
    disagree ZIP WHAT                  two readers differ: WHAT names them
                                       and the entry
    unreadable ZIP READERS             no reader but these could read it

Zip readers: python (zipfile: the central directory, as Android), java
(java.util.zip.ZipFile, JDK: the central directory), unzip (Info-ZIP),
7z, bsdtar (libarchive). Tar readers (a .deb's data.tar as dpkg-deb
gives it): python (tarfile), gnutar (GNU tar, as dpkg extracts), bsdtar,
7z (on the tar, decompressed by Python for .gz, .xz and .bz2). Squashfs
readers (FILE.sqfs): unsquashfs (squashfs-tools, as the kernel reads it),
7z.
A reader that fails on a file does not count (its refusal is no other
reading); directories, links and other non-files are compared by name
only (names without "./" and a trailing "/").
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


# (in a UTF-8 locale, so that bsdtar prints UTF-8 names as they are)
ENV = dict(os.environ, LC_ALL="C.UTF-8")


def run(cmd):
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                          timeout=120, env=ENV)


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
        c = run([b"unzip", b"-p", f.encode(), unsquash_esc(n)])
        if c.returncode != 0:
            raise OSError("unzip -p")
        out[n] = sha(c.stdout)
    return out


def sevenz_read(f):
    """A zip as 7z reads it (a symlink's data is its target, as in the
    other zip readers)."""
    return {name + b"/" if kind == "dir" else name:
            None if kind == "dir" else sevenz_cat(f, name)
            for name, kind in sevenz_list(f)}


def unsquash_esc(n):
    """n as a pattern unsquashfs and unzip match only to itself."""
    return b"".join(b"\\" + bytes([c]) if c in b"[]*?\\" else bytes([c])
                    for c in n)


def sevenz_list(f):
    """7z's entries of f: (name, kind), kind "dir", "link" or "file"."""
    r = run(["7z", "l", "-slt", "-ba", f])
    if r.returncode != 0:
        raise OSError("7z l")
    out, cur = [], {}
    for l in r.stdout.split(b"\n") + [b""]:
        if l.strip() == b"":
            if b"Path" in cur:
                mode = cur.get(b"Mode", b"")
                kind = "dir" if cur.get(b"Folder") == b"+" else \
                    "link" if mode.startswith(b"l") or \
                    cur.get(b"Hard Link", b"") or \
                    cur.get(b"Symbolic Link", b"") else "file"
                out.append((cur[b"Path"], kind))
            cur = {}
        elif b" = " in l:
            k, v = l.split(b" = ", 1)
            cur[k] = v
    return out


def sevenz_cat(f, name):
    c = run([b"7z", b"e", b"-so", b"-spd", f.encode(), name])
    if c.returncode != 0:
        raise OSError("7z e")
    return sha(c.stdout)


def sevenz_tree(f, norm):
    """Names (through norm; None drops one) and bytes as 7z reads them."""
    out = {}
    for name, kind in sevenz_list(f):
        n = norm(name)
        if n is None:
            continue
        out[n] = sevenz_cat(f, name) if kind == "file" else None
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


# --- tar ----------------------------------------------------------------------

def tar_norm(n):
    """The name without "./" and a trailing "/"; None for the root, which
    the readers name differently ("./", ".", "")."""
    while n.startswith(b"./"):
        n = n[2:]
    n = n.rstrip(b"/") or n
    return None if n in (b"", b".", b"/") else n


def tar_py(f):
    import tarfile
    out = {}
    with tarfile.open(f) as t:
        for m in t.getmembers():
            n = tar_norm(m.name.encode("utf-8", "surrogateescape"))
            if n is not None:
                out[n] = sha(t.extractfile(m).read()) if m.isreg() else None
    return out


def tar_tool(tool, f):
    """GNU tar or bsdtar: -t for names, -tv for types and sizes, one -xO
    for the bytes of every file, cut by those sizes."""
    q = [] if tool == "bsdtar" else ["--quoting-style=literal"]
    lst, lv = run([tool] + q + ["-tf", f]), run([tool] + q + ["-tvf", f])
    data = run([tool, "-xOf", f])
    if lst.returncode != 0 or lv.returncode != 0 or data.returncode != 0:
        raise OSError(tool)
    out, at = {}, 0
    for v, raw in zip(lines_of(lv.stdout), lines_of(lst.stdout)):
        n = tar_norm(raw)
        if v[:1] != b"-" or b" link to " in v:
            if n is not None:
                out[n] = None
            continue
        size = int(v.split(None, 5)[4 if tool == "bsdtar" else 2])
        out[n] = sha(data.stdout[at:at + size])
        at += size
    if at != len(data.stdout):
        raise OSError(tool + ": sizes do not add up")
    return out


def tar_7z(f):
    """7z on the tar itself: Python takes off gzip, xz or bzip2 first
    (7z would list the compressed stream as one entry)."""
    import bz2
    import gzip
    import lzma
    opener = {".gz": gzip.open, ".tgz": gzip.open, ".xz": lzma.open,
              ".bz2": bz2.open}.get(os.path.splitext(f)[1])
    if opener is None:
        if not f.endswith(".tar"):
            raise OSError("7z: compression not taken off")
        return sevenz_tree(f, tar_norm)
    with tempfile.NamedTemporaryFile(suffix=".tar") as t:
        with opener(f) as z:
            shutil.copyfileobj(z, t)
        t.flush()
        return sevenz_tree(t.name, tar_norm)


def tar_readers():
    r = {"python": tar_py}
    for tool in ("tar", "bsdtar", "7z"):
        if not shutil.which(tool):
            print("skipped %s: not installed" % tool)
        elif tool == "7z":
            r["7z"] = tar_7z
        else:
            r["gnutar" if tool == "tar" else tool] = \
                (lambda t: lambda f: tar_tool(t, f))(tool)
    return r


# --- squashfs -----------------------------------------------------------------

def sq_norm(n):
    """A squashfs name without unsquashfs's "squashfs-root/"."""
    if n == b"squashfs-root":
        return None
    if n.startswith(b"squashfs-root/"):
        n = n[len(b"squashfs-root/"):]
    return None if n in (b"", b".") else n


def sq_unsquashfs(f):
    """unsquashfs -lls for names and types, -cat for the bytes."""
    r = run(["unsquashfs", "-lls", f])
    if r.returncode != 0:
        raise OSError("unsquashfs -lls")
    out = {}
    for l in lines_of(r.stdout):
        if l[:1] not in b"-dlbcps" or len(l.split(None, 5)) < 6:
            continue
        name = l.split(None, 5)[5]
        if l[:1] == b"l":
            name = name.rsplit(b" -> ", 1)[0]
        n = sq_norm(name)
        if n is None:
            continue
        if l[:1] != b"-":
            out[n] = None
            continue
        c = run([b"unsquashfs", b"-cat", f.encode(), unsquash_esc(n)])
        if c.returncode != 0:
            raise OSError("unsquashfs -cat")
        out[n] = sha(c.stdout)
    return out


def sq_readers():
    r = {}
    for tool, fn in (("unsquashfs", sq_unsquashfs),
                     ("7z", lambda f: sevenz_tree(f, sq_norm))):
        if shutil.which(tool):
            r[tool] = fn
        else:
            print("skipped %s: not installed" % tool)
    return r


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


def is_tar(f):
    return f.endswith((".tar", ".tar.gz", ".tgz", ".tar.xz", ".tar.bz2",
                       ".deb"))


def deb_data(f, tmp):
    """A .deb's data.tar as dpkg-deb gives it (a file under tmp)."""
    out = os.path.join(tmp, "data-%d.tar" % abs(hash(f)))
    with open(out, "wb") as o:
        r = subprocess.run(["dpkg-deb", "--fsys-tarfile", f], stdout=o,
                           stderr=subprocess.DEVNULL, timeout=120)
    if r.returncode != 0:
        raise OSError("dpkg-deb")
    return out


def read_all(f, readers, tmp):
    readings = {}
    if f.endswith(".deb"):
        if not shutil.which("dpkg-deb"):
            return readings
        try:
            f = deb_data(f, tmp)
        except Exception:
            return readings
    for name, fn in readers.items():
        try:
            readings[name] = fn(f)
        except Exception:
            pass
    return readings


def main(argv):
    files = argv[1:]
    if not files:
        sys.exit(__doc__)
    zips = [f for f in files if not is_tar(f) and not f.endswith(".sqfs")]
    readers = {"python": py_read}
    for tool, fn in (("unzip", unzip_read), ("7z", sevenz_read),
                     ("bsdtar", bsdtar_read)):
        if shutil.which(tool):
            readers[tool] = fn
        else:
            print("skipped %s: not installed" % tool)
    treaders = tar_readers()
    sreaders = sq_readers() if any(f.endswith(".sqfs") for f in files) \
        else {}
    java = None
    if zips and shutil.which("java"):
        with tempfile.TemporaryDirectory() as tmp:
            java = java_all(zips, tmp)
    elif zips:
        print("skipped java: not installed (default-jdk-headless)")
    with tempfile.TemporaryDirectory() as tmp:
        for f in files:
            readings = read_all(f, treaders if is_tar(f) else sreaders
                                if f.endswith(".sqfs") else readers, tmp)
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
