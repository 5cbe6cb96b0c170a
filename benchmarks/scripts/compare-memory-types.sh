#!/usr/bin/env bash
# Memory of small hashes and sets: Krill's live heap against Redis's used_memory, for the same data loaded the
# same way.
#
# Three data sets of KEYS keys each (default 100000), generated once with a fixed seed:
#   hash    HSET hash:N f0 v0 ... f9 v9      values 8-16 random alphanumeric bytes (listpack in both)
#   intset  SADD set:N <10 integers 0-9999>  (intset in both)
#   strset  SADD set:N <10 members m0-m99999> (hashtable in both)
# Each is loaded with `redis-cli --pipe` into a fresh redis-server (--save '' --appendonly no) and a fresh Krill
# node. Redis: INFO memory used_memory before and after. Krill: live bytes after a full GC, from
# `jcmd <pid> GC.class_histogram` (it collects first and counts reachable objects only, so the figure depends
# on neither the collector nor the heap size). Printed as growth per key and the Krill/Redis ratio.
#
# Usage: benchmarks/scripts/compare-memory-types.sh [KEYS] [hash|intset|strset ...]
# Needs: redis-server, redis-cli, python3, jcmd, and a built core (mvn -o -q install -DskipTests).
# JAVA_OPTS passes JVM flags to Krill.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
KEYS=${1:-100000}
shift || true
KINDS=("$@")
[ ${#KINDS[@]} -gt 0 ] || KINDS=(hash intset strset)
WORK=$(mktemp -d)
PIDS=()

die()
{
    echo "error: $*" >&2
    exit 1
}

stop_all()
{
    for pid in "${PIDS[@]}"; do
        if kill -0 "$pid" 2>/dev/null; then
            kill "$pid" 2>/dev/null || true
            for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
            kill -9 "$pid" 2>/dev/null || true
        fi
    done
    PIDS=()
}
trap 'stop_all; rm -rf "$WORK"' EXIT

free_port()
{
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

wait_for_ping()
{
    for _ in $(seq 1 200); do
        [ "$(redis-cli -p "$1" ping 2>/dev/null)" = "PONG" ] && return 0
        sleep 0.1
    done
    die "no PONG from port $1"
}

jar="$ROOT/core/target/krill-core-0.1.0-SNAPSHOT.jar"
[ -f "$jar" ] || die "build first: mvn -o -q install -DskipTests (missing $jar)"

generate()
{
    python3 - "$1" "$KEYS" >"$WORK/$1.resp" <<'EOF'
import random, sys
kind, n = sys.argv[1], int(sys.argv[2])
rnd = random.Random(42)
alnum = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
out = sys.stdout.buffer
for i in range(n):
    if kind == "hash":
        parts = ["HSET", "hash:%d" % i]
        for f in range(10):
            parts += ["f%d" % f, "".join(rnd.choice(alnum) for _ in range(rnd.randint(8, 16)))]
    elif kind == "intset":
        parts = ["SADD", "set:%d" % i] + [str(rnd.randint(0, 9999)) for _ in range(10)]
    else:
        parts = ["SADD", "set:%d" % i] + ["m%d" % rnd.randint(0, 99999) for _ in range(10)]
    data = b"*%d\r\n" % len(parts)
    for p in parts:
        p = p.encode()
        data += b"$%d\r\n%s\r\n" % (len(p), p)
    out.write(data)
EOF
}

load()
{
    redis-cli -p "$1" --pipe <"$WORK/$2.resp" >"$WORK/pipe.out" 2>&1 || { cat "$WORK/pipe.out"; die "load failed"; }
    local size
    size=$(redis-cli -p "$1" dbsize)
    [ "$size" = "$KEYS" ] || die "dbsize $size after loading $KEYS keys on port $1"
}

used_memory()
{
    redis-cli -p "$1" info memory | tr -d '\r' | awk -F: '$1 == "used_memory" { print $2 }'
}

live_heap()
{
    jcmd "$1" GC.class_histogram | awk '$1 == "Total" { print $3 }'
}

encoding()
{
    redis-cli -p "$1" object encoding "$2"
}

printf "%-7s %-10s %14s %14s %8s\n" kind encoding "redis B/key" "krill B/key" ratio
for kind in "${KINDS[@]}"; do
    generate "$kind"
    sample=$([ "$kind" = hash ] && echo hash:0 || echo set:0)

    port=$(free_port)
    redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --daemonize no \
        >"$WORK/redis.log" 2>&1 &
    PIDS+=($!)
    wait_for_ping "$port"
    redis_before=$(used_memory "$port")
    load "$port" "$kind"
    redis_after=$(used_memory "$port")
    redis_encoding=$(encoding "$port" "$sample")
    stop_all

    port=$(free_port)
    # shellcheck disable=SC2086
    java ${JAVA_OPTS:-} -cp "$jar:$ROOT/core/target/lib/*" io.krill.core.server.KrillServerMain --port "$port" \
        --bind 127.0.0.1 >"$WORK/krill.log" 2>&1 &
    PIDS+=($!)
    krill_pid=$!
    wait_for_ping "$port"
    krill_before=$(live_heap "$krill_pid")
    load "$port" "$kind"
    krill_after=$(live_heap "$krill_pid")
    krill_encoding=$(encoding "$port" "$sample")
    stop_all

    [ "$redis_encoding" = "$krill_encoding" ] || die "$kind: encodings differ ($redis_encoding, $krill_encoding)"
    awk -v k="$kind" -v e="$redis_encoding" -v rb="$redis_before" -v ra="$redis_after" -v kb="$krill_before" \
        -v ka="$krill_after" -v n="$KEYS" 'BEGIN {
        r = (ra - rb) / n; m = (ka - kb) / n
        printf "%-7s %-10s %14.1f %14.1f %8.3f\n", k, e, r, m, m / r }'
done
echo "keys per kind: $KEYS; redis $(redis-server --version | awk '{ sub("v=", "", $3); print $3 }'); java $(java -version 2>&1 |
    awk -F'"' 'NR == 1 { print $2 }'); JAVA_OPTS='${JAVA_OPTS:-}'"
