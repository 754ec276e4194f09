#!/bin/bash
# A rolling update of two replicas behind a real HAProxy with HTTP/2 upstreams (h2c, `server ... proto h2`,
# `retries 0`), under constant HTTP/1.1 keep-alive load from h2load: a new replica is started and enabled, the
# old one gets SIGTERM and is removed through HAProxy's runtime API LAG s later (as an endpoint removal), twice.
# The load is HTTP/2 too (h2load, h2c with prior knowledge to an HTTP/2 frontend): h2load 1.52 counts Tomcat's
# responses without a reason phrase as failures over HTTP/1.1.
# Each replica is one of the autoconfigure module's test apps, PID 1 of its own namespace. Prints h2load's
# request and status-code lines and each replica's exit code.
#
#   docker/bench/http2-rolling.sh [tomcat|jetty|netty] [CONNECTIONS=true|false]
# Env: RATE (1000 req/s), LAG (2 s), DURATION (45 s), PORT_BASE (25200: ports PORT_BASE to PORT_BASE+99).
# Needs root (unshare), haproxy, h2load (nghttp2-client), python3, curl.
set -euo pipefail
cd "$(dirname "$0")/../.."
SERVER=${1:-tomcat}
CONNECTIONS=${2:-true}
RATE=${RATE:-1000}
LAG=${LAG:-2}
DURATION=${DURATION:-45}
OUT=$(mktemp -d /tmp/pid1-http2-rolling.XXXXXX)
for tool in haproxy h2load python3 curl unshare; do
	command -v "$tool" >/dev/null || { echo "missing $tool: apt-get install -y haproxy nghttp2-client python3 curl util-linux"; exit 2; }
done
case "$SERVER" in
	# Tomcat behind HTTP/2 upstreams: the settings the sample app uses (Http2UpstreamConfiguration)
	tomcat) MAIN=dev.pid1.shutdown.apps.ServletApp; REWRITE='http-request set-uri http://%[req.hdr(host)]%[pathq]'
		APP_ARGS=--test.http2-behind-proxy=${TOMCAT_BEHIND_PROXY:-true} ;;
	jetty) MAIN=dev.pid1.shutdown.apps.JettyApp; REWRITE='' ;;
	netty) MAIN=dev.pid1.shutdown.apps.ReactiveApp; REWRITE='' ;;
	*) echo "server: tomcat, jetty or netty"; exit 2 ;;
esac
CP_FILE=autoconfigure/target/pid1-bench-classpath.txt
if [ ! -f "$CP_FILE" ] || [ ! -d autoconfigure/target/test-classes ]; then
	./mvnw -B -q -pl autoconfigure test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$PWD/$CP_FILE"
fi
CP="$(cat "$CP_FILE"):autoconfigure/target/classes:autoconfigure/target/test-classes"
PORT_BASE=${PORT_BASE:-25200}
FRONT=$PORT_BASE
declare -A PORTS=([a]=$((PORT_BASE + 11)) [b]=$((PORT_BASE + 12)) [c]=$((PORT_BASE + 13)) [d]=$((PORT_BASE + 14))) UNSHARE=()

cat > "$OUT/haproxy.cfg" <<CFG
global
	log stdout format raw local0
	stats socket $OUT/admin.sock level admin
defaults
	mode http
	log global
	option httplog
	option dontlog-normal
	retries 0
	timeout connect 2s
	timeout client 30s
	timeout server 30s
frontend fe
	bind 127.0.0.1:$FRONT proto h2
	$REWRITE
	default_backend be
backend be
	server a 127.0.0.1:${PORTS[a]} proto h2
	server b 127.0.0.1:${PORTS[b]} proto h2
	server c 127.0.0.1:${PORTS[c]} proto h2 disabled
	server d 127.0.0.1:${PORTS[d]} proto h2 disabled
CFG

admin() { python3 -c 'import socket,sys; s=socket.socket(socket.AF_UNIX); s.connect(sys.argv[1]); s.sendall((sys.argv[2]+"\n").encode()); print(s.recv(4096).decode().strip())' "$OUT/admin.sock" "$1"; }
start() {
	local port=${PORTS[$1]}
	unshare --fork --pid --mount-proc java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmx256m -cp "$CP" "$MAIN" \
		--server.port="$port" --management.server.port=$((port + 50)) --server.address=127.0.0.1 \
		--management.server.address=127.0.0.1 --management.endpoint.health.probes.enabled=true \
		--spring.main.banner-mode=off --server.http2.enabled=true --pid1.shutdown.drain=always \
		--pid1.connections.enabled="$CONNECTIONS" ${APP_ARGS:-} >"$OUT/$1.log" 2>&1 &
	UNSHARE[$1]=$!
}
ready() {
	for _ in $(seq 1 600); do
		curl -sf -o /dev/null "http://127.0.0.1:$((PORTS[$1] + 50))/actuator/health/readiness" && return 0
		sleep 0.2
	done
	echo "replica $1 not ready"; cat "$OUT/$1.log"; exit 1
}
event() { echo "$(date -u +%T.%3N) $*" >>"$OUT/events.log"; }
term() { event "SIGTERM $1"; kill -TERM "$(pgrep -P "${UNSHARE[$1]}" | head -1)"; }
cleanup() {
	# No errexit here: a replica that has exited (pgrep finds nothing) must not leave HAProxy running, whose
	# listener (SO_REUSEPORT) would take part of the next run's connections to backends long gone.
	set +e
	# SIGKILL to a namespace's PID 1 takes the whole namespace down; then unshare exits.
	for r in "${!UNSHARE[@]}"; do
		init=$(pgrep -P "${UNSHARE[$r]}" | head -1)
		[ -n "$init" ] && kill -KILL "$init" 2>/dev/null
		kill -KILL "${UNSHARE[$r]}" 2>/dev/null
	done
	[ -n "${HAPROXY:-}" ] && kill "$HAPROXY" 2>/dev/null
	[ -n "${HAPROXY:-}" ] && wait "$HAPROXY" 2>/dev/null
	return 0
}
trap cleanup EXIT

start a; start b; ready a; ready b
haproxy -f "$OUT/haproxy.cfg" -db >"$OUT/haproxy.log" 2>&1 &
HAPROXY=$!
sleep 1
h2load -c 10 --rps $((RATE / 10)) -D "$DURATION" --log-file="$OUT/requests.tsv" "http://127.0.0.1:$FRONT/hello" >"$OUT/h2load.out" 2>&1 &
LOAD=$!
sleep 3
for pair in "a c" "b d"; do
	set -- $pair
	start "$2"; ready "$2"; admin "set server be/$2 state ready" >/dev/null; event "ready $2"
	sleep 1
	term "$1"; sleep "$LAG"; admin "set server be/$1 state maint" >/dev/null; event "maint $1"
done
codes=""
for r in a b; do wait "${UNSHARE[$r]}" && code=0 || code=$?; codes="$codes $r=$code"; done
wait "$LOAD" || true
echo "$SERVER, pid1.connections.enabled=$CONNECTIONS, $RATE req/s, LAG $LAG s (logs in $OUT)"
grep -E "^requests:|^status codes:" "$OUT/h2load.out"
echo "exit codes:$codes"
# h2load counts a stream closed by RST_STREAM (or a GOAWAY below its id) without a response as "errored" and logs
# it with status -1: HAProxy answers REFUSED_STREAM, without a log line, when the backend connection it put the
# stream on goes away before the server took it. Each such stream with the last event before it started.
python3 - "$OUT/requests.tsv" "$OUT/events.log" <<'PY'
import sys, datetime
events = []
for line in open(sys.argv[2]):
    t, what = line.split(" ", 1)
    day = datetime.datetime.now(datetime.timezone.utc).date()
    at = datetime.datetime.combine(day, datetime.time.fromisoformat(t), datetime.timezone.utc).timestamp()
    events.append((at, what.strip()))
rows = [line.split("\t") for line in open(sys.argv[1]) if line.count("\t") >= 2]
lost = [(int(r[0]) / 1e6, int(r[2]) / 1e3) for r in rows if r[1] != "200" and not r[1].startswith("2")]
print(f"streams without a 2xx (h2load's log): {len(lost)} of {len(rows)}")
for start, took in sorted(lost)[:20]:
    before = [e for e in events if e[0] <= start]
    where = f"{start - before[-1][0]:+.3f} s after {before[-1][1]}" if before else "before the first event"
    print(f"  started {where}, closed {took:.0f} ms later")
PY
echo "HAProxy errors by termination state, server, status:"
grep -oE "be/[a-z<>A-Z]+ [-0-9/]+ [0-9]+ [0-9]+ - - [A-Za-z-]{4}" "$OUT/haproxy.log" | awk '{print $5" "$1" "$3}' | sort | uniq -c | sort -rn | head -10
