#!/usr/bin/env bash
# Failover time: how long after a master dies its replica is promoted and serves writes, for a formed cluster of
# six nodes (3 masters + 3 replicas), real Redis against Krill, measured the same way for both.
#
# Method: start six nodes with the given cluster-node-timeout and form them (Redis: six `redis-server
# --cluster-enabled yes` processes and `redis-cli --cluster create --cluster-replicas 1`; Krill: one JVM,
# `bin/krill-cluster`, six in-process nodes gossiping over the in-JVM bus), wait for cluster_state:ok everywhere
# and for the chosen master's replica to report master_link_status:up (Redis's first sync waits
# repl-diskless-sync-delay, 5 s, and a replica that never synced refuses to fail over), write 1,000 keys of one master's slots and WAIT for its replica, then send that master `SHUTDOWN NOSAVE NOW`
# (its sockets close, as when a process dies) and SET a key of its slots on its replica every 5 ms. Printed per
# run: the time from the SHUTDOWN until the replica's first +OK (until then it answers MOVED to the dead master),
# and how many of the 1,000 keys the promoted replica holds.
#
# Usage: benchmarks/scripts/cluster-failover.sh [RUNS] [TIMEOUTS] [redis|krill ...]
#        (default: 3 runs, timeouts "1000 2000", redis krill)
# Needs: redis-server, redis-cli, python3, a packaged core (mvn -o -q -pl core -am package -DskipTests).
set -euo pipefail
source "$(dirname "$0")/common.sh"
RUNS="${1:-3}"
TIMEOUTS="${2:-1000 2000}"
shift 2 || shift $# || true
KINDS=("$@")
[ ${#KINDS[@]} -gt 0 ] || KINDS=(redis krill)
WORK=$(mktemp -d)
trap 'stop_all; rm -rf "$WORK"' EXIT

wait_ok()
{
    for i in 0 1 2 3 4 5; do
        for _ in $(seq 1 600); do
            redis-cli -p $(($1 + i)) cluster info 2>/dev/null | grep -q 'cluster_state:ok' && break
            sleep 0.1
        done
    done
}

measure()
{
    python3 - "$@" <<'EOF'
import socket, sys, time
def connect(port):
    s = socket.create_connection(("127.0.0.1", port))
    return s, s.makefile("rb")
def call(conn, *args):
    s, f = conn
    s.sendall(b"*%d\r\n" % len(args) + b"".join(b"$%d\r\n%s\r\n" % (len(a), a) for a in (str(x).encode() for x in args)))
    line = f.readline()
    if line[:1] == b"$":
        n = int(line[1:])
        return None if n < 0 else f.read(n + 2)[:-2].decode()
    if line[:1] == b":":
        return int(line[1:])
    return line.decode().strip()
ports = [int(p) for p in sys.argv[1:]]
conns = {p: connect(p) for p in ports}
nodes = call(conns[ports[0]], "CLUSTER", "NODES").strip().split("\n")
byid = {l.split()[0]: l.split() for l in nodes}
master = next(f for f in byid.values() if "master" in f[2] and len(f) > 8)
replica = next(f for f in byid.values() if f[3] == master[0])
mport = int(master[1].split(":")[1].split("@")[0])
rport = int(replica[1].split(":")[1].split("@")[0])
first, last = (int(x) for x in master[8].split("-"))
keys = []
i = 0
while len(keys) < 1000:
    k = "key:%d" % i
    if first <= call(conns[mport], "CLUSTER", "KEYSLOT", k) <= last:
        keys.append(k)
    i += 1
# Redis's first sync waits repl-diskless-sync-delay (5 s): a replica that never synced may not fail over at all
linked = time.monotonic()
while "master_link_status:up" not in call(conns[rport], "INFO", "replication"):
    if time.monotonic() - linked > 30:
        print("the replica never linked"); sys.exit(1)
    time.sleep(0.05)
for k in keys:
    call(conns[mport], "SET", k, "v")
acked = call(conns[mport], "WAIT", 1, 5000)
r = conns[rport]
start = time.monotonic()
try:
    call(conns[mport], "SHUTDOWN", "NOSAVE", "NOW")
except Exception:
    pass
while True:
    reply = call(r, "SET", keys[0], "after")
    if reply == "+OK":
        break
    if time.monotonic() - start > 60:
        print("no promotion within 60 s; last reply " + reply); sys.exit(1)
    time.sleep(0.005)
promoted = (time.monotonic() - start) * 1000
held = sum(1 for k in keys if call(r, "GET", k) is not None)
print("replica serves writes %5.0f ms after the master closed; it holds %d of 1000 keys (WAIT said %s)"
      % (promoted, held, acked))
EOF
}

for timeout in $TIMEOUTS; do
    for kind in "${KINDS[@]}"; do
        echo "== $kind, cluster-node-timeout $timeout"
        for run in $(seq 1 "$RUNS"); do
            base=$(free_cluster_base)
            ports=()
            for i in 0 1 2 3 4 5; do ports+=($((base + i))); done
            dir="$WORK/$kind-$timeout-$run"
            mkdir -p "$dir"
            if [ "$kind" = redis ]; then
                start_redis_cluster_nodes "$base" "$dir" --cluster-node-timeout "$timeout"
                for p in "${ports[@]}"; do
                    until redis-cli -p "$p" ping >/dev/null 2>&1; do sleep 0.1; done
                done
                redis-cli --cluster create $(printf '127.0.0.1:%s ' "${ports[@]}") --cluster-replicas 1 \
                    --cluster-yes >/dev/null
            else
                "$ROOT/bin/krill-cluster" --base-port "$base" --dir "$dir" --cluster-node-timeout "$timeout" \
                    >/dev/null 2>&1 &
                STARTED_PIDS+=($!)
            fi
            wait_ok "$base"
            # replicas must be linked (and the cluster settled) before the master dies
            sleep 2
            printf 'run %d: ' "$run"
            measure "${ports[@]}" || echo "run failed"
            stop_all
        done
    done
done
