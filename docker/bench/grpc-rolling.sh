#!/bin/bash
# A rolling update of the gRPC app (compatibility/grpc-app, Spring Boot 4.1's gRPC server) with pid1 and the same jar
# with pid1 off (plain Spring Boot gRPC) side by side in the same run: two replicas of each, each PID 1 of its own
# namespace, replaced one after the other (a new replica started and ready, added to the endpoints, the old one
# SIGTERMed and removed from the endpoints LAG s later, as Kubernetes does with maxSurge 1), under constant load from
# two clients per app:
#   rr       grpc-java with round_robin over the endpoints (a resolver that re-reads the endpoint list every 200 ms,
#            as a Kubernetes endpoints watch)
#   haproxy  grpc-java through HAProxy (h2 frontend, `proto h2` to the backends, `retries 0`; the endpoints through
#            its runtime API)
# each sending RATE unary calls/s and keeping STREAMS server-streaming calls (10 s each) running. Prints, per app and
# client, the calls by status code and the streams by how they ended, and each old replica's exit code.
#
#   docker/bench/grpc-rolling.sh
# Env: RATE (500 calls/s per client), LAG (3 s), DURATION (45 s), STREAMS (4), CLIENTS (rr haproxy: the clients run,
# each for both apps; one at a time halves the load on a small machine), PORT_BASE (24000: ports PORT_BASE to
# PORT_BASE+199).
# Needs root (unshare), haproxy, python3, curl; builds the app and the client's class path with ./mvnw.
set -euo pipefail
cd "$(dirname "$0")/../.."
RATE=${RATE:-500}
LAG=${LAG:-3}
DURATION=${DURATION:-45}
STREAMS=${STREAMS:-4}
CLIENTS=${CLIENTS:-rr haproxy}
PORT_BASE=${PORT_BASE:-24000}
OUT=$(mktemp -d /tmp/pid1-grpc-rolling.XXXXXX)
for tool in haproxy python3 curl unshare; do
	command -v "$tool" >/dev/null || { echo "missing $tool: apt-get install -y haproxy python3 curl util-linux"; exit 2; }
done
VERSION=0.1.0-SNAPSHOT
JAR=compatibility/grpc-app/target/pid1-compat-grpc-app-$VERSION.jar
CP_FILE=testcontainers/target/pid1-grpc-bench-classpath.txt
[ -f "$JAR" ] || ./mvnw -B -q -pl compatibility/grpc-app -am package -DskipTests
[ -f "$CP_FILE" ] || ./mvnw -B -q -pl testcontainers dependency:build-classpath -Dmdep.includeScope=test \
	-Dmdep.outputFile="$PWD/$CP_FILE"
mkdir -p "$OUT/client"
javac -nowarn -d "$OUT/client" -cp "$(cat "$CP_FILE")" docker/bench/GrpcRollingClient.java 2>/dev/null

# Replicas: pid1 a b (replaced by c d), plain e f (replaced by g h). Replica n: HTTP PORT_BASE+100+10n, management
# +1, gRPC +2.
declare -A N=([a]=0 [b]=1 [c]=2 [d]=3 [e]=4 [f]=5 [g]=6 [h]=7) UNSHARE=()
grpc_port() { echo $((PORT_BASE + 102 + 10 * N[$1])); }
FRONT_PID1=$((PORT_BASE + 10))
FRONT_PLAIN=$((PORT_BASE + 11))

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
	timeout client 60s
	timeout server 60s
frontend pid1
	bind 127.0.0.1:$FRONT_PID1 proto h2
	default_backend pid1
frontend plain
	bind 127.0.0.1:$FRONT_PLAIN proto h2
	default_backend plain
backend pid1
	server a 127.0.0.1:$(grpc_port a) proto h2
	server b 127.0.0.1:$(grpc_port b) proto h2
	server c 127.0.0.1:$(grpc_port c) proto h2 disabled
	server d 127.0.0.1:$(grpc_port d) proto h2 disabled
backend plain
	server e 127.0.0.1:$(grpc_port e) proto h2
	server f 127.0.0.1:$(grpc_port f) proto h2
	server g 127.0.0.1:$(grpc_port g) proto h2 disabled
	server h 127.0.0.1:$(grpc_port h) proto h2 disabled
CFG

admin() { python3 -c 'import socket,sys; s=socket.socket(socket.AF_UNIX); s.connect(sys.argv[1]); s.sendall((sys.argv[2]+"\n").encode()); print(s.recv(4096).decode().strip())' "$OUT/admin.sock" "$1"; }
start() {
	local n=${N[$1]} enabled=true
	case $1 in [efgh]) enabled=false ;; esac
	PORT=$((PORT_BASE + 100 + 10 * n)) MANAGEMENT_PORT=$((PORT_BASE + 101 + 10 * n)) GRPC_PORT=$(grpc_port "$1") \
	unshare --fork --pid --mount-proc java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmx256m -jar "$JAR" \
		--pid1.enabled=$enabled --spring.main.banner-mode=off --spring.grpc.server.shutdown.grace-period=20s \
		>"$OUT/$1.log" 2>&1 &
	UNSHARE[$1]=$!
}
ready() {
	for _ in $(seq 1 600); do
		curl -sf -o /dev/null "http://127.0.0.1:$((PORT_BASE + 101 + 10 * N[$1]))/actuator/health/readiness" && return 0
		sleep 0.2
	done
	echo "replica $1 not ready"; cat "$OUT/$1.log"; exit 1
}
endpoints() { printf '%s\n' "${@:2}" >"$OUT/$1.endpoints.tmp"; mv "$OUT/$1.endpoints.tmp" "$OUT/$1.endpoints"; }
event() { echo "$(date -u +%T.%3N) $*" >>"$OUT/events.log"; }
term() { event "SIGTERM $1"; kill -TERM "$(pgrep -P "${UNSHARE[$1]}" | head -1)"; }
cleanup() {
	set +e
	# The replicas left are killed here: no job notices for them.
	disown -a
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
addr() { echo "127.0.0.1:$(grpc_port "$1")"; }

start a; start b; start e; start f
ready a; ready b; ready e; ready f
endpoints pid1 "$(addr a)" "$(addr b)"
endpoints plain "$(addr e)" "$(addr f)"
haproxy -f "$OUT/haproxy.cfg" -db >"$OUT/haproxy.log" 2>&1 &
HAPROXY=$!
sleep 1
TARGETS=()
for client in $CLIENTS; do
	case $client in
		rr) TARGETS+=("pid1-rr=endpoints://$OUT/pid1.endpoints" "plain-rr=endpoints://$OUT/plain.endpoints") ;;
		haproxy) TARGETS+=("pid1-haproxy=127.0.0.1:$FRONT_PID1" "plain-haproxy=127.0.0.1:$FRONT_PLAIN") ;;
		*) echo "CLIENTS: rr and/or haproxy"; exit 2 ;;
	esac
done
java -Xmx256m -cp "$OUT/client:$(cat "$CP_FILE")" GrpcRollingClient "$RATE" "$DURATION" "$STREAMS" "${TARGETS[@]}" \
	>"$OUT/client.out" 2>&1 &
LOAD=$!
sleep 8
# pid1: a -> c, b -> d; plain: e -> g, f -> h, at the same moments.
for step in "a c e g" "b d f h"; do
	set -- $step
	start "$2"; start "$4"; ready "$2"; ready "$4"
	if [ "$2" = c ]; then endpoints pid1 "$(addr b)" "$(addr a)" "$(addr c)"; endpoints plain "$(addr f)" "$(addr e)" "$(addr g)"
	else endpoints pid1 "$(addr c)" "$(addr b)" "$(addr d)"; endpoints plain "$(addr g)" "$(addr f)" "$(addr h)"; fi
	admin "set server pid1/$2 state ready" >/dev/null; admin "set server plain/$4 state ready" >/dev/null
	event "ready $2 $4"
	sleep 1
	term "$1"; term "$3"
	sleep "$LAG"
	if [ "$2" = c ]; then endpoints pid1 "$(addr b)" "$(addr c)"; endpoints plain "$(addr f)" "$(addr g)"
	else endpoints pid1 "$(addr c)" "$(addr d)"; endpoints plain "$(addr g)" "$(addr h)"; fi
	admin "set server pid1/$1 state maint" >/dev/null; admin "set server plain/$3 state maint" >/dev/null
	event "removed $1 $3"
	sleep 8
done
codes=""
for r in a b e f; do wait "${UNSHARE[$r]}" && code=0 || code=$?; codes="$codes $r=$code"; done
wait "$LOAD" || true
echo "gRPC rolling update: clients $CLIENTS, $RATE unary calls/s per client, $STREAMS streams per client, LAG $LAG s, $DURATION s (logs in $OUT)"
grep '^RESULT' "$OUT/client.out" || cat "$OUT/client.out"
echo "old replicas' exit codes (pid1 a b, plain e f):$codes"
for r in a b e f; do
	grep -h "pid1 shutdown +" "$OUT/$r.log" | sed "s/^.*pid1 shutdown/  $r: pid1 shutdown/" | head -12
done
