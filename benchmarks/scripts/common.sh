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
