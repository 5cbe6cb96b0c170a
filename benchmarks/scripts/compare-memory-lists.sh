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
source "$(dirname "$0")/common.sh"
KINDS=("$@")
[ ${#KINDS[@]} -gt 0 ] || KINDS=(small single ints queue)
WORK=$(mktemp -d)
LOG_DIR=$WORK
trap 'stop_all; rm -rf "$WORK"' EXIT

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

# Every element is in a list: the total of LLEN over all keys.
check_elements()
{
    local total
    total=$(redis-cli -p "$1" eval "local n = 0 for _, k in ipairs(redis.call('keys', '*')) do \
        n = n + redis.call('llen', k) end return n" 0)
    [ "$total" = "$count" ] || die "$kind: port $1 holds $total elements, expected $count"
}

krill_command
printf '%-6s %12s %14s %14s %8s\n' data elements "redis B/elem" "krill B/elem" ratio
for kind in "${KINDS[@]}"; do
    data="$WORK/$kind.resp"
    generate "$kind" "$data"
    count=$(elements "$kind")

    measure_memory "$data" "" check_elements
    awk -v k="$kind" -v n="$count" -v rb="$REDIS_BEFORE" -v ra="$REDIS_AFTER" -v kb="$KRILL_BEFORE" \
        -v ka="$KRILL_AFTER" 'BEGIN {
        r = (ra - rb) / n; j = (ka - kb) / n
        printf "%-6s %12d %14.1f %14.1f %8.2f\n", k, n, r, j, j / r }'
done
echo "JAVA_OPTS='${JAVA_OPTS:-}'; $(java -version 2>&1 | head -1); $(redis-server --version | cut -d' ' -f1-3)"
