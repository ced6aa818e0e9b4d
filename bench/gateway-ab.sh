#!/usr/bin/env bash
# Two portico-gateway binaries side by side on one nginx origin, each with the same pass-through
# workspace, driven by wrk in alternating runs; prints each run and each side's median req/s and
# CPU per request. On a shared machine two separate bench runs differ by more than most changes;
# alternating runs of A and B see the same drift. Run by hand on an otherwise idle machine:
#   bench/gateway-ab.sh OLD-GATEWAY NEW-GATEWAY
# Environment: ROUNDS (default 7), CONNECTIONS (default 50), FILE (small.txt or 64k.bin, default
# small.txt), THREADS (gateway threads, default 2), DURATION (default 5s).
set -euo pipefail

[ $# -eq 2 ] || { echo "usage: $0 A-GATEWAY B-GATEWAY" >&2; exit 2; }
a=$1 b=$2
rounds=${ROUNDS:-7} connections=${CONNECTIONS:-50} file=${FILE:-small.txt}
threads=${THREADS:-2} duration=${DURATION:-5s}
source "$(dirname "$0")/setup.sh"
requireTools nginx wrk curl "$a" "$b"

startScratch

origin=18281 portA=18282 adminA=18283 portB=18284 adminB=18285
writeOrigin "$work" $origin
mkdir -p "$work/ws"
printf 'name: ab\nformatVersion: 1\n' > "$work/ws/portico.yaml"
writePassThroughApi "$work/ws" $origin

nginx -c "$work/origin.conf" & pids+=($!)
declare -A pidOf portOf=([A]=$portA [B]=$portB)
for side in A B; do
    binary=$a admin=$adminA
    [ $side = B ] && binary=$b admin=$adminB
    "$binary" --workspace "$work/ws" --listen "127.0.0.1:${portOf[$side]}" \
        --admin "127.0.0.1:$admin" --threads "$threads" --log-level error >/dev/null &
    pids+=($!)
    pidOf[$side]=$!
done
for side in A B; do
    for _ in $(seq 50); do
        curl -sf -o /dev/null "http://127.0.0.1:${portOf[$side]}/b/small.txt" && break
        sleep 0.2
    done
done

ticks() { # user + system ticks of a process
    awk '{ print $14 + $15 }' "/proc/$1/stat"
}
hz=$(getconf CLK_TCK)
median() { tr ' ' '\n' | grep . | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
declare -A rps cpu
for round in $(seq "$rounds"); do
    for side in A B; do
        before=$(ticks "${pidOf[$side]}")
        out=$(wrk -t2 -c"$connections" -d"$duration" "http://127.0.0.1:${portOf[$side]}/b/$file")
        used=$(($(ticks "${pidOf[$side]}") - before))
        requests=$(awk '/requests in/ { print $1 }' <<<"$out")
        runRps=$(awk '/^Requests\/sec/ { printf "%.0f", $2 }' <<<"$out")
        runCpu=$(awk -v t="$used" -v hz="$hz" -v n="$requests" 'BEGIN { printf "%.2f", t * 1e6 / hz / n }')
        rps[$side]+="$runRps " cpu[$side]+="$runCpu "
        printf 'round %s %s: %s req/s, %s µs/req\n' "$round" "$side" "$runRps" "$runCpu"
    done
done
for side in A B; do
    printf '%s median: %s req/s, %s µs/req (%s)\n' "$side" "$(median <<<"${rps[$side]}")" \
        "$(median <<<"${cpu[$side]}")" "$([ $side = A ] && echo "$a" || echo "$b")"
done
