#!/usr/bin/env python3
"""Captures real Redis's COMMAND INFO and COMMAND DOCS replies (RESP2 and RESP3) as raw bytes.

Krill takes every command's arity, flags, key positions, ACL categories and documentation from these
captures, so COMMAND, COMMAND INFO and COMMAND DOCS answer exactly what Redis 7.0 answers for the
commands Krill implements, and arity errors match without a hand-written table.

Usage: capture-command-table.py [redis-server binary]   (starts and stops its own server)

Not captured: command-info-7.2.resp2/3 and command-docs-7.2.resp2/3 next to the captures hold the few newer
subcommands Krill serves (CLUSTER MYSHARDID), written by hand in the same format from Redis 7.2's
src/commands/*.json (arity, flags, tips, summary, since, group, complexity); CommandTable adds them to their 7.0
container. Re-capturing does not touch them.
"""
import os, socket, subprocess, sys, tempfile, time

OUT = os.path.join(os.path.dirname(__file__), '..', 'resources', 'io', 'krill', 'core', 'command')

def free_port():
    s = socket.socket(); s.bind(('127.0.0.1', 0)); p = s.getsockname()[1]; s.close(); return p

def encode(*args):
    out = b'*%d\r\n' % len(args)
    for a in args:
        a = a.encode() if isinstance(a, str) else a
        out += b'$%d\r\n%s\r\n' % (len(a), a)
    return out

class Reader:
    def __init__(self, sock): self.sock, self.buf = sock, b''
    def fill(self):
        chunk = self.sock.recv(1 << 20)
        if not chunk: raise EOFError
        self.buf += chunk
    def line(self, pos):
        while True:
            i = self.buf.find(b'\r\n', pos)
            if i >= 0: return i
            self.fill()
    def skip(self, pos):
        """Returns the end offset of the value starting at pos, reading more as needed."""
        while len(self.buf) <= pos: self.fill()
        t = self.buf[pos:pos + 1]
        end = self.line(pos)
        head = self.buf[pos + 1:end]
        pos = end + 2
        if t in (b'+', b'-', b':', b'_', b',', b'#', b'('):
            return pos
        if t in (b'$', b'=', b'!'):
            n = int(head)
            if n < 0: return pos
            while len(self.buf) < pos + n + 2: self.fill()
            return pos + n + 2
        n = int(head)
        if t in (b'%', b'|'): n *= 2
        for _ in range(max(n, 0)): pos = self.skip(pos)
        return pos
    def reply(self):
        end = self.skip(0)
        r, self.buf = self.buf[:end], self.buf[end:]
        return r

def main():
    binary = sys.argv[1] if len(sys.argv) > 1 else 'redis-server'
    port = free_port()
    with tempfile.TemporaryDirectory() as d:
        proc = subprocess.Popen([binary, '--port', str(port), '--save', '', '--appendonly', 'no', '--dir', d],
                                stdout=subprocess.DEVNULL)
        try:
            for _ in range(100):
                try:
                    sock = socket.create_connection(('127.0.0.1', port)); break
                except OSError: time.sleep(0.05)
            r = Reader(sock)
            sock.sendall(encode('INFO', 'server')); version = r.reply()
            for proto in (2, 3):
                sock.sendall(encode('HELLO', str(proto))); r.reply()
                sock.sendall(encode('COMMAND', 'INFO')); info = r.reply()
                sock.sendall(encode('COMMAND', 'DOCS')); docs = r.reply()
                with open(os.path.join(OUT, 'command-info.resp%d' % proto), 'wb') as f: f.write(info)
                with open(os.path.join(OUT, 'command-docs.resp%d' % proto), 'wb') as f: f.write(docs)
            line = [l for l in version.split(b'\r\n') if l.startswith(b'redis_version:')][0]
            with open(os.path.join(OUT, 'command-table.version'), 'wb') as f: f.write(line + b'\n')
        finally:
            proc.terminate(); proc.wait()

if __name__ == '__main__':
    main()
