#!/usr/bin/env python3
"""tests/fetchsrv.py: a small HTTPS server on loopback for
tests/cases/25-fetch.sh (`electrum-verify keys fetch`). Standard library
only.

    python3 tests/fetchsrv.py CERT KEY DIR PORTFILE LOG [SECONDS]

Listens on 127.0.0.1 only, on a free port that it writes to PORTFILE once
it accepts connections, and stops by itself after SECONDS (default 300).
Every request's path is appended to LOG. Paths:

    /FILE              DIR/FILE with its Content-Length (404 if missing)
    /nolength/FILE     DIR/FILE without Content-Length (HTTP/1.0, the end
                       of the connection ends it)
    /chunked/FILE      DIR/FILE in chunks of 64 KiB (HTTP/1.1 chunked)
    /length/N/FILE     DIR/FILE whole, under a lying "Content-Length: N"
    /status/N          answers HTTP N with a short text body
    /redirect/PATH     302 to https://127.0.0.1:PORT/PATH
    /to-http/PATH      302 to http://127.0.0.1:PORT/PATH
    /loop              302 to /loop, for ever
    /stall             headers and 10 of 1000 bytes, then nothing for 60 s
"""
import http.server
import os
import ssl
import sys
import threading
import time


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        pass

    def finish(self):
        super().finish()
        try:    # close_notify: a body without length ends properly
            self.connection.unwrap()
        except (OSError, ValueError):
            pass

    def send_text(self, code, text, extra=()):
        body = text.encode()
        self.send_response(code)
        for k, v in extra:
            self.send_header(k, v)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body)
        self.close_connection = True

    def file_bytes(self, name):
        path = os.path.join(self.server.root, name)
        if "/" in name or name.startswith(".") or not os.path.isfile(path):
            return None
        with open(path, "rb") as f:
            return f.read()

    def do_GET(self):
        with open(self.server.log, "a") as f:
            f.write(self.path + "\n")
        p = self.path
        port = self.server.server_address[1]
        if p == "/stall":
            return self.stall()
        if p == "/loop":
            return self.send_text(302, "again", [("Location", "/loop")])
        if p.startswith("/redirect/"):
            to = "https://127.0.0.1:%d/%s" % (port, p[len("/redirect/"):])
            return self.send_text(302, "moved", [("Location", to)])
        if p.startswith("/to-http/"):
            to = "http://127.0.0.1:%d/%s" % (port, p[len("/to-http/"):])
            return self.send_text(302, "moved", [("Location", to)])
        if p.startswith("/status/"):
            return self.send_text(int(p[len("/status/"):]), "status\n")
        mode = "plain"
        if p.startswith("/length/"):
            n, _, p = p[len("/length/"):].partition("/")
            mode, p = int(n), "/" + p
        for m in ("nolength", "chunked"):
            if p.startswith("/%s/" % m):
                mode, p = m, p[len(m) + 1:]
        data = self.file_bytes(p[1:])
        if data is None:
            return self.send_text(404, "not found\n")
        self.send_file(mode, data)

    def stall(self):
        self.send_response(200)
        self.send_header("Content-Length", "1000")
        self.end_headers()
        self.wfile.write(b"x" * 10)
        self.wfile.flush()
        self.close_connection = True
        time.sleep(60)

    def send_file(self, mode, data):
        if mode == "nolength":
            self.protocol_version = "HTTP/1.0"
        self.send_response(200)
        self.send_header("Content-Type", "application/pgp-keys")
        if mode == "plain":
            self.send_header("Content-Length", str(len(data)))
        elif isinstance(mode, int):
            self.send_header("Content-Length", str(mode))
        elif mode == "chunked":
            self.send_header("Transfer-Encoding", "chunked")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        try:
            if mode != "chunked":
                self.wfile.write(data)
                return
            for i in range(0, len(data), 65536):
                c = data[i:i + 65536]
                self.wfile.write(b"%x\r\n%s\r\n" % (len(c), c))
            self.wfile.write(b"0\r\n\r\n")
        except (BrokenPipeError, ConnectionResetError, ssl.SSLError):
            pass    # the client stopped reading: what the cap is for


def serve(srv, portfile, seconds):
    """Serves srv until seconds have passed; its port goes to portfile
    (written whole, by rename) once it accepts connections. Shared with
    tests/tsasrv.py."""
    threading.Timer(seconds, srv.shutdown).start()
    tmp = portfile + ".tmp"
    with open(tmp, "w") as f:
        f.write("%d\n" % srv.server_address[1])
    os.rename(tmp, portfile)
    srv.serve_forever()


def main():
    cert, key, root, portfile, log = sys.argv[1:6]
    seconds = float(sys.argv[6]) if len(sys.argv) > 6 else 300.0
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(cert, key)
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    srv.daemon_threads = True
    srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
    srv.root, srv.log = root, log
    serve(srv, portfile, seconds)


if __name__ == "__main__":
    main()
