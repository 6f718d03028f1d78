#!/usr/bin/python3
"""A real server for the guest: answers with its own name.

  realserver.py NAME [HTTP_PORT] [UDP_PORT]

With REAL_PIDFILE in the environment it writes its pid there (the one process to kill -9).

HTTP (default :80): GET / -> "NAME\\n"; GET /hold?s=N -> one line "NAME i" every 0.2 s for N
seconds on one connection (a long-lived session); GET /echo -> after the response head, every line
the client sends is answered at once with "NAME line" until the client closes (a session exchanging
data both ways). UDP (default :5353): any datagram -> "NAME\\n".
"""
import os
import socket
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

NAME = sys.argv[1]
HTTP_PORT = int(sys.argv[2]) if len(sys.argv) > 2 else 80
UDP_PORT = int(sys.argv[3]) if len(sys.argv) > 3 else 5353


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"

    def do_GET(self):
        url = urlparse(self.path)
        if url.path == "/hold":
            seconds = float(parse_qs(url.query).get("s", ["10"])[0])
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            end = time.monotonic() + seconds
            i = 0
            try:
                while time.monotonic() < end:
                    self.wfile.write(f"{NAME} {i}\n".encode())
                    self.wfile.flush()
                    i += 1
                    time.sleep(0.2)
                self.wfile.write(b"end\n")
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client closed the session
            return
        if url.path == "/echo":
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            self.wfile.flush()
            try:
                while True:
                    line = self.rfile.readline()
                    if not line:
                        break
                    self.wfile.write(f"{NAME} {line.decode().strip()}\n".encode())
                    self.wfile.flush()
            except (BrokenPipeError, ConnectionResetError):
                pass
            return
        body = (NAME + "\n").encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def udp():
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("0.0.0.0", UDP_PORT))
    while True:
        _, peer = s.recvfrom(2048)
        s.sendto((NAME + "\n").encode(), peer)


if os.environ.get("REAL_PIDFILE"):
    with open(os.environ["REAL_PIDFILE"], "w") as f:
        f.write(f"{os.getpid()}\n")
threading.Thread(target=udp, daemon=True).start()
ThreadingHTTPServer.daemon_threads = True
ThreadingHTTPServer.allow_reuse_address = True
print(f"{NAME}: http :{HTTP_PORT}, udp :{UDP_PORT}", flush=True)
ThreadingHTTPServer(("0.0.0.0", HTTP_PORT), Handler).serve_forever()
