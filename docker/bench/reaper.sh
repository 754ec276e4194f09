#!/usr/bin/env bash
# Reaper benchmark: the same orphan storm under tini, dumb-init, catatonit and pid1's reaper (JVM as
# PID 1, exact and safe modes), each as PID 1 of a fresh PID namespace, interleaved, medians over
# the runs. Then every init idles side by side for a minute while its CPU time and wake-ups are
# counted. The JVM runs also check the exit codes of ProcessBuilder children started during a storm.
#
# Usage: docker/bench/reaper.sh [--runs N] [--orphans N] [--children N] [--idle SECONDS] [--quick]
#   --runs N       runs per contender (default 7, at least 5 for the README)
#   --orphans N    orphans per storm (default 2000)
#   --children N   exit-code-checked children per JVM run (default 1500)
#   --idle S       idle measurement in seconds (default 60; --quick sets 10)
#   --contenders L a space-separated subset of the contenders (default all: tini dumb-init catatonit jvm-exact
#                  jvm-exact-jna25 jvm-exact-ffm jvm-safe)
# jvm-exact and jvm-safe run on JAVA_HOME's Java (or PATH's) with JNA; jvm-exact-jna25 and jvm-exact-ffm on JAVA25
# (default /usr/lib/jvm/temurin-25-jdk-amd64) with JNA and with the FFM backend. The FFM classes are built when
# Maven runs on a JDK 22+ or PID1_JDK22_HOME names one (this script sets it to JAVA25 when unset).
# Needs root (or user namespaces), gcc, tini, dumb-init, catatonit and a JDK 17+ (JAVA_HOME or PATH).
set -euo pipefail
cd "$(dirname "$0")/../.."

runs=7 orphans=2000 children=1500 idle=60
contenders=(tini dumb-init catatonit jvm-exact jvm-exact-jna25 jvm-exact-ffm jvm-safe)
while [ $# -gt 0 ]; do
	case "$1" in
		--runs) runs=$2; shift 2 ;;
		--orphans) orphans=$2; shift 2 ;;
		--children) children=$2; shift 2 ;;
		--idle) idle=$2; shift 2 ;;
		--quick) idle=10; runs=5; shift ;;
		--contenders) contenders=($2); shift 2 ;;
		*) echo "unknown option $1" >&2; exit 2 ;;
	esac
done

java=${JAVA_HOME:+$JAVA_HOME/bin/}java
java25=${JAVA25:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java
export PID1_JDK22_HOME=${PID1_JDK22_HOME:-${JAVA25:-/usr/lib/jvm/temurin-25-jdk-amd64}}
# MVNW overrides the Maven command (for example "/work/bin/slot ./mvnw -o" on a shared machine).
mvnw=${MVNW:-./mvnw}
work=$(mktemp -d /tmp/pid1-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT

echo "==> Building (autoconfigure and its test classes)" >&2
$mvnw -B -q -pl autoconfigure -am install -DskipTests >&2
$mvnw -B -q -pl autoconfigure test-compile dependency:build-classpath -Dmdep.outputFile="$work/cp.txt" >&2
cp="$(cat "$work/cp.txt"):$PWD/autoconfigure/target/classes:$PWD/autoconfigure/target/test-classes"
gcc -O2 -pthread -o "$work/storm-driver" docker/bench/storm-driver.c

jvm_opts=(-Xmx128m --add-opens=java.base/java.lang=ALL-UNNAMED)
if "$java" -version 2>&1 | grep -qE 'version "(2[2-9]|[3-9][0-9])'; then jvm_opts+=(--enable-native-access=ALL-UNNAMED); fi
jvm25_opts=(-Xmx128m --add-opens=java.base/java.lang=ALL-UNNAMED --enable-native-access=ALL-UNNAMED)

# contender name -> command that runs "$@" (the driver) under it as PID 1 of a new namespace
run_under() {
	local name=$1; shift
	local ns=(unshare --fork --pid --mount-proc)
	case "$name" in
		tini) "${ns[@]}" tini -- "$@" ;;
		dumb-init) "${ns[@]}" dumb-init "$@" ;;
		catatonit) "${ns[@]}" catatonit -- "$@" ;;
		jvm-exact) "${ns[@]}" "$java" "${jvm_opts[@]}" -Dpid1.native.backend=jna -cp "$cp" dev.pid1.reaping.ReaperHarness bench exact "$kids" "$@" ;;
		jvm-safe) "${ns[@]}" "$java" "${jvm_opts[@]}" -Dpid1.native.backend=jna -cp "$cp" dev.pid1.reaping.ReaperHarness bench safe "$kids" "$@" ;;
		jvm-exact-jna25) "${ns[@]}" "$java25" "${jvm25_opts[@]}" -Dpid1.native.backend=jna -cp "$cp" dev.pid1.reaping.ReaperHarness bench exact "$kids" "$@" ;;
		jvm-exact-ffm) "${ns[@]}" "$java25" "${jvm25_opts[@]}" -Dpid1.native.backend=ffm -cp "$cp" dev.pid1.reaping.ReaperHarness bench exact "$kids" "$@" ;;
	esac
}

results="$work/results.txt"
: > "$results"
echo "==> $runs interleaved runs of a $orphans-orphan storm per contender" >&2
for run in $(seq 1 "$runs"); do
	# Rotate the order every run so no contender always follows the same one.
	for i in $(seq 0 $((${#contenders[@]} - 1))); do
		name=${contenders[$(((i + run) % ${#contenders[@]}))]}
		kids=$children
		out=$(run_under "$name" "$work/storm-driver" "$orphans" 1500 0 2>&1) || true
		storm=$(grep '^STORM' <<<"$out" || true)
		codes=$(grep '^EXITCODES' <<<"$out" || true)
		[ -n "$storm" ] || { echo "$name: no result: $out" >&2; exit 1; }
		backend=$(grep -o '^BACKEND [A-Z]*' <<<"$out" || true)
		case "$name" in
			jvm-exact-ffm) [ "$backend" = "BACKEND FFM" ] || { echo "$name: not on FFM: $out" >&2; exit 1; } ;;
			jvm-*) [ "$backend" = "BACKEND JNA" ] || { echo "$name: not on JNA: $out" >&2; exit 1; } ;;
		esac
		echo "$name $storm $codes" >> "$results"
		echo "  run $run $name: $storm $codes" >&2
	done
done

echo "==> Idle: all contenders side by side for ${idle}s after one storm each" >&2
pids=()
for name in "${contenders[@]}"; do
	kids=0
	run_under "$name" "$work/storm-driver" "$orphans" 1500 "$idle" > "$work/idle-$name.txt" 2>&1 &
	pids+=($!)
done
# And pid1's reaper in a JVM with no child at all, where it has nothing to block on.
unshare --fork --pid --mount-proc "$java" "${jvm_opts[@]}" -cp "$cp" dev.pid1.reaping.ReaperHarness idle "$idle" \
	> "$work/idle-childless.txt" 2>&1 &
pids+=($!)
for pid in "${pids[@]}"; do wait "$pid"; done

field() { { grep -o "$1=[0-9.]*" || true; } | cut -d= -f2; }
median() { sort -n | awk '{a[NR]=$1} END {if (NR == 0) {print "-"} else if (NR % 2) {print a[(NR+1)/2]} else {print (a[NR/2]+a[NR/2+1])/2}}'; }

tini_ms=$(grep '^tini ' "$results" | field zero_us | median)
echo
echo "Orphan storm of $orphans, median of $runs interleaved runs each; idle over ${idle}s; $(nproc) CPUs, $(uname -r), $("$java" -version 2>&1 | head -1)."
echo
echo "| PID 1 | time to zero zombies (ms) | vs tini | last exit to zero (ms) | peak zombies | CPU per reaped zombie (us) | idle: reaper CPU (ms/min) | idle: reaper wake-ups/s | idle: whole process CPU (ms/min) | exit codes checked / wrong |"
echo "|---|---|---|---|---|---|---|---|---|---|"
for name in "${contenders[@]}"; do
	lines=$(grep "^$name " "$results")
	zero=$(field zero_us <<<"$lines" | median)
	after=$(field after_last_us <<<"$lines" | median)
	peak=$(field peak <<<"$lines" | median)
	cpu=$(field cpu_ns_per_orphan <<<"$lines" | median)
	idle_cpu=$(field idle_cpu_ms_per_min < "$work/idle-$name.txt")
	idle_wake=$(field idle_wakeups_per_s < "$work/idle-$name.txt")
	idle_all=$(field idle_process_cpu_ms_per_min < "$work/idle-$name.txt")
	checked=$(field checked <<<"$lines" | awk '{s+=$1} END {print s+0}')
	wrong=$(field wrong <<<"$lines" | awk '{s+=$1} END {print s+0}')
	codes="-"
	[ "$checked" -gt 0 ] && codes="$checked / $wrong"
	awk -v name="$name" -v zero="$zero" -v tini="$tini_ms" -v after="$after" -v peak="$peak" -v cpu="$cpu" \
		-v ic="$idle_cpu" -v iw="$idle_wake" -v ia="$idle_all" -v codes="$codes" 'BEGIN {
			printf "| %s | %.1f | %.2fx | %.1f | %s | %.1f | %s | %s | %s | %s |\n", name, zero / 1000, zero / tini, after / 1000, peak, cpu / 1000, ic, iw, ia, codes
		}'
done
childless=$(cat "$work/idle-childless.txt")
printf '| jvm-exact, no child (idle only) | - | - | - | - | - | %s | %s | %s | - |\n' \
	"$(field idle_cpu_ms_per_min <<<"$childless")" "$(field idle_wakeups_per_s <<<"$childless")" \
	"$(field idle_process_cpu_ms_per_min <<<"$childless")"
echo
echo "Raw results: one line per run (zero_us = time from the first fork of the storm to zero unreaped orphans)."
sed 's/^/    /' "$results"
