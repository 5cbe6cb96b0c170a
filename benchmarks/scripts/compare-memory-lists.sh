#!/usr/bin/env bash
# Memory of lists: Krill's live heap against Redis's used_memory, for the same data loaded the same way.
#
# Three data sets, generated once with a fixed seed:
#   small   100,000 keys list:N, each RPUSH of 10 elements of 8-16 random alphanumeric bytes
#   single  the same, but each element pushed by its own RPUSH (lists that grow one element at a time)
#   ints    10,000 keys ints:N, each RPUSH of 100 integers 0-999999 (Redis packs these as integers)
#   queue   one key holding 1,000,000 elements of 16-24 random alphanumeric bytes (RPUSH, 100 per command)
# Each is loaded with `redis-cli --pipe` into a fresh redis-server (--save '' --appendonly no) and a fresh Krill
# node. Redis: INFO memory used_memory before and after. Krill: live bytes after a full GC, from
# `jcmd <pid> GC.class_histogram` (it collects first and counts reachable objects only, so the figure depends
# on neither the collector nor the heap size). Printed as growth per element and the Krill/Redis ratio.
#
# Usage: benchmarks/scripts/compare-memory-lists.sh [small|single|ints|queue ...]      (default: all four)
# Needs: redis-server, redis-cli, python3, jcmd, and a built core (mvn -o -q install -DskipTests).
# JAVA_OPTS passes JVM flags to Krill.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
KINDS=("$@")
[ ${#KINDS[@]} -gt 0 ] || KINDS=(small single ints queue)
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
    for _ in $(seq 1 300); do
        [ "$(redis-cli -p "$1" ping 2>/dev/null)" = "PONG" ] && return 0
        sleep 0.1
    done
    die "no PONG from port $1"
}

generate()
{
    python3 - "$1" "$2" <<'EOF'
import random, string, sys
kind, path = sys.argv[1], sys.argv[2]
rng = random.Random(20261122)
alnum = string.ascii_letters + string.digits
def word(lo, hi):
    return ''.join(rng.choice(alnum) for _ in range(rng.randint(lo, hi)))
def command(args):
    out = ['*%d\r\n' % len(args)]
    for a in args:
        out.append('$%d\r\n%s\r\n' % (len(a), a))
    return ''.join(out)
with open(path, 'w', newline='') as f:
    if kind == 'small':
        for n in range(100000):
            f.write(command(['RPUSH', 'list:%d' % n] + [word(8, 16) for _ in range(10)]))
    elif kind == 'single':
        for n in range(100000):
            for element in [word(8, 16) for _ in range(10)]:
                f.write(command(['RPUSH', 'list:%d' % n, element]))
    elif kind == 'ints':
        for n in range(10000):
            f.write(command(['RPUSH', 'ints:%d' % n] + [str(rng.randint(0, 999999)) for _ in range(100)]))
    else:
        for n in range(10000):
            f.write(command(['RPUSH', 'queue'] + [word(16, 24) for _ in range(100)]))
EOF
}

elements()
{
    case $1 in
        small) echo 1000000 ;;
        single) echo 1000000 ;;
        ints) echo 1000000 ;;
        queue) echo 1000000 ;;
    esac
}

used_memory()
{
    redis-cli -p "$1" info memory | tr -d '\r' | awk -F: '$1 == "used_memory" { print $2 }'
}

live_heap()
{
    jcmd "$1" GC.class_histogram | awk '$1 == "Total" { print $3 }'
}

load()
{
    redis-cli -p "$1" --pipe <"$2" >"$WORK/pipe.out" 2>&1 || { cat "$WORK/pipe.out"; die "load failed"; }
}

core_jar="$ROOT/core/target/krill-core-0.1.0-SNAPSHOT.jar"
[ -f "$core_jar" ] || die "build first: mvn -o -q install -DskipTests (missing $core_jar)"

printf '%-6s %12s %14s %14s %8s\n' data elements "redis B/elem" "krill B/elem" ratio
for kind in "${KINDS[@]}"; do
    data="$WORK/$kind.resp"
    generate "$kind" "$data"
    count=$(elements "$kind")

    port=$(free_port)
    redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --daemonize no \
        >"$WORK/redis.log" 2>&1 &
    PIDS+=($!)
    wait_for_ping "$port"
    redis_before=$(used_memory "$port")
    load "$port" "$data"
    redis_after=$(used_memory "$port")
    redis_encoding=$(redis-cli -p "$port" object encoding "$(redis-cli -p "$port" randomkey)")
    redis_total=$(redis-cli -p "$port" eval "local n = 0 for _, k in ipairs(redis.call('keys', '*')) do \
        n = n + redis.call('llen', k) end return n" 0)
    stop_all

    port=$(free_port)
    # shellcheck disable=SC2086
    java ${JAVA_OPTS:-} -cp "$core_jar:$ROOT/core/target/lib/*" io.krill.core.server.KrillServerMain \
        --port "$port" --bind 127.0.0.1 >"$WORK/krill.log" 2>&1 &
    krill_pid=$!
    PIDS+=($krill_pid)
    wait_for_ping "$port"
    krill_before=$(live_heap "$krill_pid")
    load "$port" "$data"
    krill_after=$(live_heap "$krill_pid")
    krill_encoding=$(redis-cli -p "$port" object encoding "$(redis-cli -p "$port" randomkey)")
    stop_all

    [ "$redis_total" = "$count" ] || die "$kind: redis holds $redis_total elements, expected $count"
    [ "$redis_encoding" = "$krill_encoding" ] || die "$kind: encodings differ ($redis_encoding, $krill_encoding)"
    awk -v k="$kind" -v n="$count" -v rb="$redis_before" -v ra="$redis_after" -v kb="$krill_before" \
        -v ka="$krill_after" 'BEGIN {
        r = (ra - rb) / n; j = (ka - kb) / n
        printf "%-6s %12d %14.1f %14.1f %8.2f\n", k, n, r, j, j / r }'
done
echo "JAVA_OPTS='${JAVA_OPTS:-}'; $(java -version 2>&1 | head -1); $(redis-server --version | cut -d' ' -f1-3)"
