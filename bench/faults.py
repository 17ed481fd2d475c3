#!/usr/bin/env python3
"""Faults for `patmint serve` under load (bench/serve.sh): garbage, an oversized (1 MB)
request, slow (slowloris) clients and 10 000 idle connections. Prints one line per fault and
exits non-zero if the server stopped answering /healthz during or after it."""
import os
import socket
import sys
import time

HOST, PORT = "127.0.0.1", int(sys.argv[1])


def healthy():
    s = socket.create_connection((HOST, PORT), timeout=5)
    s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    data = s.recv(100)
    s.close()
    return data.startswith(b"HTTP/1.1 200")


def status_of(payload, chunk=65536):
    s = socket.create_connection((HOST, PORT), timeout=10)
    try:
        for i in range(0, len(payload), chunk):
            s.sendall(payload[i : i + chunk])
    except (BrokenPipeError, ConnectionResetError):
        pass  # the server answered and closed before reading it all
    try:
        data = s.recv(200)
    except ConnectionResetError:
        data = b""
    s.close()
    return data.split(b"\r\n", 1)[0].decode(errors="replace") or "(closed)"


def main():
    ok = True
    print("garbage:", status_of(os.urandom(4096)))
    print("oversized 1 MB header:", status_of(b"GET /auth HTTP/1.1\r\nHost: x\r\nX-Pad: " + b"a" * (1 << 20) + b"\r\n\r\n"))
    print("oversized 1 MB body:", status_of(b"POST /auth HTTP/1.1\r\nHost: x\r\nContent-Length: 1048576\r\n\r\n" + b"a" * (1 << 20)))
    ok &= healthy()

    # Slowloris: 200 clients each sending one header byte a second; the header timeout
    # (10 s by default) must close them while everyone else is served.
    slow = []
    for _ in range(200):
        s = socket.create_connection((HOST, PORT), timeout=5)
        s.sendall(b"GET /auth HTTP/1.1\r\n")
        slow.append(s)
    started = time.time()
    closed = 0
    while time.time() - started < 15 and closed < len(slow):
        closed = 0
        for s in slow:
            try:
                s.sendall(b"X")
            except OSError:
                closed += 1
        ok &= healthy()
        time.sleep(1)
    print(f"slowloris: {closed}/{len(slow)} slow clients cut off after {time.time() - started:.0f} s; healthy throughout: {ok}")
    for s in slow:
        s.close()

    # 10 000 idle connections: beyond --max-connections they are closed on arrival; the rest
    # time out; the server keeps answering.
    idle = []
    refused = 0
    for _ in range(10_000):
        try:
            idle.append(socket.create_connection((HOST, PORT), timeout=5))
        except OSError:
            refused += 1
    time.sleep(1)
    during = healthy()
    ok &= during
    for s in idle:
        s.close()
    print(f"idle: 10000 connections opened ({refused} refused by the kernel); /healthz answered while they were open: {during}")
    ok &= healthy()
    print("healthy after the faults:", ok)
    sys.exit(0 if ok else 1)


main()
