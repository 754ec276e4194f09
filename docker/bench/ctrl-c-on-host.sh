#!/bin/bash
# Ctrl-C of an app on a machine that runs a container engine, the way a developer runs it (`java -jar`,
# `spring-boot:run`: an ordinary process, not PID 1): the sample app jar, an order whose invoice leaves a background
# job behind (a 30 s sleep), then SIGINT. Prints what pid1 decided (its endpoint), SIGINT -> exit, and whether the
# background job outlived the app. pid1 must see no container here: no subreaper, no drain, the job left alone.
#
# Usage: docker/bench/ctrl-c-on-host.sh [--no-dockerenv] JAR [PORT [MANAGEMENT_PORT]]
#   --no-dockerenv  (root) run in a private mount namespace whose / is this machine without its /.dockerenv (a
#                   tmpfs with every other top-level directory bound into it, the engine's mounts under
#                   /var/lib/docker and /run/docker included; then chroot): a plain Linux host that runs Docker,
#                   on a machine whose image came from a container
set -euo pipefail
if [ "${1:-}" = --no-dockerenv ]; then
	shift
	new=$(mktemp -d /mnt/ctrl-c-root.XXXXXX)
	trap 'rmdir "$new"' EXIT
	unshare --mount --propagation private bash -c '
		new=$0
		mount -t tmpfs docker-host-root "$new"
		for entry in /* /.[!.]*; do
			name=${entry#/}
			case $name in .dockerenv | mnt) continue ;; esac
			if [ -L "$entry" ]; then cp -a "$entry" "$new/"
			elif [ -d "$entry" ]; then mkdir "$new/$name"; mount --rbind "$entry" "$new/$name"
			fi
		done
		mkdir "$new/mnt"
		exec chroot "$new" "$@"' "$new" "$(realpath "$0")" "$(realpath "$1")" "${@:2}"
	exit
fi
jar=$1 port=${2:-33501} mport=${3:-33502}
set -m  # a background job of a script would start with SIGINT ignored
log=$(mktemp)
INVOICE_MAIL_DELAY=30 java -jar "$jar" --server.port="$port" --management.server.port="$mport" \
	--server.address=127.0.0.1 --management.server.address=127.0.0.1 > "$log" 2>&1 &
pid=$!
for _ in $(seq 600); do curl -sf "127.0.0.1:$mport/actuator/health/readiness" > /dev/null && break; sleep 0.2; done
# The subreaper decision comes once the native platform has loaded.
for _ in $(seq 100); do
	body=$(curl -s "127.0.0.1:$mport/actuator/pid1")
	case $body in *'"subreaper":null'*) sleep 0.2 ;; *) break ;; esac
done
python3 -c 'import json,sys; d=json.loads(sys.argv[1]); print("endpoint: pid1", d["pid1"], "subreaper", d["subreaper"], "container", d["container"])' "$body"
curl -s -H 'Content-Type: application/json' -d '{"item":"tea","quantity":1}' "127.0.0.1:$port/orders" > /dev/null
curl -s -X POST "127.0.0.1:$port/orders/1/invoice" > /dev/null
sleep 0.3
sleep_pid=$(ps -eo pid=,ppid=,args= | awk '$3 == "sleep" && $4 == "30" {print $1}' | tail -1)
job=$(ps -o ppid= -p "$sleep_pid" | tr -d ' ')
echo "background job: pid $job, its parent $(ps -o ppid= -p "$job" | tr -d ' ') (the JVM is $pid)"
start=$(date +%s%N)
kill -INT "$pid"
rc=0
wait "$pid" || rc=$?
end=$(date +%s%N)
echo "SIGINT -> exit $rc in $(( (end - start) / 1000000 )) ms"
if kill -0 "$job" 2> /dev/null; then echo "background job alive after exit"; kill "$sleep_pid"; else echo "background job killed"; fi
grep -oE 'pid1 shutdown \+ *[0-9]+ ms +(shutdown begins|drain begins|drain ends|post-close|JVM exits).*' "$log" | cut -c1-150 || true
rm -f "$log"
