#!/usr/bin/env python3
"""jsonvalid.py: whether each FILE holds one JSON document that is valid
against the JSON Schema of electrum-verify's output (python3-jsonschema).

    python3 tests/jsonvalid.py SCHEMA FILE...

Exits 0 when every FILE is valid; else prints, for the first invalid
one, where and why, and exits 1.
"""
import json
import sys

import jsonschema


def main():
    if len(sys.argv) < 3:
        sys.exit("usage: jsonvalid.py SCHEMA FILE...")
    with open(sys.argv[1], encoding="utf-8") as f:
        schema = json.load(f)
    jsonschema.Draft202012Validator.check_schema(schema)
    v = jsonschema.Draft202012Validator(schema)
    for name in sys.argv[2:]:
        try:
            with open(name, encoding="utf-8") as f:
                doc = json.load(f)
        except (OSError, ValueError) as e:
            print("%s: not one JSON document: %s" % (name, e))
            return 1
        errs = sorted(v.iter_errors(doc), key=lambda e: len(e.path))
        if errs:
            best = jsonschema.exceptions.best_match(errs)
            print("%s: at /%s: %s" % (name, "/".join(str(p) for p in
                  best.absolute_path), best.message[:300]))
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
