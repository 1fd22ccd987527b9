#!/usr/bin/env python3
"""tests/tsasrv.py: an RFC 3161 time-stamp responder on loopback, made of
`openssl ts -reply`, for osslsigncode -ts in tests/archives.sh (issue 16:
a genuine timestamp must stay clean). Standard library only.

    python3 tests/tsasrv.py DIR PORTFILE [SECONDS]

DIR holds tsa.cnf, tsacert.pem and tsakey.pem (written by the caller).
Listens on 127.0.0.1 only, on a free port that it writes to PORTFILE once
it accepts connections, answers each POST (a DER TimeStampReq) with the
reply of `openssl ts -reply`, and stops by itself after SECONDS (default
120).
"""
import http.server
import os
import subprocess
import sys
import tempfile

from fetchsrv import serve


def main(argv):
    if len(argv) not in (3, 4):
        sys.exit(__doc__)
    d, portfile = argv[1], argv[2]
    seconds = int(argv[3]) if len(argv) == 4 else 120

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            n = int(self.headers.get("Content-Length", "0"))
            req = self.rfile.read(n)
            with tempfile.TemporaryDirectory(dir=d) as t:
                q, r = os.path.join(t, "q.tsq"), os.path.join(t, "r.tsr")
                with open(q, "wb") as f:
                    f.write(req)
                rc = subprocess.call(
                    ["openssl", "ts", "-reply", "-config",
                     os.path.join(d, "tsa.cnf"), "-queryfile", q,
                     "-inkey", os.path.join(d, "tsakey.pem"),
                     "-signer", os.path.join(d, "tsacert.pem"),
                     "-out", r], stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL, cwd=t)
                body = open(r, "rb").read() if rc == 0 else b""
            self.send_response(200 if rc == 0 else 500)
            self.send_header("Content-Type", "application/timestamp-reply")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    serve(http.server.HTTPServer(("127.0.0.1", 0), Handler), portfile,
          seconds)


if __name__ == "__main__":
    main(sys.argv)
