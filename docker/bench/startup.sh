#!/usr/bin/env bash
# What the pid1 starter adds to startup. The same sample app, run as PID 1 of a fresh PID namespace, with and
# without pid1 (the second classpath drops the pid1 jars and JNA), in interleaved runs; Spring's own
# "Started ... in X seconds (process running for Y)" is read from each log. Prints medians and the ratio.
#
#   docker/bench/startup.sh          # RUNS=11 by default
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS=${RUNS:-11}
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java

[ -d sample-app/target/classes ] || ./mvnw -B -q install -DskipTests
deps=$(mktemp)
./mvnw -B -q -pl sample-app dependency:build-classpath -Dmdep.outputFile="$deps" >/dev/null
with="sample-app/target/classes:$(cat "$deps")"
without="sample-app/target/classes:$(tr ':' '\n' <"$deps" | grep -vE '/(pid1-spring-boot-[a-z]+|jna)-[0-9]' | paste -sd: -)"
[ "$with" != "$without" ] || { echo "could not remove pid1 from the classpath"; exit 1; }

namespace=(unshare --fork --pid --mount-proc)
[ "$(id -u)" -eq 0 ] || namespace+=(--user --map-root-user)

run() { # $1 = classpath; prints "started_seconds process_seconds"
	local log
	log=$(mktemp)
	"${namespace[@]}" "$JAVA" -XX:TieredStopAtLevel=1 -cp "$1" dev.pid1.sample.OrderServiceApplication \
		--server.port=0 --management.server.port=0 >"$log" 2>&1 &
	local pid=$!
	for _ in $(seq 1 600); do grep -q 'Started OrderServiceApplication' "$log" && break; sleep 0.05; done
	kill -TERM "$(awk '{print $1}' "/proc/$pid/task/$pid/children")" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
	sed -nE 's/.*Started OrderServiceApplication in ([0-9.]+) seconds \(process running for ([0-9.]+)\).*/\1 \2/p' "$log"
	rm -f "$log"
}

results=$(mktemp)
run "$with" >/dev/null; run "$without" >/dev/null # warm the page cache
for i in $(seq 1 "$RUNS"); do
	if [ $((i % 2)) -eq 0 ]; then order="with without"; else order="without with"; fi
	for variant in $order; do
		cp=$with; [ "$variant" = without ] && cp=$without
		echo "$variant $(run "$cp")" >>"$results"
	done
done

python3 - "$results" "$RUNS" <<'PY'
import statistics, sys
rows = [l.split() for l in open(sys.argv[1]) if len(l.split()) == 3]
def med(variant, col): return statistics.median(float(r[col]) for r in rows if r[0] == variant)
print(f"runs per variant: {sys.argv[2]} (interleaved), app as PID 1 of a fresh PID namespace")
print("| variant | median 'Started in' (s) | median 'process running for' (s) |")
print("|---|---|---|")
for v in ("without", "with"):
    print(f"| {v} pid1 | {med(v, 1):.3f} | {med(v, 2):.3f} |")
print(f"ratio with/without: started {med('with', 1) / med('without', 1):.3f}, "
      f"process {med('with', 2) / med('without', 2):.3f}")
PY
rm -f "$results" "$deps"
