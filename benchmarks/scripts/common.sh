# Shared by the comparison scripts: locating the build, free ports, starting and stopping servers.
# Sourced, not run. Every server started here is stopped by stop_all (trap it on EXIT).

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
STARTED_PIDS=()

die()
{
    echo "error: $*" >&2
    exit 1
}

free_port()
{
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

wait_for_ping()
{
    local port=$1
    for _ in $(seq 1 200); do
        if [ "$(redis-cli -p "$port" ping 2>/dev/null)" = "PONG" ]; then
            return 0
        fi
        sleep 0.1
    done
    die "no PONG from port $port"
}

start_redis()
{
    local port=$1
    shift
    redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --daemonize no "$@" \
        >"${LOG_DIR:-/tmp}/redis-$port.log" 2>&1 &
    STARTED_PIDS+=($!)
    REDIS_PID=$!
    wait_for_ping "$port"
}

# The class path and main class that start a Krill node (what bin/krill-server runs, without its build step).
krill_command()
{
    local core_jar="$ROOT/core/target/krill-core-0.1.0-SNAPSHOT.jar"
    [ -f "$core_jar" ] || die "build first: mvn -o -q install -DskipTests (missing $core_jar)"
    KRILL_CP="$core_jar:$ROOT/core/target/lib/*"
    KRILL_MAIN=io.krill.core.server.KrillServerMain
}

start_krill()
{
    local port=$1
    krill_command
    # shellcheck disable=SC2086
    java ${JAVA_OPTS:-} -cp "$KRILL_CP" "$KRILL_MAIN" --port "$port" --bind 127.0.0.1 \
        >"${LOG_DIR:-/tmp}/krill-$port.log" 2>&1 &
    STARTED_PIDS+=($!)
    KRILL_PID=$!
    wait_for_ping "$port"
}

stop_pid()
{
    local pid=$1
    if kill -0 "$pid" 2>/dev/null; then
        kill "$pid" 2>/dev/null
        for _ in $(seq 1 50); do
            kill -0 "$pid" 2>/dev/null || return 0
            sleep 0.1
        done
        kill -9 "$pid" 2>/dev/null
    fi
}

stop_all()
{
    for pid in "${STARTED_PIDS[@]}"; do
        stop_pid "$pid"
    done
    STARTED_PIDS=()
}

median()
{
    sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) { print "nan" } else if (NR % 2) { print v[(NR + 1) / 2] }
        else { printf "%.2f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 } }'
}

# Memory figures. Redis: an INFO memory field (used_memory unless told). Krill: live bytes after a full GC, from
# `jcmd <pid> GC.class_histogram` (it collects first and counts reachable objects only, so the figure depends on
# neither the collector nor the heap size).
used_memory()
{
    redis-cli -p "$1" info memory | tr -d '\r' | awk -F: -v f="${2:-used_memory}" '$1 == f { print $2 }'
}

live_heap()
{
    jcmd "$1" GC.class_histogram | awk '$1 == "Total" { print $3 }'
}

# Sends a file of RESP commands to a server with `redis-cli --pipe`; shows redis-cli's output if it fails.
pipe_load()
{
    local port=$1 file=$2
    redis-cli -p "$port" --pipe <"$file" >"${LOG_DIR:-/tmp}/pipe-$port.out" 2>&1 ||
        { cat "${LOG_DIR:-/tmp}/pipe-$port.out"; die "load into port $port failed"; }
}

# Loads one file of RESP commands into a fresh redis-server, then into a fresh Krill node, and sets the memory
# before and after (REDIS_BEFORE REDIS_AFTER: used_memory; KRILL_BEFORE KRILL_AFTER: live heap) and the
# OBJECT ENCODING of a sample key on each (REDIS_ENCODING KRILL_ENCODING; with no key given, a random key).
# Both must end with the same DBSIZE; a third argument names a function run with Redis's port after its load (a
# sanity check of what was loaded: it may use commands Krill lacks, such as EVAL).
measure_memory()
{
    local file=$1 sample=${2:-} check=${3:-} port
    port=$(free_port)
    start_redis "$port"
    REDIS_BEFORE=$(used_memory "$port")
    pipe_load "$port" "$file"
    REDIS_AFTER=$(used_memory "$port")
    REDIS_ENCODING=$(redis-cli -p "$port" object encoding "${sample:-$(redis-cli -p "$port" randomkey)}")
    [ -z "$check" ] || "$check" "$port"
    local keys
    keys=$(redis-cli -p "$port" dbsize)
    stop_all

    port=$(free_port)
    start_krill "$port"
    KRILL_BEFORE=$(live_heap "$KRILL_PID")
    pipe_load "$port" "$file"
    KRILL_AFTER=$(live_heap "$KRILL_PID")
    KRILL_ENCODING=$(redis-cli -p "$port" object encoding "${sample:-$(redis-cli -p "$port" randomkey)}")
    [ "$(redis-cli -p "$port" dbsize)" = "$keys" ] || die "krill holds $(redis-cli -p "$port" dbsize) keys, redis $keys"
    stop_all
    [ "$REDIS_ENCODING" = "$KRILL_ENCODING" ] || die "encodings differ ($REDIS_ENCODING, $KRILL_ENCODING)"
}

# A base port P such that P..P+5 and P+10000..P+10005 are all free (six cluster nodes and their bus ports).
free_cluster_base()
{
    python3 - <<'PY'
import random, socket
def free(p):
    s = socket.socket()
    try:
        s.bind(("127.0.0.1", p)); return True
    except OSError:
        return False
    finally:
        s.close()
while True:
    base = random.randrange(20000, 30000)
    if all(free(base + i) and free(base + 10000 + i) for i in range(6)):
        print(base); break
PY
}

# Waits until the six nodes on ports P..P+5 answer PING.
wait_cluster_ready()
{
    for i in 0 1 2 3 4 5; do
        for _ in $(seq 1 600); do
            redis-cli -p $(($1 + i)) ping >/dev/null 2>&1 && break
            sleep 0.1
        done
    done
}

# Starts six cluster-enabled redis-servers on ports P..P+5, each in DIR/<port>; further arguments go to every one.
start_redis_cluster_nodes()
{
    local base=$1 dir=$2 p
    shift 2
    for p in $(seq "$base" $((base + 5))); do
        mkdir -p "$dir/$p"
        (cd "$dir/$p" && exec redis-server --port "$p" --bind 127.0.0.1 --cluster-enabled yes \
            --save '' --appendonly no --daemonize no "$@" >/dev/null 2>&1) &
        STARTED_PIDS+=($!)
    done
}
