#!/usr/bin/env bash
# What the pid1 starter adds to startup time and to memory. The same sample app, run as PID 1 of a fresh PID
# namespace, with and without pid1 (the second classpath drops the pid1 jars and JNA), in interleaved runs.
#
# Time: Spring's own "Started ... in X seconds (process running for Y)" is read from each log.
# Memory: a second set of runs with the heap fixed and touched up front (-Xms = -Xmx, -XX:+AlwaysPreTouch: the
# heap is the same resident size in both, so G1's sizing decisions, which vary by tens of MB from run to run, do
# not hide what pid1 adds) and Native Memory Tracking on. Each run gets the same warm-up traffic (WARMUP keep-alive
# GET /orders), waits until pid1's background work is done (the reaper's start line), settles, then reads the
# JVM's RSS (/proc/<pid>/status), its threads, and NMT's committed memory by category
# (jcmd <pid> VM.native_memory summary). Prints medians and the difference.
#
#   docker/bench/startup.sh                   # RUNS=11 time runs, MEMORY_RUNS=7 memory runs per variant
#   PASSES=memory docker/bench/startup.sh     # one pass only: time or memory
#   BACKEND=ffm JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 docker/bench/startup.sh   # the FFM backend (Java 22+)
#
# BACKEND (auto, jna or ffm; default auto) is pid1.native.backend for the runs with pid1. The time pass also
# reads, from the log of each run with pid1, the native layer's start: from Spring's "Started" line (the app is
# ready, pid1 starts loading its backend on a daemon thread) to the reaper's first line, which comes once the
# backend has loaded and the reaper decided.
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS=${RUNS:-11}
MEMORY_RUNS=${MEMORY_RUNS:-7}
PASSES=${PASSES:-time memory}
HEAP=${HEAP:-128m}
WARMUP=${WARMUP:-3000}
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
JCMD=${JAVA_HOME:+$JAVA_HOME/bin/}jcmd
BACKEND=${BACKEND:-auto}
MVNW=${MVNW:-./mvnw}
jvm_flags=(-XX:TieredStopAtLevel=1)
if "$JAVA" -version 2>&1 | grep -qE 'version "(2[2-9]|[3-9][0-9])'; then jvm_flags+=(--enable-native-access=ALL-UNNAMED); fi

[ -d sample-app/target/classes ] || $MVNW -B -q install -DskipTests
deps=$(mktemp)
$MVNW -B -q -pl sample-app dependency:build-classpath -Dmdep.outputFile="$deps" >/dev/null
with="sample-app/target/classes:$(cat "$deps")"
without="sample-app/target/classes:$(tr ':' '\n' <"$deps" | grep -vE '/(pid1-spring-boot-[a-z]+|jna)-[0-9]' | paste -sd: -)"
[ "$with" != "$without" ] || { echo "could not remove pid1 from the classpath"; exit 1; }

namespace=(unshare --fork --pid --mount-proc)
[ "$(id -u)" -eq 0 ] || namespace+=(--user --map-root-user)

await() { # $1 = log, $2 = pattern; waits up to 30 s
	for _ in $(seq 1 600); do grep -q "$2" "$1" && return 0; sleep 0.05; done
	return 1
}

run() { # $1 = classpath, $2 = variant; prints "started_seconds process_seconds native_start_ms"
	local log
	log=$(mktemp)
	"${namespace[@]}" "$JAVA" "${jvm_flags[@]}" -Dpid1.native.backend="$BACKEND" -cp "$1" \
		dev.pid1.sample.OrderServiceApplication --server.port=0 --management.server.port=0 >"$log" 2>&1 &
	local pid=$!
	await "$log" 'Started OrderServiceApplication' || true
	[ "$2" = without ] || await "$log" 'pid1: reaping zombies\|pid1: not reaping\|pid1: cannot reap' || true
	kill -TERM "$(awk '{print $1}' "/proc/$pid/task/$pid/children")" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
	local times native=-
	times=$(sed -nE 's/.*Started OrderServiceApplication in ([0-9.]+) seconds \(process running for ([0-9.]+)\).*/\1 \2/p' "$log")
	if [ "$2" = with ]; then
		native=$(python3 - "$log" <<'PY'
import re, sys
from datetime import datetime
def at(pattern):
    for line in open(sys.argv[1], errors="replace"):
        if re.search(pattern, line):
            return datetime.fromisoformat(line.split()[0].replace("Z", "+00:00"))
started, reaper = at(r"Started OrderServiceApplication"), at(r"pid1: (reaping zombies|not reaping|cannot reap)")
print(round((reaper - started).total_seconds() * 1000) if started and reaper else "-")
PY
)
		# The startup diagnosis names the backend that runs ("FFM (...)", "JNA (...)"): a forced one must be it.
		[ "$BACKEND" = auto ] || grep -q "${BACKEND^^} (" "$log" || { echo "backend $BACKEND not in the log:" >&2; cat "$log" >&2; }
	fi
	echo "$times $native"
	rm -f "$log"
}

measure() { # $1 = variant, $2 = classpath, $3 = file for thread names; prints "variant key=value..."
	local log pid jvm port
	log=$(mktemp)
	local heap=("-Xms$HEAP" "-Xmx$HEAP" -XX:+AlwaysPreTouch)
	[ "$HEAP" != default ] || heap=()
	"${namespace[@]}" "$JAVA" "${jvm_flags[@]}" -Dpid1.native.backend="$BACKEND" "${heap[@]}" \
		-XX:NativeMemoryTracking=summary -cp "$2" dev.pid1.sample.OrderServiceApplication \
		--server.port=0 --management.server.port=0 >"$log" 2>&1 &
	pid=$!
	await "$log" 'Started OrderServiceApplication' || { cat "$log" >&2; return 1; }
	jvm=$(awk '{print $1}' "/proc/$pid/task/$pid/children")
	port=$(sed -nE 's/.*Tomcat started on port ([0-9]+).*/\1/p' "$log" | head -1)
	python3 - "$port" "$WARMUP" <<'PY'
import http.client, sys
connection = http.client.HTTPConnection("127.0.0.1", int(sys.argv[1]), timeout=10)
for _ in range(int(sys.argv[2])):
    connection.request("GET", "/orders")
    response = connection.getresponse()
    response.read()
    assert response.status == 200, response.status
PY
	# pid1 loads JNA and starts the reaper once the app is ready, in the background: measure after it.
	[ "$1" = without ] || await "$log" 'pid1: reaping zombies\|pid1: not reaping' || true
	sleep 2
	local rss anon file threads
	rss=$(awk '/^VmRSS:/ {print $2}' "/proc/$jvm/status")
	anon=$(awk '/^RssAnon:/ {print $2}' "/proc/$jvm/status")
	file=$(awk '/^RssFile:/ {print $2}' "/proc/$jvm/status")
	threads=$(awk '/^Threads:/ {print $2}' "/proc/$jvm/status")
	for task in /proc/"$jvm"/task/*; do cat "$task/comm"; done 2>/dev/null | sort >"$3"
	# Outside NMT: glibc's malloc arenas (64 MB-aligned anonymous heaps, one per thread that mallocs, up to
	# 8 x cores) and JNA's native library.
	python3 - "/proc/$jvm/smaps" >"$log.smaps" <<'PY'
import re, sys
maps = []
for line in open(sys.argv[1]):
    m = re.match(r"^([0-9a-f]+)-([0-9a-f]+) (\S+) \S+ \S+ \S+\s*(.*)$", line)
    if m:
        maps.append({"start": int(m.group(1), 16), "end": int(m.group(2), 16), "perm": m.group(3),
                     "name": m.group(4), "rss": 0})
    elif line.startswith("Rss:"):
        maps[-1]["rss"] = int(line.split()[1])
arena = arenas = 0
for here, after in zip(maps, maps[1:]):
    if (not here["name"] and here["perm"].startswith("rw") and here["start"] % (64 << 20) == 0
            and after["start"] == here["end"] and after["perm"].startswith("---")
            and after["end"] - here["start"] == 64 << 20):
        arena += here["rss"]
        arenas += 1
jna = sum(m["rss"] for m in maps if "jna" in m["name"].lower())
print(f"arenas={arenas} arena_rss={arena} jna_rss={jna}")
PY
	"$JCMD" "$jvm" VM.native_memory summary | python3 -c '
import re, sys
text = sys.stdin.read()
total = re.search(r"Total: reserved=\d+KB, committed=(\d+)KB", text).group(1)
cats = re.findall(r"^-\s+(.+?) \(reserved=\d+KB, committed=(\d+)KB\)", text, re.M)
print(f"nmt={total}", " ".join("nmt." + name.replace(" ", "_") + "=" + kb for name, kb in cats))' >"$log.nmt"
	# Last, as it disturbs what was measured: the live heap after a full GC, pid1's own share of the heap.
	"$JCMD" "$jvm" GC.run >/dev/null
	local live
	live=$("$JCMD" "$jvm" GC.heap_info | sed -nE 's/.*heap +total [0-9]+K, used ([0-9]+)K.*/\1/p' | head -1)
	echo "$1 rss=$rss anon=$anon file=$file threads=$threads live_heap=${live:-0} $(cat "$log.smaps") $(cat "$log.nmt")"
	kill -TERM "$jvm" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
	rm -f "$log" "$log.nmt" "$log.smaps"
}

case " $PASSES " in *" time "*)
	results=$(mktemp)
	run "$with" with >/dev/null; run "$without" without >/dev/null # warm the page cache
	for i in $(seq 1 "$RUNS"); do
		if [ $((i % 2)) -eq 0 ]; then order="with without"; else order="without with"; fi
		for variant in $order; do
			cp=$with; [ "$variant" = without ] && cp=$without
			echo "$variant $(run "$cp" "$variant")" >>"$results"
		done
	done
	python3 - "$results" "$RUNS" "$BACKEND" <<'PY'
import statistics, sys
rows = [l.split() for l in open(sys.argv[1]) if len(l.split()) == 4]
def med(variant, col): return statistics.median(float(r[col]) for r in rows if r[0] == variant and r[col] != "-")
print(f"runs per variant: {sys.argv[2]} (interleaved), app as PID 1 of a fresh PID namespace, pid1.native.backend={sys.argv[3]}")
print("| variant | median 'Started in' (s) | median 'process running for' (s) |")
print("|---|---|---|")
for v in ("without", "with"):
    print(f"| {v} pid1 | {med(v, 1):.3f} | {med(v, 2):.3f} |")
print(f"ratio with/without: started {med('with', 1) / med('without', 1):.3f}, "
      f"process {med('with', 2) / med('without', 2):.3f}")
native = sorted(float(r[3]) for r in rows if r[0] == "with" and r[3] != "-")
if native:
    print(f"native layer's start ('Started' to the reaper's line): median {statistics.median(native):.0f} ms, "
          f"min {native[0]:.0f}, max {native[-1]:.0f} ({len(native)} runs)")
PY
	rm -f "$results"
	;;
esac

case " $PASSES " in *" memory "*)
	memory=$(mktemp)
	names=$(mktemp -d)
	for i in $(seq 1 "$MEMORY_RUNS"); do
		if [ $((i % 2)) -eq 0 ]; then order="with without"; else order="without with"; fi
		for variant in $order; do
			cp=$with; [ "$variant" = without ] && cp=$without
			measure "$variant" "$cp" "$names/$variant" >>"$memory"
		done
	done
	echo
	python3 - "$memory" "$MEMORY_RUNS" "$HEAP" "$WARMUP" "$names" <<'PY'
import collections, statistics, sys
rows = collections.defaultdict(list)
for line in open(sys.argv[1]):
    variant, *pairs = line.split()
    rows[variant].append({k: int(v) for k, v in (p.split("=") for p in pairs)})
def med(variant, key): return statistics.median(r.get(key, 0) for r in rows[variant])
heap = ("sized by the JVM (no -Xms/-Xmx)" if sys.argv[3] == "default"
        else f"fixed at {sys.argv[3]} and pre-touched")
print(f"memory runs per variant: {sys.argv[2]} (interleaved), heap {heap}, "
      f"after {sys.argv[4]} keep-alive GET /orders; medians, KB")
print("| measure | without pid1 | with pid1 | added by pid1 |")
print("|---|---|---|---|")
def row(label, key, unit="KB"):
    a, b = med("without", key), med("with", key)
    print(f"| {label} | {a:,.0f} | {b:,.0f} | {b - a:+,.0f} |")
row("RSS", "rss")
row("  anonymous", "anon")
row("  file-backed", "file")
# The compiler's scratch arenas ("Arena Chunk") come and go with JIT activity: left out of the sum.
for v in rows.values():
    for r in v:
        r["nmt_rest"] = r["nmt"] - r.get("nmt.Java_Heap", 0) - r.get("nmt.Arena_Chunk", 0)
row("NMT committed outside the heap (without the JIT's scratch arenas)", "nmt_rest")
keys = sorted({k for v in rows.values() for r in v for k in r if k.startswith("nmt.")} - {"nmt.Java_Heap"})
deltas = sorted(((med("with", k) - med("without", k), k) for k in keys), reverse=True)
for delta, key in deltas:
    if abs(delta) >= 50:
        row("  NMT " + key[4:].replace("_", " "), key)
row("glibc malloc arenas, RSS (outside NMT)", "arena_rss")
print(f"| glibc malloc arenas, count | {med('without', 'arenas'):.0f} | {med('with', 'arenas'):.0f} | "
      f"{med('with', 'arenas') - med('without', 'arenas'):+.0f} |")
row("JNA's native library, RSS", "jna_rss")
row("live heap after a full GC (measured after the rest)", "live_heap")
print(f"| threads | {med('without', 'threads'):.0f} | {med('with', 'threads'):.0f} | "
      f"{med('with', 'threads') - med('without', 'threads'):+.0f} |")
names = {v: collections.Counter(open(f"{sys.argv[5]}/{v}").read().split("\n")) for v in ("without", "with")}
added = names["with"] - names["without"]
print("threads only with pid1 (last run):", ", ".join(sorted(f"{n} x{c}" if c > 1 else n for n, c in added.items())))
PY
	rm -rf "$memory" "$names"
	;;
esac
rm -f "$deps"
