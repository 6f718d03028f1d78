#!/usr/bin/python3
"""Asks a running director on its control socket (what `ldirectord CFG COMMAND` does, without a JVM
start-up, which costs 5-15 s under TCG): one request line, the answer until the daemon closes.

  hactl.py SOCKET COMMAND                      prints the answer; exit 1 when nobody answers
  hactl.py SOCKET COMMAND REGEX... -t SECONDS  asks every 0.2 s until the answer matches every REGEX
                                               (re.M); prints the last answer and, on stderr, the
                                               seconds it took; exit 1 at the limit
"""
import re
import socket
import sys
import time


def ask(path, command):
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
        s.settimeout(10)
        s.connect(path)
        s.sendall((command + "\n").encode())
        s.shutdown(socket.SHUT_WR)
        data = b""
        while True:
            chunk = s.recv(65536)
            if not chunk:
                return data.decode()
            data += chunk


def main():
    args = sys.argv[1:]
    limit = None
    if "-t" in args:
        i = args.index("-t")
        limit = float(args[i + 1])
        del args[i:i + 2]
    path, command, patterns = args[0], args[1], [re.compile(p, re.M) for p in args[2:]]
    started = time.monotonic()
    answer, error = "", None
    while True:
        try:
            answer, error = ask(path, command), None
        except OSError as e:
            error = f"{type(e).__name__}: {e}"
        if error is None and all(p.search(answer) for p in patterns):
            sys.stdout.write(answer)
            print(f"{time.monotonic() - started:.2f}", file=sys.stderr)
            return 0
        if limit is None or time.monotonic() - started > limit:
            sys.stdout.write(answer if error is None else f"(no answer: {error})\n")
            return 1
        time.sleep(0.2)


sys.exit(main())
