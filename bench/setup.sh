# Sourced by the gateway benches: what they set up alike. The tools they need, a scratch
# directory removed on exit with the processes they start, the nginx origin they all proxy to,
# and the pass-through API.

# requireTools TOOL...: exits 2 naming the first one that is neither on PATH nor executable.
requireTools() {
    local tool
    for tool in "$@"; do
        command -v "$tool" >/dev/null 2>&1 || [ -x "$tool" ] || { echo "missing: $tool" >&2; exit 2; }
    done
}

# startScratch: sets $work to a new directory and $pids to an empty list; on exit every pid in
# $pids is killed and waited for, and $work is removed.
startScratch() {
    work=$(mktemp -d)
    pids=()
    trap 'for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"' EXIT
}

# writeOrigin DIR PORT: the files the origin serves (DIR/www) and its configuration
# (DIR/origin.conf, logs in DIR/logs).
writeOrigin() {
    local dir=$1 port=$2
    mkdir -p "$dir/www" "$dir/logs"
    chmod 755 "$dir" "$dir/www" # nginx workers run unprivileged
    printf 'hello, world\n' > "$dir/www/small.txt"
    head -c 65536 /dev/urandom > "$dir/www/64k.bin"
    chmod 644 "$dir/www/"*
    # Request heads are read into a 4 KiB buffer: with nginx's default of 1 KiB, a head that
    # carries a bearer token spills into a second buffer and costs the origin a fifth more per
    # request (wrk straight to the origin), which the token rows would wrongly charge to the
    # gateway.
    cat > "$dir/origin.conf" <<CONF
worker_processes 1;
daemon off;
pid $dir/origin.pid;
error_log $dir/logs/origin.err warn;
events { worker_connections 4096; }
http {
    access_log off;
    keepalive_requests 1000000;
    client_header_buffer_size 4k;
    server { listen 127.0.0.1:$port; root $dir/www; }
}
CONF
}

# writePassThroughApi WORKSPACE ORIGIN-PORT: API "bench" at /b, every GET passed to the origin.
writePassThroughApi() {
    local ws=$1 port=$2
    mkdir -p "$ws/apis/bench"
    cat > "$ws/apis/bench/api.yaml" <<YAML
displayName: bench
path: b
serviceUrl: http://127.0.0.1:$port
subscriptionRequired: false
specification: openapi.yaml
YAML
    cat > "$ws/apis/bench/openapi.yaml" <<YAML
openapi: 3.0.3
info: { title: bench, version: 1.0.0 }
paths:
  /*:
    get:
      operationId: passThrough
      responses: { '200': { description: ok } }
YAML
}
