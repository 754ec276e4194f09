#!/usr/bin/env bash
# The main job: start the sample app as PID 1 of a fresh PID namespace (what a container gives it), print
# pid1's /actuator/pid1 report, then stop it the way `docker stop` does (SIGTERM to PID 1) under load and show
# the exit. Exits non-zero, and says why, when a request failed or PID 1 did not exit with 143.
#
#   docker/run-as-pid1.sh            # ports 8080 (app) and 8081 (management)
#   PORT=18080 MANAGEMENT_PORT=18081 docker/run-as-pid1.sh
#   JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 docker/run-as-pid1.sh
#
# Needs curl, and unshare (util-linux) with root or unprivileged user namespaces. The report is printed as the
# endpoint sends it (one line of JSON), pretty-printed when python3 is installed.
set -euo pipefail
cd "$(dirname "$0")/.."

PORT=${PORT:-8080}
MANAGEMENT_PORT=${MANAGEMENT_PORT:-8081}
JAR=sample-app/target/pid1-sample-app-0.1.0-SNAPSHOT.jar
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
LOG=$(mktemp -t pid1-sample.XXXXXX.log)

if [ ! -f "$JAR" ]; then
	echo "Building the sample app (./mvnw -q install -DskipTests)..."
	./mvnw -B -q install -DskipTests
fi

namespace=(unshare --fork --pid --mount-proc)
[ "$(id -u)" -eq 0 ] || namespace+=(--user --map-root-user)

echo "Java: $("$JAVA" -version 2>&1 | head -n 1)"
echo "Starting the sample app as PID 1: ${namespace[*]} java -jar $JAR (log: $LOG)"
PORT=$PORT MANAGEMENT_PORT=$MANAGEMENT_PORT "${namespace[@]}" "$JAVA" -jar "$JAR" >"$LOG" 2>&1 &
unshare_pid=$!
trap 'kill -KILL "$unshare_pid" 2>/dev/null || true' EXIT

for _ in $(seq 1 120); do
	if curl -fs "http://127.0.0.1:$MANAGEMENT_PORT/actuator/health/readiness" >/dev/null 2>&1; then break; fi
	kill -0 "$unshare_pid" 2>/dev/null || { cat "$LOG"; echo "the app died"; exit 1; }
	sleep 0.5
done

echo
echo "pid1's startup lines:"
for _ in $(seq 1 50); do [ "$(grep -c 'pid1: ' "$LOG")" -ge 2 ] && break; sleep 0.1; done
grep 'pid1: ' "$LOG" | sed 's/^.*: pid1: /  pid1: /'

# Orphans: each invoice runs a script that mails it in the background and returns; the mailer is
# orphaned to PID 1 (the JVM) and, when it ends 2 s later, reaped by pid1.
echo
echo "Orphans: POST /orders, then 3 x POST /orders/1/invoice (each leaves a background mailer behind)"
curl -fsS -X POST "http://127.0.0.1:$PORT/orders" -H 'Content-Type: application/json' \
	-d '{"item":"widget","quantity":3}' >/dev/null
for _ in 1 2 3; do curl -fsS -X POST "http://127.0.0.1:$PORT/orders/1/invoice" >/dev/null; done
sleep 3
echo
echo "GET http://127.0.0.1:$MANAGEMENT_PORT/actuator/pid1"
report=$(curl -fsS "http://127.0.0.1:$MANAGEMENT_PORT/actuator/pid1")
if command -v python3 >/dev/null 2>&1; then
	printf '%s' "$report" | python3 -m json.tool
else
	printf '%s\n' "$report"
fi

# Load, as a load balancer that keeps routing to the pod for a while after SIGTERM (kube-proxy lag).
LAG=${LAG:-2}
LOAD_OUT=$(mktemp -t pid1-load.XXXXXX)
load() {
	local ok=0 failed=0
	while [ ! -f "$LOAD_OUT.stop" ]; do
		if curl -fs -o /dev/null --max-time 10 "http://127.0.0.1:$PORT/orders"; then ok=$((ok + 1)); else failed=$((failed + 1)); fi
		sleep 0.02
	done
	echo "$ok $failed" >"$LOAD_OUT"
}
load &
load_pid=$!
sleep 1

# `docker stop`: SIGTERM to PID 1 of the namespace (the child unshare forked).
init_pid=$(cat "/proc/$unshare_pid/task/$unshare_pid/children" | awk '{print $1}')
echo
echo "SIGTERM to PID 1 (host pid $init_pid), as docker stop and the kubelet send it, under load that goes on for ${LAG} s..."
started=$(date +%s%N)
kill -TERM "$init_pid"
sleep "$LAG"
touch "$LOAD_OUT.stop"
wait "$load_pid"
read -r ok failed <"$LOAD_OUT"
rm -f "$LOAD_OUT" "$LOAD_OUT.stop"
echo "Requests from 1 s before SIGTERM until ${LAG} s after: $ok ok, $failed failed"
set +e
wait "$unshare_pid"
code=$?
set -e
trap - EXIT
echo "PID 1 exited with $code after $((($(date +%s%N) - started) / 1000000)) ms"
if grep -q 'pid1 shutdown +' "$LOG"; then
	echo
	echo "pid1's shutdown timeline:"
	grep 'pid1 shutdown +' "$LOG" | sed 's/^.*: pid1 shutdown /  /'
fi

echo
if [ "$failed" -gt 0 ] || [ "$ok" -eq 0 ] || [ "$code" -ne 143 ]; then
	[ "$failed" -eq 0 ] || echo "FAILED: $failed of $((ok + failed)) requests failed during the shutdown (log: $LOG)"
	[ "$ok" -gt 0 ] || echo "FAILED: no request succeeded (log: $LOG)"
	[ "$code" -eq 143 ] || echo "FAILED: PID 1 exited with $code, not 143 (128 + SIGTERM) (log: $LOG)"
	exit 1
fi
echo "OK: 0 of $ok requests failed, PID 1 exited with 143"
