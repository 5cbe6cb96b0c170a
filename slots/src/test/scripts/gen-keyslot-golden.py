#!/usr/bin/env python3
"""Regenerate the CLUSTER KEYSLOT golden file used by KeySlotGoldenTest.

Draws seeded random keys (lengths 0..64, raw bytes, about 40% built around braces: empty tags,
nested and repeated tags, lone braces, braces at the edges), starts a throw-away cluster-enabled
redis-server on a free loopback port, asks it CLUSTER KEYSLOT for every key over one pipelined
connection, stops it, and writes `<hex of key>\t<slot>` lines, gzipped, to
slots/src/test/resources/io/krill/slots/keyslot-golden.tsv.gz (or --out).

Standard library only. Usage: gen-keyslot-golden.py [--seed N] [--count N] [--out PATH]
"""

import argparse
import gzip
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_OUT = os.path.normpath(
    os.path.join(HERE, "..", "resources", "io", "krill", "slots", "keyslot-golden.tsv.gz"))
MAX_LEN = 64
BATCH = 2000


def random_bytes(rng, n):
    """Mostly arbitrary bytes; sometimes printable ASCII, so tags look like real keys too."""
    if rng.random() < 0.3:
        return bytes(rng.randrange(0x20, 0x7F) for _ in range(n))
    return bytes(rng.randrange(256) for _ in range(n))


def plain_key(rng):
    return random_bytes(rng, rng.randint(0, MAX_LEN))


def braced_key(rng):
    """A key shaped to exercise the tag rule; trimmed to MAX_LEN (a trim may cut a tag: also useful)."""
    shape = rng.randrange(8)
    r = lambda lo, hi: random_bytes(rng, rng.randint(lo, hi))
    if shape == 0:    # one well-formed tag somewhere
        key = r(0, 20) + b"{" + r(1, 20) + b"}" + r(0, 20)
    elif shape == 1:  # empty tag, then maybe a real one (the whole key is hashed)
        key = r(0, 15) + b"{}" + r(0, 15) + (b"{" + r(1, 10) + b"}" if rng.random() < 0.5 else b"")
    elif shape == 2:  # nested braces: the tag starts with '{'
        key = r(0, 15) + b"{{" + r(0, 15) + b"}}" + r(0, 15)
    elif shape == 3:  # several tags: only the first counts
        key = b"".join(r(0, 6) + b"{" + r(0, 6) + b"}" for _ in range(rng.randint(2, 5)))
    elif shape == 4:  # '{' with no '}' after it, maybe a '}' before it
        key = r(0, 20) + (b"}" if rng.random() < 0.5 else b"") + r(0, 10) + b"{" + r(0, 20)
        key = key[:key.index(b"{") + 1] + key[key.index(b"{") + 1:].replace(b"}", b"")
    elif shape == 5:  # tag at the very start or the very end
        tag = b"{" + r(0, 12) + b"}"
        key = tag + r(0, 30) if rng.random() < 0.5 else r(0, 30) + tag
    elif shape == 6:  # only braces and a few letters
        key = bytes(rng.choice(b"{}{}ab") for _ in range(rng.randint(1, MAX_LEN)))
    else:             # random bytes with braces sprinkled at random positions
        key = bytearray(r(0, MAX_LEN))
        for _ in range(rng.randint(1, 4)):
            if key:
                key[rng.randrange(len(key))] = rng.choice(b"{}")
        key = bytes(key)
    return key[:MAX_LEN]


def make_keys(seed, count):
    rng = random.Random(seed)
    keys = [b"", b"{}", b"{", b"}", b"}{", b"{a}", b"123456789"]
    while len(keys) < count:
        keys.append(braced_key(rng) if rng.random() < 0.4 else plain_key(rng))
    return keys


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def resp_command(*args):
    out = [b"*%d\r\n" % len(args)]
    for a in args:
        out.append(b"$%d\r\n%s\r\n" % (len(a), a))
    return b"".join(out)


class Reader:
    def __init__(self, sock):
        self.sock = sock
        self.buf = b""

    def line(self):
        while b"\r\n" not in self.buf:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ConnectionError("redis-server closed the connection")
            self.buf += chunk
        line, self.buf = self.buf.split(b"\r\n", 1)
        return line

    def integer(self):
        line = self.line()
        if not line.startswith(b":"):
            raise RuntimeError("unexpected reply: %r" % line)
        return int(line[1:])


def start_server(workdir, port):
    server = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--cluster-enabled", "yes",
         "--cluster-config-file", os.path.join(workdir, "nodes.conf"), "--save", "", "--appendonly", "no",
         "--dir", workdir, "--daemonize", "no"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            return server, socket.create_connection(("127.0.0.1", port), timeout=10)
        except OSError:
            if server.poll() is not None:
                raise RuntimeError("redis-server exited with %s" % server.returncode)
            time.sleep(0.05)
    server.kill()
    raise RuntimeError("redis-server did not accept connections on port %d" % port)


def keyslots(sock, keys):
    reader = Reader(sock)
    slots = []
    for start in range(0, len(keys), BATCH):
        batch = keys[start:start + BATCH]
        sock.sendall(b"".join(resp_command(b"CLUSTER", b"KEYSLOT", k) for k in batch))
        slots.extend(reader.integer() for _ in batch)
    return slots


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=16384)
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--out", default=DEFAULT_OUT)
    args = parser.parse_args()
    if shutil.which("redis-server") is None:
        sys.exit("redis-server is not on PATH (apt-get install redis-server)")

    keys = make_keys(args.seed, args.count)
    workdir = tempfile.mkdtemp(prefix="krill-keyslot-")
    server, sock = start_server(workdir, free_port())
    try:
        version = subprocess.run(["redis-server", "--version"], capture_output=True, text=True).stdout.strip()
        slots = keyslots(sock, keys)
        sock.sendall(resp_command(b"SHUTDOWN", b"NOSAVE"))
    finally:
        sock.close()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        shutil.rmtree(workdir, ignore_errors=True)

    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    # mtime=0 keeps the gzip bytes identical across runs with the same seed.
    with open(args.out, "wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as gz:
        for key, slot in zip(keys, slots):
            gz.write(b"%s\t%d\n" % (key.hex().encode("ascii"), slot))
    braced = sum(1 for k in keys if b"{" in k or b"}" in k)
    print("%s: %d keys (%d with braces), seed %d, from %s"
          % (args.out, len(keys), braced, args.seed, version))


if __name__ == "__main__":
    main()
