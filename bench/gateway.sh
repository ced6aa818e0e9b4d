#!/usr/bin/env bash
# Pass-through throughput of portico-gateway against nginx (1 and 2 workers) and HAProxy, all in
# front of the same nginx origin, driven by wrk; then portico with a subscription key, with
# rate-limit-by-key (local store, and a second gateway on a Redis store), with policy expressions,
# and with a bearer token, validated with its scope (keyed-jwt) and only carried (keyed-bearer).
# Run by hand on an otherwise idle machine:
#   bench/gateway.sh [path/to/portico-gateway]
# Environment: DURATION (default 10s), CONNECTIONS (default "50 500"), WRK_THREADS (default 2),
# ROUNDS (default 3: every row runs once a round, the table shows the median round), ROWS (the
# rows to run, by name; default all), INSTRUCTIONS (a request count: print instructions per
# request under callgrind instead of the wrk table),
# PORTICO_CLI (default: the `portico` next to the gateway's build folder, app/cli/portico).
set -euo pipefail

gateway=${1:-${GATEWAY:-build/app/gateway/portico-gateway}}
duration=${DURATION:-10s}
connections=${CONNECTIONS:-50 500}
wrkThreads=${WRK_THREADS:-2}
cli=${PORTICO_CLI:-$(dirname "$gateway")/../cli/portico}
source "$(dirname "$0")/setup.sh"
requireTools nginx haproxy wrk redis-server "$gateway" "$cli"

startScratch

origin=18181 nginx1=18182 nginx2=18183 haproxyPort=18184 portico=18185 porticoAdmin=18186
redisPort=18187 porticoRedis=18188 porticoRedisAdmin=18189 devIdp=18190
tenant=0b5e6a4c-1d2f-4a3b-9c8d-7e6f5a4b3c2d

writeOrigin "$work" $origin

nginxProxy() { # workers port
    cat > "$work/nginx$1.conf" <<CONF
worker_processes $1;
daemon off;
pid $work/nginx$1.pid;
error_log $work/logs/nginx$1.err warn;
events { worker_connections 4096; }
http {
    access_log off;
    keepalive_requests 1000000;
    upstream origin { server 127.0.0.1:$origin; keepalive 256; }
    server {
        listen 127.0.0.1:$2;
        location /b/ {
            proxy_pass http://origin/;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
        }
    }
}
CONF
}
nginxProxy 1 $nginx1
nginxProxy 2 $nginx2

cat > "$work/haproxy.cfg" <<CONF
global
    nbthread 2
    maxconn 8000
defaults
    mode http
    timeout connect 5s
    timeout client 30s
    timeout server 30s
    http-reuse always
frontend bench
    bind 127.0.0.1:$haproxyPort
    http-request replace-path /b/(.*) /\1
    default_backend origin
backend origin
    server o1 127.0.0.1:$origin
CONF

mkdir -p "$work/ws"
cat > "$work/ws/portico.yaml" <<YAML
name: bench
formatVersion: 1
gateways:
  - name: local
    listen: 127.0.0.1:$portico
  - name: redis
    listen: 127.0.0.1:$porticoRedis
    ratelimit: { store: redis, url: "redis://127.0.0.1:$redisPort/0", failure: open }
YAML
writePassThroughApi "$work/ws" $origin

# The same origin behind a typical policy chain (issue 4's bench row): CORS, IP filter,
# set-header inbound and outbound, rewrite-uri with a path parameter.
mkdir -p "$work/ws/apis/chain"
cat > "$work/ws/apis/chain/api.yaml" <<YAML
displayName: chain
path: c
serviceUrl: http://127.0.0.1:$origin
subscriptionRequired: false
specification: openapi.yaml
YAML
cat > "$work/ws/apis/chain/openapi.yaml" <<YAML
openapi: 3.0.3
info: { title: chain, version: 1.0.0 }
paths:
  /{file}:
    get:
      operationId: chain
      parameters: [ { name: file, in: path, required: true, schema: { type: string } } ]
      responses: { '200': { description: ok } }
YAML
cat > "$work/ws/apis/chain/policy.xml" <<XML
<policies>
  <inbound>
    <cors><allowed-origins><origin>https://app.example.test</origin></allowed-origins></cors>
    <ip-filter action="allow"><address-range from="127.0.0.0" to="127.255.255.255"/></ip-filter>
    <set-header name="X-Gateway" exists-action="override"><value>portico</value></set-header>
    <rewrite-uri template="/{file}"/>
  </inbound>
  <backend><forward-request/></backend>
  <outbound><set-header name="X-Powered-By" exists-action="delete"/></outbound>
  <on-error/>
</policies>
XML

# Subscription-keyed APIs (issue 6's bench rows): keyed alone, and keyed + rate-limit-by-key
# with a limit high enough never to refuse, so the rows measure the counting, not refusals.
keyedApi() { # id path policy-inbound
    mkdir -p "$work/ws/apis/$1"
    cat > "$work/ws/apis/$1/api.yaml" <<YAML
displayName: $1
path: $2
serviceUrl: http://127.0.0.1:$origin
subscriptionRequired: true
specification: openapi.yaml
YAML
    cp "$work/ws/apis/bench/openapi.yaml" "$work/ws/apis/$1/openapi.yaml"
    if [ -n "$3" ]; then
        printf '<policies>\n  <inbound>%s</inbound>\n  <backend><forward-request/></backend>\n  <outbound/>\n  <on-error/>\n</policies>\n' \
            "$3" > "$work/ws/apis/$1/policy.xml"
    fi
}
keyedApi keyed k ""
keyedApi keyedlimit kr '<rate-limit-by-key calls="1000000000" renewal-period="60" counter-key="@(context.Subscription.Id)"/>'
key=$("$cli" subscription create --workspace "$work/ws" --id bench --scope /apis 2>/dev/null |
    awk '$1 == "primary-key:" { print $2 }')
[ -n "$key" ] || { echo "portico subscription create gave no key" >&2; exit 1; }
keyHeader="Ocp-Apim-Subscription-Key: $key"

# Keyed + validate-jwt (RS256, keys from the local identity provider's OpenID configuration) +
# the operation's scope (issue 5's bench row); the token comes from portico-gateway --dev-idp.
keyedApi keyedjwt kj "<validate-jwt header-name=\"Authorization\" require-scheme=\"Bearer\"><openid-config url=\"http://127.0.0.1:$devIdp/$tenant/v2.0/.well-known/openid-configuration\"/><audiences><audience>api://bench</audience></audiences></validate-jwt>"
cat > "$work/ws/apis/keyedjwt/openapi.yaml" <<YAML
openapi: 3.0.3
info: { title: keyedjwt, version: 1.0.0 }
components:
  securitySchemes:
    oauth: { type: oauth2, flows: { clientCredentials: { tokenUrl: https://login.example/token, scopes: { Bench.Read: read } } } }
paths:
  /*:
    get:
      operationId: passThrough
      security: [ { oauth: [ Bench.Read ] } ]
      responses: { '200': { description: ok } }
YAML
"$cli" identity tenant set --workspace "$work/ws" --tenant "$tenant" 2>/dev/null
clientSecret=$("$cli" identity client add --workspace "$work/ws" --id bench-daemon \
    --grants client_credentials --roles api://bench/Bench.Read 2>/dev/null |
    awk '$1 == "client-secret:" { print $2 }')
[ -n "$clientSecret" ] || { echo "portico identity client add gave no secret" >&2; exit 1; }

# The chain row's policy plus three typical expressions: a header read, a choose on the method
# and a concatenation with the request id.
mkdir -p "$work/ws/apis/expressions"
sed 's/^displayName: chain$/displayName: expressions/; s/^path: c$/path: e/' \
    "$work/ws/apis/chain/api.yaml" > "$work/ws/apis/expressions/api.yaml"
sed 's/operationId: chain/operationId: expressions/' \
    "$work/ws/apis/chain/openapi.yaml" > "$work/ws/apis/expressions/openapi.yaml"
cat > "$work/ws/apis/expressions/policy.xml" <<XML
<policies>
  <inbound>
    <cors><allowed-origins><origin>https://app.example.test</origin></allowed-origins></cors>
    <ip-filter action="allow"><address-range from="127.0.0.0" to="127.255.255.255"/></ip-filter>
    <set-header name="X-Gateway" exists-action="override"><value>portico</value></set-header>
    <set-header name="X-Region" exists-action="override"><value>@(context.Request.Headers.GetValueOrDefault("X-Region","us"))</value></set-header>
    <choose>
      <when condition="@(context.Request.Method == &quot;GET&quot;)">
        <set-header name="X-Read" exists-action="override"><value>yes</value></set-header>
      </when>
    </choose>
    <set-header name="X-Request-Tag" exists-action="override"><value>@("req-" + context.RequestId)</value></set-header>
    <rewrite-uri template="/{file}"/>
  </inbound>
  <backend><forward-request/></backend>
  <outbound><set-header name="X-Powered-By" exists-action="delete"/></outbound>
  <on-error/>
</policies>
XML

nginx -c "$work/origin.conf" & pids+=($!)
nginx -c "$work/nginx1.conf" & pids+=($!)
nginx -c "$work/nginx2.conf" & pids+=($!)
haproxy -f "$work/haproxy.cfg" -q & pids+=($!)
"$gateway" --workspace "$work/ws" --gateway local --listen 127.0.0.1:$portico \
    --admin 127.0.0.1:$porticoAdmin --threads 2 --log-level error --dev-idp 127.0.0.1:$devIdp \
    > "$work/logs/portico.out" &
pids+=($!)
redis-server --port $redisPort --bind 127.0.0.1 --save '' --appendonly no \
    > "$work/logs/redis.out" & pids+=($!)
sleep 0.5
"$gateway" --workspace "$work/ws" --gateway redis --listen 127.0.0.1:$porticoRedis \
    --admin 127.0.0.1:$porticoRedisAdmin --threads 2 --log-level error \
    > "$work/logs/portico-redis.out" 2>&1 & pids+=($!)
sleep 1.5
curl -sf -o /dev/null "http://127.0.0.1:$origin/small.txt" || { echo "origin does not answer" >&2; exit 1; }
for port in $nginx1 $nginx2 $haproxyPort $portico; do
    curl -sf -o /dev/null "http://127.0.0.1:$port/b/64k.bin" \
        || { echo "proxy on port $port does not answer" >&2; exit 1; }
done
curl -sf -o /dev/null "http://127.0.0.1:$portico/c/64k.bin" \
    || { echo "portico's policy chain does not answer" >&2; exit 1; }
for url in "$portico/k" "$portico/kr" "$porticoRedis/kr"; do
    curl -sf -o /dev/null -H "$keyHeader" "http://127.0.0.1:$url/small.txt" \
        || { echo "portico does not answer a keyed call on $url" >&2; exit 1; }
    [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$url/small.txt")" = 401 ] \
        || { echo "portico answers a call without a key on $url" >&2; exit 1; }
done
curl -sf -o /dev/null "http://127.0.0.1:$portico/e/64k.bin" \
    || { echo "portico's expressions chain does not answer" >&2; exit 1; }
token=$(curl -sf -d grant_type=client_credentials -d client_id=bench-daemon \
    --data-urlencode "client_secret=$clientSecret" --data-urlencode scope=api://bench/.default \
    "http://127.0.0.1:$devIdp/$tenant/oauth2/v2.0/token" |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["access_token"])')
authHeader="Authorization: Bearer $token"
curl -sf -o /dev/null -H "$keyHeader" -H "$authHeader" "http://127.0.0.1:$portico/kj/small.txt" \
    || { echo "portico does not admit a keyed call with a token on /kj" >&2; exit 1; }
[ "$(curl -s -o /dev/null -w '%{http_code}' -H "$keyHeader" "http://127.0.0.1:$portico/kj/small.txt")" = 401 ] \
    || { echo "portico admits a call without a token on /kj" >&2; exit 1; }

toMs() { # wrk latency like 1.23ms / 456.00us / 1.02s
    awk -v v="$1" 'BEGIN {
        if (v ~ /us$/) { sub(/us$/, "", v); printf "%.2f", v / 1000 }
        else if (v ~ /ms$/) { sub(/ms$/, "", v); printf "%.2f", v }
        else if (v ~ /s$/) { sub(/s$/, "", v); printf "%.2f", v * 1000 }
        else printf "%s", v }'
}

declare -A rps p50 p99 errors headerOf authOf
names=("nginx-1w:$nginx1:b" "nginx-2w:$nginx2:b" "haproxy:$haproxyPort:b" "portico:$portico:b"
    "portico-chain:$portico:c" "portico-keyed:$portico:k" "portico-keyed-ratelimit:$portico:kr"
    "portico-keyed-ratelimit-redis:$porticoRedis:kr" "portico-expressions:$portico:e"
    "portico-keyed-jwt:$portico:kj" "portico-keyed-bearer:$portico:b")
if [ -n "${ROWS:-}" ]; then # a subset, for profiling one row: ROWS="portico portico-chain"
    chosen=()
    for entry in "${names[@]}"; do
        [[ " $ROWS " == *" ${entry%%:*} "* ]] && chosen+=("$entry")
    done
    names=("${chosen[@]}")
fi
# keyed-bearer sends keyed-jwt's request, token included, to the pass-through API, which checks
# the key (a key given is always checked) but not the token: what carrying a 1 KiB token through
# the proxy and the origin costs, apart from validating it.
authOf[portico-keyed-jwt]=$authHeader
authOf[portico-keyed-bearer]=$authHeader
for name in portico-keyed portico-keyed-ratelimit portico-keyed-ratelimit-redis portico-keyed-jwt \
    portico-keyed-bearer; do
    headerOf[$name]=$keyHeader
done
# INSTRUCTIONS=N: instead of the wrk table, the instructions one request costs the gateway in user
# space, for each portico row but the Redis one: a second gateway on one thread runs under
# callgrind and gets N requests on one keep-alive connection, after 50 to warm up. Unlike req/s
# and CPU time, the figure does not move with the load on the machine. Needs valgrind.
if [ -n "${INSTRUCTIONS:-}" ]; then
    command -v valgrind >/dev/null 2>&1 || { echo "missing: valgrind" >&2; exit 2; }
    countPort=18191 countAdmin=18192
    printf '| row | instructions per request |\n|---|---:|\n'
    for entry in "${names[@]}"; do
        IFS=: read -r name port prefix <<<"$entry"
        [[ $name == portico* && $name != *redis ]] || continue
        out="$work/callgrind.$name"
        valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file="$out" "$gateway" \
            --workspace "$work/ws" --gateway local --listen 127.0.0.1:$countPort \
            --admin 127.0.0.1:$countAdmin --threads 1 --log-level error >/dev/null 2>&1 &
        counted=$!
        for _ in $(seq 120); do
            curl -sf -o /dev/null "http://127.0.0.1:$countAdmin/ready" && break
            sleep 0.5
        done
        python3 - "$countPort" "/$prefix/small.txt" "$INSTRUCTIONS" "$counted" \
            "${headerOf[$name]:-}" "${authOf[$name]:-}" <<'PY'
import socket, subprocess, sys
port, path, count, pid = int(sys.argv[1]), sys.argv[2].encode(), int(sys.argv[3]), sys.argv[4]
headers = b"".join(h.encode() + b"\r\n" for h in sys.argv[5:] if h)
request = b"GET " + path + b" HTTP/1.1\r\nHost: bench\r\n" + headers + b"\r\n"
connection = socket.create_connection(("127.0.0.1", port))
def call():
    connection.sendall(request)
    answer = connection.recv(65536)
    if b" 200 " not in answer[:16]:
        sys.exit("not admitted: " + answer[:200].decode(errors="replace"))
for _ in range(50):
    call()
subprocess.run(["callgrind_control", "-i", "on", pid], check=True, capture_output=True)
for _ in range(count):
    call()
subprocess.run(["callgrind_control", "-i", "off", pid], check=True, capture_output=True)
PY
        kill "$counted"
        wait "$counted" 2>/dev/null || true
        total=$(cat "$out"* | awk '/^(summary|totals):/ { s += $2 } END { print s }')
        printf '| %s | %s |\n' "$name" "$((total / INSTRUCTIONS))"
    done
    exit 0
fi

# Memory per idle client connection: RSS before and after holding 2000 idle keep-alive sockets.
# Measured before the load, on a fresh heap: afterwards, memory freed by the load is reused and
# hides what a connection takes.
gatewayPid=${pids[4]}
rssBefore=$(awk '/VmRSS/ { print $2 }' "/proc/$gatewayPid/status")
python3 - "$portico" <<'PY' &
import socket, sys, time
port = int(sys.argv[1])
held = []
for _ in range(2000):
    s = socket.create_connection(("127.0.0.1", port))
    s.sendall(b"GET /b/small.txt HTTP/1.1\r\nHost: bench\r\n\r\n")
    held.append(s)
for s in held:
    s.recv(4096)
time.sleep(3)
PY
idlePid=$!
sleep 2
rssAfter=$(awk '/VmRSS/ { print $2 }' "/proc/$gatewayPid/status")
wait $idlePid || true
printf 'portico-gateway RSS with 2000 idle keep-alive connections: +%s KiB (%s bytes per connection)\n\n' \
    "$((rssAfter - rssBefore))" "$(((rssAfter - rssBefore) * 1024 / 2000))"

# The proxy's own CPU time per request (user + system, all its processes and threads): steadier
# than req/s, which also depends on how the machine shares its cores with wrk and the origin.
# Also its system (kernel) share, and the whole machine's busy time per request: what wrk, the
# origin and the proxy took together, the budget a faster proxy has to fit in.
cpuTicks() { # pid: "user system" ticks of the process and its children
    local user=0 system=0 p
    for p in "$1" $(pgrep -P "$1"); do
        read -r u s < <(awk '{ print $14, $15 }' "/proc/$p/stat")
        user=$((user + u)) system=$((system + s))
    done
    echo "$user $system"
}
machineBusyTicks() { # all cores: user, nice, system, irq and softirq ticks
    awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 }' /proc/stat
}
perRequest() { # ticks requests: microseconds per request
    awk -v t="$1" -v hz="$ticksPerSecond" -v n="$2" 'BEGIN { printf "%.1f", t * 1e6 / hz / n }'
}
declare -A pidOf=([nginx-1w]=${pids[1]} [nginx-2w]=${pids[2]} [haproxy]=${pids[3]}
    [portico-keyed-ratelimit-redis]=${pids[6]})
ticksPerSecond=$(getconf CLK_TCK)
median() { tr ' ' '\n' | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
# Each round runs every row once, so drift on the machine touches all rows alike; the table
# shows each row's median round.
rounds=${ROUNDS:-3}
declare -A runs cpuRuns systemRuns machineRuns p50Runs p99Runs
printf '| proxy | conns | body | req/s | p50 ms | p99 ms | cpu µs/req | of it kernel | machine µs/req |\n'
printf '|---|---:|---|---:|---:|---:|---:|---:|---:|\n'
for c in $connections; do
    for file in small.txt 64k.bin; do
        for round in $(seq "$rounds"); do
            for entry in "${names[@]}"; do
                IFS=: read -r name port prefix <<<"$entry"
                headerArgs=()
                [ -n "${headerOf[$name]:-}" ] && headerArgs=(-H "${headerOf[$name]}")
                [ -n "${authOf[$name]:-}" ] && headerArgs+=(-H "${authOf[$name]}")
                proxyPid=${pidOf[$name]:-${pids[4]}}
                read -r userBefore systemBefore < <(cpuTicks "$proxyPid")
                machineBefore=$(machineBusyTicks)
                out=$(wrk -t"$wrkThreads" -c"$c" -d"$duration" --latency "${headerArgs[@]}" \
                    "http://127.0.0.1:$port/$prefix/$file")
                machineTicks=$(($(machineBusyTicks) - machineBefore))
                read -r userAfter systemAfter < <(cpuTicks "$proxyPid")
                key="$name/$c/$file"
                requests=$(awk '/requests in/ { print $1 }' <<<"$out")
                runRps=$(awk '/^Requests\/sec/ { printf "%.0f", $2 }' <<<"$out")
                runs[$key]+="$runRps "
                cpuRuns[$key]+="$(perRequest $((userAfter + systemAfter - userBefore - systemBefore)) \
                    "$requests") "
                systemRuns[$key]+="$(perRequest $((systemAfter - systemBefore)) "$requests") "
                machineRuns[$key]+="$(perRequest "$machineTicks" "$requests") "
                p50Runs[$key]+="$(toMs "$(awk '$1 == "50%" { print $2 }' <<<"$out")") "
                p99Runs[$key]+="$(toMs "$(awk '$1 == "99%" { print $2 }' <<<"$out")") "
                errors[$key]+=$(awk '/Non-2xx|Socket errors/ { print }' <<<"$out" | tr '\n' ' ')
            done
        done
        for entry in "${names[@]}"; do
            IFS=: read -r name port prefix <<<"$entry"
            key="$name/$c/$file"
            rps[$key]=$(median <<<"${runs[$key]% }")
            # The latencies of the round whose req/s is the median.
            read -ra roundRps <<<"${runs[$key]}"
            read -ra roundP50 <<<"${p50Runs[$key]}"
            read -ra roundP99 <<<"${p99Runs[$key]}"
            for i in "${!roundRps[@]}"; do
                if [ "${roundRps[$i]}" = "${rps[$key]}" ]; then
                    p50[$key]=${roundP50[$i]}
                    p99[$key]=${roundP99[$i]}
                    break
                fi
            done
            printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s |%s\n' "$name" "$c" "$file" \
                "${rps[$key]}" "${p50[$key]}" "${p99[$key]}" "$(median <<<"${cpuRuns[$key]% }")" \
                "$(median <<<"${systemRuns[$key]% }")" "$(median <<<"${machineRuns[$key]% }")" \
                "${errors[$key]:+ ${errors[$key]}}"
        done
    done
done

printf '\n| conns | body | portico/nginx-1w | portico/nginx-2w | portico/haproxy | chain/portico | keyed/portico | ratelimit/keyed | redis/keyed | expressions/chain | keyed-jwt/portico | keyed-jwt/keyed-bearer |\n|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n'
for c in $connections; do
    for file in small.txt 64k.bin; do
        ratio() {
            awk -v a="${rps[$2/$c/$file]:-}" -v b="${rps[$1/$c/$file]:-}" \
                'BEGIN { if (a == "" || b == "" || b == 0) printf "-"; else printf "%.2f", a / b }'
        }
        printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$c" "$file" \
            "$(ratio nginx-1w portico)" "$(ratio nginx-2w portico)" "$(ratio haproxy portico)" \
            "$(ratio portico portico-chain)" "$(ratio portico portico-keyed)" \
            "$(ratio portico-keyed portico-keyed-ratelimit)" \
            "$(ratio portico-keyed portico-keyed-ratelimit-redis)" \
            "$(ratio portico-chain portico-expressions)" "$(ratio portico portico-keyed-jwt)" \
            "$(ratio portico-keyed-bearer portico-keyed-jwt)"
    done
done
# A refusal would make the rate-limit rows measure 429s: every call must have been admitted.
for admin in $porticoAdmin $porticoRedisAdmin; do
    curl -s "http://127.0.0.1:$admin/metrics" | grep '^portico_throttled_requests_total' || true
done
