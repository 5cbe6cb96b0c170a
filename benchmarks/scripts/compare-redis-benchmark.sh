#!/usr/bin/env bash
# Throughput over the network: redis-benchmark against a real Redis and against Krill, same machine, same
# client options, runs alternated (Krill, Redis, Krill, Redis, ...) so both see the same background load.
#
# For each of "-c 50" (no pipelining) and "-c 50 -P 16": ROUNDS rounds of
#   redis-benchmark -p PORT -c 50 -n N [-P 16] -t set,get -q --csv
# against each server, then per test the median requests/s of each and the ratio Krill/Redis.
# Krill's JIT is warmed with WARMUP_REQUESTS requests of each kind before the measured rounds (Redis gets the
# same warm-up run, for symmetry).
#
# Also prints the CPU time each server spent per request (from /proc/PID/stat) and redis-benchmark's own, which
# are less sensitive than requests/s to other work on the machine.
# Environment: ROUNDS (5), N (requests per non-pipelined run, 400000), NP (per pipelined run, 4000000),
#   WARMUP_REQUESTS (1000000), JAVA_OPTS (Krill's JVM flags), REDIS_THREADS (redis-benchmark --threads, unset),
#   KEEP_RESULTS (a file to copy the raw per-run figures to).
# Usage: benchmarks/scripts/compare-redis-benchmark.sh
set -euo pipefail
source "$(dirname "$0")/common.sh"
ROUNDS=${ROUNDS:-5}
N=${N:-400000}
NP=${NP:-4000000}
WARMUP_REQUESTS=${WARMUP_REQUESTS:-1000000}
LOG_DIR=$(mktemp -d)
RESULTS="$LOG_DIR/results.csv"
CPU="$LOG_DIR/cpu.csv"
trap 'stop_all; rm -rf "$LOG_DIR"' EXIT

redis_port=$(free_port)
start_redis "$redis_port"
krill_port=$(free_port)
start_krill "$krill_port"

cpu_ticks()
{
    awk '{ print $14 + $15 }' "/proc/$1/stat"
}

# one redis-benchmark run; appends "server,mode,round,test,rps" lines to RESULTS and
# "server,mode,round,server_cpu_us_per_request,client_cpu_us_per_request" to CPU
bench()
{
    local server=$1 port=$2 pid=$3 mode=$4 round=$5 requests pipeline=()
    if [ "$mode" = "P16" ]; then
        requests=$NP
        pipeline=(-P 16)
    else
        requests=$N
    fi
    local started ended ticks_before ticks_after client_cpu
    ticks_before=$(cpu_ticks "$pid")
    started=$(date +%s.%N)
    TIMEFORMAT='%3U %3S'
    { time redis-benchmark -p "$port" -c 50 -n "$requests" "${pipeline[@]}" -t set,get -q --csv \
        ${REDIS_THREADS:+--threads "$REDIS_THREADS"} >"$LOG_DIR/run.csv" 2>/dev/null; } 2>"$LOG_DIR/time.txt"
    ended=$(date +%s.%N)
    ticks_after=$(cpu_ticks "$pid")
    tr -d '"' <"$LOG_DIR/run.csv" |
        awk -F, -v s="$server" -v m="$mode" -v r="$round" '$1 == "SET" || $1 == "GET" { print s "," m "," r "," $1 "," $2 }' \
        >>"$RESULTS"
    client_cpu=$(awk '{ print $1 + $2 }' "$LOG_DIR/time.txt")
    # 2 tests (SET, GET) of $requests each; ticks are 1/100 s
    awk -v s="$server" -v m="$mode" -v r="$round" -v t="$((ticks_after - ticks_before))" -v c="$client_cpu" \
        -v n="$((2 * requests))" 'BEGIN { printf "%s,%s,%s,%.3f,%.3f\n", s, m, r, t * 1e4 / n, c * 1e6 / n }' >>"$CPU"
    echo "  round $round $mode $server: $(tail -2 "$RESULTS" | awk -F, '{ printf "%s %.0f  ", $4, $5 }')" \
        "($(awk -v a="$started" -v b="$ended" 'BEGIN { printf "%.1f", b - a }') s," \
        "server $(tail -1 "$CPU" | cut -d, -f4) us/req, client $(tail -1 "$CPU" | cut -d, -f5) us/req)"
}

echo "warming up ($WARMUP_REQUESTS requests per mode and server)"
for mode in P1 P16; do
    for target in "krill $krill_port" "redis $redis_port"; do
        set -- $target
        redis-benchmark -p "$2" -c 50 -n "$WARMUP_REQUESTS" $([ "$mode" = P16 ] && echo "-P 16") \
            -t set,get -q --csv >/dev/null 2>&1
    done
done

for round in $(seq 1 "$ROUNDS"); do
    for mode in P1 P16; do
        bench krill "$krill_port" "$KRILL_PID" "$mode" "$round"
        bench redis "$redis_port" "$REDIS_PID" "$mode" "$round"
    done
done

krill_command
echo
echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) cores," \
    "load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "java: $(java -version 2>&1 | head -1); JAVA_OPTS='${JAVA_OPTS:-}'; main: $KRILL_MAIN"
echo "redis: $(redis-server --version | cut -d' ' -f3)"
echo "rounds: $ROUNDS, -c 50, -n $N (P1) / $NP (P16)"
printf "%-10s %-5s %14s %14s %8s %8s %-8s %s\n" mode test "krill rps" "redis rps" ratio target verdict \
    "median of per-round ratios (range)"
for mode in P1 P16; do
    target=$([ "$mode" = P16 ] && echo 1.5 || echo 1.0)
    label=$([ "$mode" = P16 ] && echo "-c50-P16" || echo "-c50")
    for test in SET GET; do
        k=$(awk -F, -v m="$mode" -v t="$test" '$1 == "krill" && $2 == m && $4 == t { print $5 }' "$RESULTS" | median)
        r=$(awk -F, -v m="$mode" -v t="$test" '$1 == "redis" && $2 == m && $4 == t { print $5 }' "$RESULTS" | median)
        # each Krill run against the Redis run right after it: less sensitive to slow swings in background load
        paired=$(awk -F, -v m="$mode" -v t="$test" '$2 == m && $4 == t { v[$1 "," $3] = $5; rounds[$3] = 1 }
            END { for (i in rounds) if (("krill," i) in v && ("redis," i) in v) print v["krill," i] / v["redis," i] }' \
            "$RESULTS" | sort -g)
        pm=$(echo "$paired" | median)
        range=$(echo "$paired" | awk 'NR == 1 { lo = $1 } { hi = $1 } END { printf "%.2f-%.2f", lo, hi }')
        awk -v m="$label" -v t="$test" -v k="$k" -v r="$r" -v g="$target" -v pm="$pm" -v range="$range" 'BEGIN {
            verdict = (k / r >= g) ? "met" : "NOT met"
            printf "%-10s %-5s %14.0f %14.0f %7.2fx %7.1fx %-8s %.2fx (%s)\n", m, t, k, r, k / r, g, verdict, pm, range }'
    done
done
echo
echo "CPU time per request (median over rounds; server from /proc/PID/stat, client = redis-benchmark user+sys):"
printf "%-10s %14s %14s %14s %14s\n" mode "krill server" "redis server" "client->krill" "client->redis"
for mode in P1 P16; do
    label=$([ "$mode" = P16 ] && echo "-c50-P16" || echo "-c50")
    ks=$(awk -F, -v m="$mode" '$1 == "krill" && $2 == m { print $4 }' "$CPU" | median)
    rs=$(awk -F, -v m="$mode" '$1 == "redis" && $2 == m { print $4 }' "$CPU" | median)
    kc=$(awk -F, -v m="$mode" '$1 == "krill" && $2 == m { print $5 }' "$CPU" | median)
    rc=$(awk -F, -v m="$mode" '$1 == "redis" && $2 == m { print $5 }' "$CPU" | median)
    printf "%-10s %11s us %11s us %11s us %11s us\n" "$label" "$ks" "$rs" "$kc" "$rc"
done
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
if [ -n "${KEEP_RESULTS:-}" ]; then
    cp "$RESULTS" "$KEEP_RESULTS"
    cp "$CPU" "$KEEP_RESULTS.cpu"
fi
