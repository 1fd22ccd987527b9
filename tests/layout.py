#!/usr/bin/env python3
"""layout: the shape of verify/ that README.md's Layout section promises.

Prints one line per check, "ok NAME" or "not ok NAME: why", and exits 0.
Checks: folders are layers, and a file includes only from its own folder
or from a layer listed before it (the front ends cli/ and gui/ from any
core layer, never from each other); includes name their folder; no
include circle between headers; a *_private.h refuses (#error) to be
included without its guard macro and is included only in its folder;
README's Layout names every folder; GPGME is used in the OpenPGP engine
only (openpgp/gpg.c and its header).
"""
import os
import re
import sys

CORE = ["base", "openpgp", "trust", "manifest", "walk", "compare", "bind"]
FRONT = ["cli", "gui"]
GPGME_FILES = {"openpgp/gpg.c", "openpgp/gpg.h"}

root = sys.argv[1] if len(sys.argv) > 1 else "."
src = os.path.join(root, "verify")
INC = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)
results = []


def check(name, problems):
    if problems:
        results.append("not ok %s: %s" % (name, "; ".join(problems[:6]) +
                       (" (+%d more)" % (len(problems) - 6)
                        if len(problems) > 6 else "")))
    else:
        results.append("ok " + name)


files = {}
for d in sorted(os.listdir(src)):
    p = os.path.join(src, d)
    if os.path.isdir(p):
        for f in sorted(os.listdir(p)):
            if f.endswith((".c", ".h")):
                files[d + "/" + f] = open(os.path.join(p, f)).read()
stray = [f for f in os.listdir(src) if os.path.isfile(os.path.join(src, f))]
folders = sorted({f.split("/")[0] for f in files})

check("every source file is in a layer folder",
      ["verify/%s" % f for f in stray] +
      ["unknown folder %s/" % d for d in folders if d not in CORE + FRONT])

rank = {d: i for i, d in enumerate(CORE)}
bad_dir, bad_name = [], []
for f, text in files.items():
    d = f.split("/")[0]
    for inc in INC.findall(text):
        if "/" not in inc:
            bad_name.append('%s: "%s"' % (f, inc))
            continue
        t = inc.split("/")[0]
        if inc not in files:
            bad_name.append('%s: "%s" does not exist' % (f, inc))
        elif t == d:
            continue
        elif t in FRONT or (d in CORE and rank[t] > rank[d]):
            bad_dir.append("%s includes %s" % (f, inc))
check("includes name their folder", bad_name)
check("dependencies point downward (%s, then %s)" %
      (" < ".join(CORE), " and ".join(FRONT)), bad_dir)

# No circle among headers (a header's includes, transitively).
graph = {f: [i for i in INC.findall(t) if i in files]
         for f, t in files.items() if f.endswith(".h")}
cycles, state = [], {}


def visit(h, path):
    state[h] = 1
    for n in graph.get(h, []):
        if state.get(n) == 1:
            cycles.append(" -> ".join(path[path.index(n):] + [n]))
        elif n not in state:
            visit(n, path + [n])
    state[h] = 2


for h in graph:
    if h not in state:
        visit(h, [h])
check("no include circle between headers", cycles)

priv = []
for f, text in files.items():
    if not f.endswith("_private.h"):
        continue
    m = re.search(r"#ifndef (\w+_PRIVATE)\n#error", text)
    if not m:
        priv.append("%s has no #ifndef X_PRIVATE / #error guard" % f)
    for g, t in files.items():
        if f in INC.findall(t) and g.split("/")[0] != f.split("/")[0]:
            priv.append("%s includes %s" % (g, f))
check("private headers are guarded and stay in their folder", priv)

readme = open(os.path.join(root, "README.md")).read()
lay = readme[readme.find("## Layout"):]
lay = lay[:lay.find("\n## ", 4)]
check("README's Layout names every folder",
      ["%s/ missing" % d for d in folders if "`%s/`" % d not in lay])


def named(f, text):
    """A file is named by its file name or its module's prefix (`x_*`)."""
    base = f.split("/")[1]
    mod = base.rsplit(".", 1)[0]
    return re.search(r"`(%s|%s\.c|%s_\*|%s)`" % (re.escape(base),
                     re.escape(mod), re.escape(mod), re.escape(mod)),
                     text) is not None


check("README's Layout names every file",
      ["%s missing" % f for f in sorted(files) if not named(f, lay)])

check("GPGME only in the OpenPGP engine (%s)" % ", ".join(sorted(GPGME_FILES)),
      ["%s:%d" % (f, text[:m.start()].count("\n") + 1)
       for f, text in files.items() if f not in GPGME_FILES
       for m in [re.search(r"\bgpgme_\w+|<gpgme\.h>", text)] if m])

print("\n".join(results))
