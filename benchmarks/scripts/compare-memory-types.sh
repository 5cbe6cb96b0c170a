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
source "$(dirname "$0")/common.sh"
KEYS=${1:-100000}
shift || true
KINDS=("$@")
[ ${#KINDS[@]} -gt 0 ] || KINDS=(hash intset strset)
WORK=$(mktemp -d)
LOG_DIR=$WORK
trap 'stop_all; rm -rf "$WORK"' EXIT

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

check_keys()
{
    local size
    size=$(redis-cli -p "$1" dbsize)
    [ "$size" = "$KEYS" ] || die "dbsize $size after loading $KEYS keys on port $1"
}

krill_command
printf "%-7s %-10s %14s %14s %8s\n" kind encoding "redis B/key" "krill B/key" ratio
for kind in "${KINDS[@]}"; do
    generate "$kind"
    sample=$([ "$kind" = hash ] && echo hash:0 || echo set:0)

    measure_memory "$WORK/$kind.resp" "$sample" check_keys
    awk -v k="$kind" -v e="$REDIS_ENCODING" -v rb="$REDIS_BEFORE" -v ra="$REDIS_AFTER" -v kb="$KRILL_BEFORE" \
        -v ka="$KRILL_AFTER" -v n="$KEYS" 'BEGIN {
        r = (ra - rb) / n; m = (ka - kb) / n
        printf "%-7s %-10s %14.1f %14.1f %8.3f\n", k, e, r, m, m / r }'
done
echo "keys per kind: $KEYS; redis $(redis-server --version | awk '{ sub("v=", "", $3); print $3 }'); java $(java -version 2>&1 |
    awk -F'"' 'NR == 1 { print $2 }'); JAVA_OPTS='${JAVA_OPTS:-}'"
