#!/usr/bin/env bash
# Shutdown under load behind a real proxy, peers side by side in one run. Every replica is PID 1 of its own PID
# namespace on 127.0.0.1 (ports 26000-26060, or PORT_BASE to PORT_BASE+60) behind HAProxy 2.6 or nginx;
# constant-rate load from hey (HTTP/1.1 keep-alive) or h2load (HTTP/2); termination as Kubernetes does it
# (endpoint removal LAG s after the termination starts, the kubelet's preStop then SIGTERM at the same time,
# SIGKILL at GRACE s). Prints a Markdown table and writes it with an SVG timeline to OUT (default docker/bench/results).
#
#   docker/bench/proxy.sh                                   # the peer table: every peer, one rolling update
#   PEERS=pid1 RATE="5 1000" SCENARIO=terminate docker/bench/proxy.sh   # issue 9's figures
#
# Parameters (environment), each a space-separated list where it says so; every combination is one run:
#   PEERS     spring spring-prestop quarkus lightship pid1   (list; run in this order, one after the other;
#             also pid1-keepidle, pid1-nohold, pid1-quiet: pid1 without the idle close, without the backlog
#             hold, without the adaptive end)
#   SCENARIO  rolling      (list) terminate: one of two replicas goes; rolling: two replicas replaced one by one
#   RATE      1000         (list) requests/s through the proxy
#   PROTO     h1 h2        (list) h1: HTTP/1.1 keep-alive; h2: the proxy's upstreams speak HTTP/2 (h2c); the
#                          client side stays HTTP/1.1 keep-alive unless LOADGEN=h2load
#   PROXY     haproxy      (list) haproxy or nginx
#   REMOVAL   api          api: the proxy stops routing LAG s after the termination starts (HAProxy's runtime
#                          API, an nginx reload); checks: HAProxy's own readiness checks of the probe port
#                          (option httpchk, inter 1s fall 2), nginx's passive checks
#   LAG 3  MARGIN 1  GRACE 30   seconds; preStop sleep, Quarkus' delay and lightship's shutdownDelay: LAG + MARGIN
#   LOADGEN   auto         auto or hey: hey, HTTP/1.1 keep-alive; h2load: HTTP/2 end to end with PROTO=h2
#   OUT       docker/bench/results    NAME  shutdown-proxy (the files OUT/NAME.md and OUT/NAME.svg)
#   JAVA      java         BUILD  1 (package the sample app first) or 0
#   PORT_BASE 26000        the proxy's port; the replicas' ports follow it (up to PORT_BASE+60)
#   WARMUP    3            seconds of load before the first termination (the adaptive drain needs its window,
#                          10 s, of traffic to leave the quiet period: the rolling scenario has that by itself)
#   BURN      0            busy loops beside the load, from the load's start: an overloaded node
#   KEEP      0            1: keep each run's logs (replicas, proxy, load), their directory printed
# Needs root (unshare), python3, haproxy, nginx, hey, h2load (nghttp2-client), node and npm; builds the sample app,
# the Quarkus peer (docker/bench/peers/quarkus, with the Maven wrapper) and the lightship peer (npm ci).
set -euo pipefail
cd "$(dirname "$0")/../.."
PEERS=${PEERS:-spring spring-prestop quarkus lightship pid1}
SCENARIO=${SCENARIO:-rolling}
RATE=${RATE:-1000}
PROTO=${PROTO:-h1 h2}
PROXY=${PROXY:-haproxy}
REMOVAL=${REMOVAL:-api}
LAG=${LAG:-3}
MARGIN=${MARGIN:-1}
GRACE=${GRACE:-30}
LOADGEN=${LOADGEN:-auto}
OUT=${OUT:-docker/bench/results}
NAME=${NAME:-shutdown-proxy}
JAVA=${JAVA:-java}

missing=""
for tool in unshare python3 haproxy nginx hey h2load node npm; do
	command -v "$tool" >/dev/null || missing="$missing $tool"
done
if [ -n "$missing" ]; then
	echo "missing:$missing (apt-get install -y haproxy nginx hey nghttp2-client nodejs npm)" >&2
	exit 2
fi

# BUILD=1 (default) packages the sample app from this checkout first, so a rerun measures the code at hand;
# BUILD=0 takes the jar as it is.
jar=sample-app/target/pid1-sample-app-0.1.0-SNAPSHOT.jar
if [ "${BUILD:-1}" = 1 ] || [ ! -f "$jar" ]; then
	./mvnw -B -q -pl sample-app -am package -DskipTests
fi
case " $PEERS " in *" quarkus "*)
	[ -f docker/bench/peers/quarkus/target/quarkus-app/quarkus-run.jar ] ||
		./mvnw -B -q -f docker/bench/peers/quarkus/pom.xml package -DskipTests ;;
esac
case " $PEERS " in *" lightship "*)
	[ -d docker/bench/peers/lightship/node_modules/lightship ] ||
		(cd docker/bench/peers/lightship && npm ci --no-audit --no-fund --silent) ;;
esac

runs=$(mktemp -d)
trap 'rm -rf "$runs"' EXIT
started=$(date -u +%FT%TZ)
python3 docker/bench/proxybench.py --out "$runs" --peers "$PEERS" --scenarios "$SCENARIO" --rates "$RATE" \
	--protos "$PROTO" --proxies "$PROXY" --removal "$REMOVAL" --lag "$LAG" --margin "$MARGIN" --grace "$GRACE" \
	--loadgen "$LOADGEN" --java "$JAVA" --burn "${BURN:-0}" --warmup "${WARMUP:-3}" $([ "${KEEP:-0}" = 1 ] && echo --keep)

# The table in the order the runs were made.
files=()
for proxy in $PROXY; do for scenario in $SCENARIO; do for proto in $PROTO; do for rate in $RATE; do
	for peer in $PEERS; do files+=("$runs/$proxy-$REMOVAL-$scenario-$proto-$rate-$peer.json"); done
done; done; done; done
mkdir -p "$OUT"
title="$started, $(nproc) CPUs: PROXY=\"$PROXY\" REMOVAL=$REMOVAL SCENARIO=\"$SCENARIO\" PROTO=\"$PROTO\" RATE=\"$RATE\" LAG=$LAG MARGIN=$MARGIN GRACE=$GRACE"
# (if, not &&: a false test as the last command of an assignment would end the script under errexit)
if [ "${WARMUP:-3}" != 3 ]; then title="$title WARMUP=$WARMUP"; fi
if [ "${BURN:-0}" != 0 ]; then title="$title BURN=$BURN"; fi
# Each run's JSON first (not committed), so that nothing after can lose it; to render again: render.py --svg ... FILES
mkdir -p "$OUT/$NAME-runs"
cp "${files[@]}" "$OUT/$NAME-runs/"
python3 docker/bench/render.py --title "$title" --svg "$OUT/$NAME.svg" --markdown "$OUT/$NAME.md" "${files[@]}"
cat "$OUT/$NAME.md"
echo "timeline: $OUT/$NAME.svg"
