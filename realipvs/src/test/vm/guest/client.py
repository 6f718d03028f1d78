#!/usr/bin/python3
"""The client of the guest scenarios. Prints one result line "key=value ..." on stdout (or into
OUT): counters per name as "names=r1:2,r2:2", then "# " lines listing the first errors.

  client.py get HOST:PORT N            N HTTP GETs, each on a new connection: names seen, errors
  client.py udp HOST:PORT N            N UDP requests, each from a new socket (a new source port)
  client.py hold HOST:PORT SECONDS OUT one long-lived HTTP session (/hold): lines, largest gap;
                                       ends early (completed) when OUT.stop exists
  client.py loop HOST:PORT SECONDS OUT GETs back to back until SECONDS pass or OUT.stop exists
  client.py echo HOST:PORT SECONDS OUT [INTERVAL]
                                       one long-lived session (/echo) sending a numbered line every
                                       INTERVAL s (0.05) and reading the real's answers, until SECONDS
                                       pass or OUT.stop exists; then it waits (up to 10 s) for the
                                       answers still due. Writes OUT.port (its local port, once
                                       connected) and OUT.times (the arrival time of every answer,
                                       epoch seconds, one a line): the gaps can be cut to any window.
"""
import threading
import os
import socket
import sys
import time
from collections import Counter


def http_get(host, port, path="/", timeout=5.0):
    with socket.create_connection((host, port), timeout=timeout) as s:
        s.sendall(f"GET {path} HTTP/1.0\r\nHost: {host}\r\n\r\n".encode())
        data = b""
        while True:
            chunk = s.recv(4096)
            if not chunk:
                break
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    if not head.startswith(b"HTTP/1.0 200"):
        raise IOError(f"bad response: {head[:40]!r}")
    return body.decode().strip()


def get(target, n):
    host, port = target.rsplit(":", 1)
    names, errors = Counter(), []
    for _ in range(int(n)):
        try:
            names[http_get(host, int(port))] += 1
        except Exception as e:  # noqa: BLE001 — every failure is a client error to report
            errors.append(f"{type(e).__name__}: {e}")
    return {"names": dict(names), "errors": len(errors), "error_list": errors[:10]}


def udp(target, n):
    host, port = target.rsplit(":", 1)
    names, errors = Counter(), []
    for _ in range(int(n)):
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.settimeout(3.0)
        try:
            s.sendto(b"who?", (host, int(port)))
            names[s.recv(2048).decode().strip()] += 1
        except Exception as e:  # noqa: BLE001
            errors.append(f"{type(e).__name__}: {e}")
        finally:
            s.close()
    return {"names": dict(names), "errors": len(errors), "error_list": errors[:10]}


def past_head(buf):
    """(True, the body read so far) once buf holds a whole 200 response head; (False, buf) before."""
    if b"\r\n\r\n" not in buf:
        return False, buf
    head, body = buf.split(b"\r\n\r\n", 1)
    if not head.startswith(b"HTTP/1.0 200"):
        raise IOError(f"bad response: {head[:40]!r}")
    return True, body


def hold(target, seconds, out):
    host, port = target.rsplit(":", 1)
    started = time.monotonic()
    lines, last, max_gap, names, error, ended = 0, started, 0.0, Counter(), None, False
    in_body = False
    try:
        with socket.create_connection((host, int(port)), timeout=5) as s:
            s.sendall(f"GET /hold?s={seconds} HTTP/1.0\r\nHost: {host}\r\n\r\n".encode())
            buf = b""
            while not ended:
                if os.path.exists(out + ".stop"):
                    ended = True
                    break
                chunk = s.recv(4096)
                now = time.monotonic()
                if not chunk:
                    break
                buf += chunk
                if not in_body:
                    in_body, buf = past_head(buf)
                    if not in_body:
                        continue
                while b"\n" in buf:
                    line, buf = buf.split(b"\n", 1)
                    text = line.decode().strip()
                    if text == "end":
                        ended = True
                    elif text:
                        names[text.split()[0]] += 1
                        lines += 1
                        max_gap = max(max_gap, now - last)
                        last = now
    except Exception as e:  # noqa: BLE001
        error = f"{type(e).__name__}: {e}"
    return {"lines": lines, "names": dict(names), "max_gap_s": round(max_gap, 3), "completed": ended,
            "errors": 0 if error is None else 1, "error_list": [error] if error else [],
            "duration_s": round(time.monotonic() - started, 2)}


def echo(target, seconds, out, interval):
    host, port = target.rsplit(":", 1)
    started = time.monotonic()
    end = started + float(seconds)
    interval = float(interval)
    state = {"sent": 0, "received": 0, "max_gap": 0.0, "max_gap_end": 0.0, "out_of_order": 0,
             "error": None, "names": Counter()}
    times = open(out + ".times", "w", buffering=1)  # line-buffered: read while it runs
    try:
        s = socket.create_connection((host, int(port)), timeout=5)
    except Exception as e:  # noqa: BLE001
        times.close()
        return {"sent": 0, "received": 0, "errors": 1, "error_list": [f"connect: {type(e).__name__}: {e}"],
                "completed": False}
    with open(out + ".port.tmp", "w") as f:
        f.write(f"{s.getsockname()[1]}\n")
    os.replace(out + ".port.tmp", out + ".port")
    # No timeout on the reads: a failover stalls them for as long as it takes, which is what we measure.
    s.settimeout(None)
    s.sendall(f"GET /echo HTTP/1.0\r\nHost: {host}\r\n\r\n".encode())
    done = threading.Event()

    def receive():
        buf, in_body, last, expect = b"", False, None, 0
        try:
            while True:
                chunk = s.recv(4096)
                now = time.time()
                if not chunk:
                    if not done.is_set():
                        raise IOError("the real server closed the session")
                    return
                buf += chunk
                if not in_body:
                    in_body, buf = past_head(buf)
                    if not in_body:
                        continue
                    last = now
                while b"\n" in buf:
                    line, buf = buf.split(b"\n", 1)
                    name, _, n = line.decode().strip().partition(" ")
                    if int(n) != expect:
                        state["out_of_order"] += 1
                    expect = int(n) + 1
                    state["names"][name] += 1
                    state["received"] += 1
                    times.write(f"{now:.3f}\n")
                    gap = now - last
                    if gap > state["max_gap"]:
                        state["max_gap"], state["max_gap_end"] = gap, now
                    last = now
                if done.is_set() and state["received"] >= state["sent"]:
                    return
        except Exception as e:  # noqa: BLE001
            state["error"] = state["error"] or f"{time.time():.3f} {type(e).__name__}: {e}"

    reader = threading.Thread(target=receive, daemon=True)
    reader.start()
    try:
        next_send = time.monotonic()
        while time.monotonic() < end and not os.path.exists(out + ".stop") and reader.is_alive():
            s.sendall(f"{state['sent']}\n".encode())
            state["sent"] += 1
            next_send += interval
            time.sleep(max(0.0, next_send - time.monotonic()))
    except Exception as e:  # noqa: BLE001
        state["error"] = state["error"] or f"{time.time():.3f} send: {type(e).__name__}: {e}"
    done.set()
    drain_end = time.monotonic() + 10
    while reader.is_alive() and state["received"] < state["sent"] and time.monotonic() < drain_end:
        time.sleep(0.05)
    completed = state["error"] is None and state["received"] == state["sent"]
    try:
        s.shutdown(socket.SHUT_RDWR)  # ends the reader's recv
        s.close()
    except OSError:
        pass
    reader.join(5)
    times.close()
    errors = [state["error"]] if state["error"] else []
    if state["received"] != state["sent"] and not errors:
        errors.append(f"{state['sent'] - state['received']} answer(s) missing after 10 s")
    return {"sent": state["sent"], "received": state["received"], "names": dict(state["names"]),
            "max_gap_s": round(state["max_gap"], 3), "max_gap_end": round(state["max_gap_end"], 3),
            "out_of_order": state["out_of_order"], "completed": completed, "errors": len(errors),
            "error_list": errors, "duration_s": round(time.monotonic() - started, 2)}


def loop(target, seconds, out):
    host, port = target.rsplit(":", 1)
    end = time.monotonic() + float(seconds)
    names, errors, n = Counter(), [], 0
    started = time.time()
    while time.monotonic() < end and not os.path.exists(out + ".stop"):
        n += 1
        try:
            names[http_get(host, int(port))] += 1
        except Exception as e:  # noqa: BLE001
            errors.append(f"{time.time():.3f} {type(e).__name__}: {e}")
        time.sleep(0.02)
    return {"requests": n, "names": dict(names), "errors": len(errors), "error_list": errors[:20],
            "started": round(started, 3), "ended": round(time.time(), 3)}


def main():
    mode, target = sys.argv[1], sys.argv[2]
    if mode == "get":
        result, out = get(target, sys.argv[3]), None
    elif mode == "udp":
        result, out = udp(target, sys.argv[3]), None
    elif mode == "hold":
        out = sys.argv[4]
        result = hold(target, sys.argv[3], out)
    elif mode == "echo":
        out = sys.argv[4]
        result = echo(target, sys.argv[3], out, sys.argv[5] if len(sys.argv) > 5 else 0.05)
    elif mode == "loop":
        out = sys.argv[4]
        result = loop(target, sys.argv[3], out)
    else:
        sys.exit(f"unknown mode {mode}")
    def fmt(v):
        if isinstance(v, dict):
            return ",".join(f"{k}:{v[k]}" for k in sorted(v)) or "-"
        return str(v).lower() if isinstance(v, bool) else str(v)
    text = " ".join(f"{k}={fmt(v)}" for k, v in sorted(result.items()) if k != "error_list")
    text += "".join(f"\n# {e}" for e in result.get("error_list", []))
    if out:
        with open(out + ".tmp", "w") as f:
            f.write(text + "\n")
        os.replace(out + ".tmp", out)
    else:
        print(text)


main()
