#!/usr/bin/env bash
# Memory per key: Krill's live heap against Redis's used_memory, for the same keys loaded the same way.
#
# Loads KEYS keys key:0000000.. (7 zero-padded digits) with 32-byte values through the RESP port with
# `redis-cli --pipe`, into a standalone Redis (--save '' --appendonly no), into a cluster-enabled Redis (which
# pays extra per key for its slot-to-key index, as Krill's per-slot tables do), and into Krill. Redis: INFO
# memory used_memory. Krill: live bytes after a full GC, from `jcmd <pid> GC.class_histogram` (it runs a full
# GC first and counts reachable objects only, so the figure does not depend on the collector or heap sizing).
# Both are printed in total and as the growth from the empty server, per key.
#
# Usage: benchmarks/scripts/compare-memory.sh [KEYS]     (default 1000000; JAVA_OPTS passes JVM flags)
set -euo pipefail
source "$(dirname "$0")/common.sh"
KEYS=${1:-1000000}
(( KEYS <= 10000000 )) || die "at most 10000000 keys (7 digits)"
LOG_DIR=$(mktemp -d)
trap 'stop_all; rm -rf "$LOG_DIR"' EXIT

LOAD="$LOG_DIR/load.resp"
awk -v n="$KEYS" 'BEGIN { for (i = 0; i < n; i++) {
    printf "*3\r\n$3\r\nSET\r\n$11\r\nkey:%07d\r\n$32\r\n%032d\r\n", i, i } }' >"$LOAD"

rss_bytes()
{
    awk '$1 == "VmRSS:" { print $2 * 1024 }' "/proc/$1/status"
}

load()
{
    pipe_load "$1" "$LOAD"
    local size
    size=$(redis-cli -p "$1" dbsize)
    [ "$size" = "$KEYS" ] || die "dbsize $size after loading $KEYS keys on port $1"
}

report()
{
    local name=$1 before=$2 after=$3
    awk -v name="$name" -v b="$before" -v a="$after" -v n="$KEYS" 'BEGIN {
        printf "%-22s total %10.1f MiB  %6.1f B/key   growth %10.1f MiB  %6.1f B/key\n",
            name, a / 1048576, a / n, (a - b) / 1048576, (a - b) / n }'
}

port=$(free_port)
start_redis "$port"
redis_before=$(used_memory "$port")
load "$port"
redis_after=$(used_memory "$port")
redis_rss=$(used_memory "$port" used_memory_rss)
stop_pid "$REDIS_PID"

port=$(free_port)
start_redis "$port" --cluster-enabled yes --cluster-config-file "$LOG_DIR/nodes-$port.conf"
redis-cli -p "$port" cluster addslotsrange 0 16383 >/dev/null
for _ in $(seq 1 100); do
    [ "$(redis-cli -p "$port" cluster info | tr -d '\r' | awk -F: '$1 == "cluster_state" { print $2 }')" = ok ] &&
        break
    sleep 0.1
done
cluster_before=$(used_memory "$port")
load "$port"
cluster_after=$(used_memory "$port")
stop_pid "$REDIS_PID"

port=$(free_port)
start_krill "$port"
krill_before=$(live_heap "$KRILL_PID")
load "$port"
krill_after=$(live_heap "$KRILL_PID")
heap_info=$(jcmd "$KRILL_PID" GC.heap_info | sed -n '2,3p')
krill_rss=$(rss_bytes "$KRILL_PID")
stop_pid "$KRILL_PID"

echo "keys: $KEYS (11-byte keys, 32-byte values); JAVA_OPTS='${JAVA_OPTS:-}'"
report "redis used_memory" "$redis_before" "$redis_after"
report "redis cluster mode" "$cluster_before" "$cluster_after"
report "krill live heap" "$krill_before" "$krill_after"
awk -v k="$krill_after" -v r="$redis_after" -v c="$cluster_after" 'BEGIN {
    printf "ratio krill/redis (total): %.3f   (target <= 1.0)\n", k / r
    printf "ratio krill/redis-cluster (total): %.3f\n", k / c }'
echo "krill heap after GC (jcmd GC.heap_info):"
echo "$heap_info"
# Not the target, but said plainly: the process sizes, which include the JVM's committed heap beyond the live
# data (G1 sizes it from the machine's memory unless -Xmx/-Xms say otherwise), code cache and metaspace.
awk -v k="$krill_rss" -v r="$redis_rss" 'BEGIN {
    printf "process RSS after loading: krill %.1f MiB, redis %.1f MiB (used_memory_rss)\n", k / 1048576, r / 1048576 }'
