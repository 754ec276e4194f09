#!/bin/sh
# The single-replica table: one of two replicas terminated the way Kubernetes does it, behind HAProxy with
# `retries 0` and endpoint removal LAG s after the termination starts, the pid1 variants beside Spring Boot's own:
#   spring           Spring Boot 4's own graceful shutdown (pid1 off)
#   spring-prestop   the same behind a preStop sleep of LAG + MARGIN
#   pid1             pid1 with its defaults (adaptive drain)
#   pid1-prestop     pid1 drained by a preStop httpGet on /actuator/prestop, then SIGTERM
#   shell-wrapper    the classic mistake: sh as PID 1 running java without exec (pid1 off)
# A thin front for docker/bench/proxy.sh (which says what it needs); any of its parameters can be given.
#
#   docker/bench/shutdown.sh          # RATE=200 PROTO=h1 LAG=3 GRACE=30; writes docker/bench/results/shutdown.{md,svg}
set -eu
cd "$(dirname "$0")/../.."
export PEERS="${PEERS:-spring spring-prestop pid1 pid1-prestop shell-wrapper}" SCENARIO="${SCENARIO:-terminate}" \
	RATE="${RATE:-200}" PROTO="${PROTO:-h1}" NAME="${NAME:-shutdown}"
exec docker/bench/proxy.sh
