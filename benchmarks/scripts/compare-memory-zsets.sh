#!/usr/bin/env bash
# Memory of small sorted sets: Krill's live heap against Redis's used_memory, for the same sets loaded the same way.
#
# Loads KEYS sorted sets zset:0 .. zset:<KEYS-1>, each with MEMBERS members m0 .. m<MEMBERS-1> whose scores are
# 0 .. MEMBERS-1 (integer-ish scores, the common case of ranks and counters), with one ZADD per key through
# `redis-cli --pipe`. Both servers keep such sets in their compact form (Redis: listpack, Krill: a packed array).
# Redis: INFO memory used_memory. Krill: live bytes after a full GC from `jcmd <pid> GC.class_histogram` (it runs a
# full GC first and counts reachable objects only). Both as totals and as growth from the empty server, per key.
#
# Usage: benchmarks/scripts/compare-memory-zsets.sh [KEYS] [MEMBERS]   (defaults 100000 and 10; JAVA_OPTS passes
# JVM flags). Needs redis-server, redis-cli, jcmd, and a built core module (mvn -o -q -pl core -am package -DskipTests).
set -euo pipefail
source "$(dirname "$0")/common.sh"
KEYS=${1:-100000}
MEMBERS=${2:-10}
WORK=$(mktemp -d)
LOG_DIR=$WORK
trap 'stop_all; rm -rf "$WORK"' EXIT

load()
{
    pipe_load "$1" "$WORK/load.resp"
    local size
    size=$(redis-cli -p "$1" dbsize)
    [ "$size" = "$KEYS" ] || die "dbsize $size after loading $KEYS keys on port $1"
    local encoding
    encoding=$(redis-cli -p "$1" object encoding zset:0)
    echo "port $1: zset:0 is $encoding, $(redis-cli -p "$1" zcard zset:0) members" >&2
}

report()
{
    awk -v name="$1" -v b="$2" -v a="$3" -v n="$KEYS" 'BEGIN {
        printf "%-20s total %8.1f MiB  %6.1f B/key   growth %8.1f MiB  %6.1f B/key\n",
            name, a / 1048576, a / n, (a - b) / 1048576, (a - b) / n }'
}

krill_command

awk -v n="$KEYS" -v m="$MEMBERS" 'BEGIN {
    for (i = 0; i < n; i++) {
        key = "zset:" i
        printf "*%d\r\n$4\r\nZADD\r\n$%d\r\n%s\r\n", 2 + 2 * m, length(key), key
        for (j = 0; j < m; j++) {
            score = j ""; member = "m" j
            printf "$%d\r\n%s\r\n$%d\r\n%s\r\n", length(score), score, length(member), member
        }
    } }' >"$WORK/load.resp"

port=$(free_port)
start_redis "$port"
redis_before=$(used_memory "$port")
load "$port"
redis_after=$(used_memory "$port")
stop_pid "$REDIS_PID"

port=$(free_port)
start_krill "$port"
krill_pid=$KRILL_PID
krill_before=$(live_heap "$krill_pid")
load "$port"
krill_after=$(live_heap "$krill_pid")
histogram=$(jcmd "$krill_pid" GC.class_histogram | sed -n '1,9p')
stop_pid "$krill_pid"

echo "sorted sets: $KEYS keys zset:N with $MEMBERS members m0..m$((MEMBERS - 1))," \
    "scores 0..$((MEMBERS - 1)); JAVA_OPTS='${JAVA_OPTS:-}'"
report "redis used_memory" "$redis_before" "$redis_after"
report "krill live heap" "$krill_before" "$krill_after"
awk -v kb="$krill_before" -v ka="$krill_after" -v rb="$redis_before" -v ra="$redis_after" 'BEGIN {
    printf "ratio krill/redis (growth): %.3f   (target <= 1.0)\n", (ka - kb) / (ra - rb) }'
echo "krill's largest classes after loading (jcmd GC.class_histogram):"
echo "$histogram"
