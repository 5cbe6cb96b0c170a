#!/usr/bin/env bash
# Slot migration speed: how long `redis-cli --cluster reshard` takes to move SLOTS slots (default 1000) holding
# their share of KEYS keys (default 100,000 keys of VALUE_BYTES bytes, spread over all 16384 slots) from the first
# master to the second, on a real Redis 7.0 cluster and on a Krill cluster, same machine, same run, same command:
#
#   redis-cli --cluster reshard 127.0.0.1:P0 --cluster-from <id0> --cluster-to <id1> --cluster-slots SLOTS \
#             --cluster-yes
#
# redis-cli moves each slot with SETSLOT IMPORTING/MIGRATING, GETKEYSINSLOT + MIGRATE ... KEYS (10 keys a batch,
# --cluster-pipeline), then SETSLOT NODE on every master. Layout: six nodes created by
# `redis-cli --cluster create ... --cluster-replicas REPLICAS` (default 1: 3 masters + 3 replicas; 0: six masters).
#   redis  six `redis-server --cluster-enabled yes` processes
#   krill  one JVM, `bin/krill-cluster --form no` (six KrillServer nodes)
# Keys are loaded by a pipelined python client straight to each slot's owner. After the reshard the script checks
# `redis-cli --cluster check` is clean and the masters' DBSIZE add up to KEYS.
#
# Usage: benchmarks/scripts/cluster-reshard.sh [RUNS] [redis|krill ...]
#   env: KEYS SLOTS VALUE_BYTES REPLICAS, and NODES_DIR: where the nodes' directories (nodes.conf) go, e.g. /dev/shm
#   to take file system costs out (default: mktemp's, on disk).
# Needs: redis-server, redis-cli, python3, a built core (mvn -o -q -pl core -am package -DskipTests).
set -euo pipefail
source "$(dirname "$0")/common.sh"
RUNS="${1:-3}"
shift || true
KINDS=("$@")
[ ${#KINDS[@]} -gt 0 ] || KINDS=(redis krill)
KEYS="${KEYS:-100000}"
SLOTS="${SLOTS:-1000}"
VALUE_BYTES="${VALUE_BYTES:-100}"
REPLICAS="${REPLICAS:-1}"
WORK=$(mktemp -d ${NODES_DIR:+-p "$NODES_DIR"})
trap 'stop_all; rm -rf "$WORK"' EXIT

wait_state_ok()
{
    for i in 0 1 2 3 4 5; do
        for _ in $(seq 1 600); do
            redis-cli -p $(($1 + i)) cluster info 2>/dev/null | grep -q 'cluster_state:ok' && break
            sleep 0.1
        done
    done
}

# Loads KEYS keys "key:<i>" with VALUE_BYTES-byte values, pipelined to each slot's owner (per CLUSTER SLOTS).
load_keys()
{
    python3 - "$1" "$KEYS" "$VALUE_BYTES" <<'EOF'
import socket, sys
port, count, size = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
def crc16(data):
    crc = 0
    for b in data:
        crc ^= b << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) & 0xffff if crc & 0x8000 else (crc << 1) & 0xffff
    return crc
def encode(*args):
    return b"*%d\r\n" % len(args) + b"".join(b"$%d\r\n%s\r\n" % (len(a), a) for a in args)
def read_reply(f):
    line = f.readline()
    if line[:1] == b"*":
        return [read_reply(f) for _ in range(int(line[1:]))]
    if line[:1] == b"$":
        n = int(line[1:])
        return None if n < 0 else f.read(n + 2)[:-2]
    if line[:1] == b":":
        return int(line[1:])
    return line.strip()
s = socket.create_connection(("127.0.0.1", port)); f = s.makefile("rb")
s.sendall(encode(b"CLUSTER", b"SLOTS"))
owner = [0] * 16384
for r in read_reply(f):
    for slot in range(r[0], r[1] + 1):
        owner[slot] = r[2][1]
batches = {}
value = b"v" * size
for i in range(count):
    key = b"key:%d" % i
    batches.setdefault(owner[crc16(key) % 16384], []).append(encode(b"SET", key, value))
for p, commands in batches.items():
    c = socket.create_connection(("127.0.0.1", p)); cf = c.makefile("rb")
    for at in range(0, len(commands), 1000):
        chunk = commands[at:at + 1000]
        c.sendall(b"".join(chunk))
        for _ in chunk:
            reply = read_reply(cf)
            if reply != b"+OK":
                sys.exit("SET failed on %d: %r" % (p, reply))
    c.close()
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
            "$ROOT/bin/krill-cluster" --form no --base-port "$base" --dir "$dir" >"$dir/krill.log" 2>&1 &
            STARTED_PIDS+=($!)
        fi
        wait_cluster_ready "$base"
        hosts=()
        for p in "${ports[@]}"; do hosts+=("127.0.0.1:$p"); done
        redis-cli --cluster create "${hosts[@]}" --cluster-replicas "$REPLICAS" --cluster-yes >"$dir/create.log" 2>&1
        wait_state_ok "$base"
        sleep 1
        load_keys "$base"
        from=$(redis-cli -p "${ports[0]}" cluster myid)
        to=$(redis-cli -p "${ports[1]}" cluster myid)
        start=$(date +%s%N)
        redis-cli --cluster reshard "127.0.0.1:${ports[0]}" --cluster-from "$from" --cluster-to "$to" \
            --cluster-slots "$SLOTS" --cluster-yes >"$dir/reshard.log" 2>&1 || { tail -5 "$dir/reshard.log"; exit 1; }
        end=$(date +%s%N)
        sleep 1
        check=$(redis-cli --cluster check "127.0.0.1:${ports[0]}" 2>&1 || true)
        total=0
        for p in "${ports[@]}"; do
            if redis-cli -p "$p" role | head -1 | grep -q master; then
                total=$((total + $(redis-cli -p "$p" dbsize)))
            fi
        done
        moved=$(grep -c '^Moving slot' "$dir/reshard.log" || true)
        status=ok
        if ! grep -q '\[OK\] All 16384 slots covered' <<<"$check" || grep -q '\[ERR\]\|\[WARNING\]' <<<"$check" \
            || [ "$total" != "$KEYS" ]; then
            status="FAILED (keys $total):\n$check"
        fi
        printf 'run %d: reshard of %d slots (%s "Moving slot" lines), %d keys in the cluster: %6.0f ms  %b\n' \
            "$run" "$SLOTS" "$moved" "$total" "$(( (end - start) / 1000000 ))" "$status"
        stop_all
    done
done
