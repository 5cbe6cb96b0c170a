#!/usr/bin/env bash
# Cluster formation time: how long after `redis-cli --cluster create` starts until every node's CLUSTER NODES has
# the same slot signature (redis-cli's own agreement test: each node's id and slot ranges, for every node with
# slots, sorted), for six fresh nodes (3 masters + 3 replicas, --cluster-replicas 1), real Redis and Krill.
#
# Method: start six nodes, open one connection to each, launch redis-cli --cluster create --cluster-yes, and
# poll CLUSTER NODES on all six every ~2 ms until the six signatures are equal and name three masters. Printed per
# run: when the first MEET was visible (a node knowing a second node), when the nodes agreed (from create start,
# and from the first MEET), and how long redis-cli itself took (it sleeps 1 s before its first check).
#   redis  six `redis-server --cluster-enabled yes` processes
#   krill  one JVM: `bin/krill-cluster --form no` (six KrillServer nodes), a fresh JVM per run; their bus links go
#          through the in-JVM bus (cluster-bus-transport auto, the default)
#   krill-tcp  the same with `--cluster-bus-transport tcp`: every bus link over loopback TCP
#
# Usage: benchmarks/scripts/cluster-formation.sh [RUNS] [redis|krill|krill-tcp ...]  (default: 5 runs, redis krill)
# Needs: redis-server, redis-cli, python3, a built core (mvn -o -q install -DskipTests).
set -euo pipefail
source "$(dirname "$0")/common.sh"
RUNS="${1:-5}"
shift || true
KINDS=("$@")
[ ${#KINDS[@]} -gt 0 ] || KINDS=(redis krill)
WORK=$(mktemp -d)
trap 'stop_all; rm -rf "$WORK"' EXIT

measure()
{
    python3 - "$@" <<'EOF'
import socket, subprocess, sys, time
def call(sock, f, *args):
    sock.sendall(b"*%d\r\n" % len(args) + b"".join(b"$%d\r\n%s\r\n" % (len(a), a) for a in (x.encode() for x in args)))
    line = f.readline()
    return f.read(int(line[1:]) + 2)[:-2].decode() if line[:1] == b"$" else line.decode().strip()
def signature(nodes):
    entries = []
    for line in nodes.split("\n"):
        fields = line.strip().split(" ")
        slots = sorted(t for t in fields[8:] if not t.startswith("["))
        if slots:
            entries.append(fields[0] + ":" + ",".join(slots))
    return "|".join(sorted(entries))
ports = sys.argv[1:]
socks = [socket.create_connection(("127.0.0.1", int(p))) for p in ports]
files = [s.makefile("rb") for s in socks]
start = time.monotonic()
cli = subprocess.Popen(["redis-cli", "--cluster", "create"] + ["127.0.0.1:" + p for p in ports] +
                       ["--cluster-replicas", "1", "--cluster-yes"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
first_meet = agreed = None
while time.monotonic() - start < 60:
    outs = [call(s, f, "CLUSTER", "NODES") for s, f in zip(socks, files)]
    now = (time.monotonic() - start) * 1000
    if first_meet is None and any(len(o.strip().split("\n")) > 1 for o in outs):
        first_meet = now
    sigs = [signature(o) for o in outs]
    if len(set(sigs)) == 1 and len(sigs[0].split("|")) == 3:
        agreed = now
        break
    time.sleep(0.002)
out = cli.communicate()[0].decode()
ok = cli.returncode == 0 and "[OK] All 16384 slots covered." in out
print("first MEET %5.0f ms  agreed %5.0f ms after create started (%4.0f ms after the first MEET)  "
      "redis-cli took %5.0f ms  %s" % (first_meet or -1, agreed or -1, (agreed or 0) - (first_meet or 0),
                                       (time.monotonic() - start) * 1000, "ok" if ok else "FAILED:\n" + out))
EOF
}

for kind in "${KINDS[@]}"; do
    echo "== $kind"
    for run in $(seq 1 "$RUNS"); do
        base=$(free_cluster_base)
        ports=()
        for i in 0 1 2 3 4 5; do ports+=($((base + i))); done
        dir="$WORK/$kind-$run"
        mkdir -p "$dir"
        if [ "$kind" = redis ]; then
            start_redis_cluster_nodes "$base" "$dir"
        else
            extra=()
            [ "$kind" = krill-tcp ] && extra=(--cluster-bus-transport tcp)
            "$ROOT/bin/krill-cluster" --form no --base-port "$base" --dir "$dir" "${extra[@]}" >/dev/null 2>&1 &
            STARTED_PIDS+=($!)
        fi
        wait_cluster_ready "$base"
        printf 'run %d: ' "$run"
        measure "${ports[@]}"
        stop_all
    done
done
