#!/usr/bin/env bash
# CONTRIBUTING.md's commands as a new contributor runs them: in a fresh Debian bookworm container with only a JDK, git and
# curl (no Docker engine, no tini, no dumb-init, no catatonit, no python3), clone this repository's HEAD, run the
# test command (`./mvnw verify`), then the main job (`docker/run-as-pid1.sh`). Both must pass: what
# needs more than that machine has is skipped, and the console says why and what to install.
#
#   docker/fresh-machine-check.sh                  # JDK 17 (Debian's openjdk-17-jdk-headless in the container)
#   docker/fresh-machine-check.sh 25               # Temurin 25 from the host, mounted read-only
#   docker/fresh-machine-check.sh 17 --non-root    # as an unprivileged user (unshare --user --map-root-user)
#   docker/fresh-machine-check.sh 17 --prepare     # docker/prepare-machine.sh first, then `CI=true ./mvnw verify`:
#                                                  # the full suite, nothing skipped (a Docker engine inside)
#
# Needs root and a running Docker engine on the host (it runs the fresh machine as a container), and debootstrap
# for the first run: the fresh machine's root file system comes from Debian's mirror (about 45 s once) and is
# imported as $PID1_FRESH_IMAGE. Only committed work is checked: the clone is made from a bundle of HEAD.
#
# Environment:
#   PID1_FRESH_IMAGE   the fresh machine's image (default pid1/fresh:bookworm; built when missing)
#   PID1_FRESH_OUT     where the logs go (default /tmp/pid1-fresh-check)
#   PID1_FRESH_M2      a host directory mounted as the container's ~/.m2 (Maven's repository and the wrapper's
#                      download) to make a second run faster; by default each run starts with an empty ~/.m2
#   PID1_FRESH_PORT    first of two free host ports for the main job (default 21080; the container shares the
#                      host's network)
#   PID1_JAVA25        the host's Java 25 JDK (default /usr/lib/jvm/temurin-25-jdk-amd64)
set -euo pipefail

# All in a function, so bash has read the whole script before it runs it (editing it mid-run is harmless).
main() {

repo="$(cd "$(dirname "$0")/.." && pwd)"
jdk=17
user=root
prepare=false
for arg in "$@"; do
	case "$arg" in
	17 | 25) jdk=$arg ;;
	--non-root) user=pid1 ;;
	--prepare) prepare=true ;;
	*) echo "usage: $0 [17|25] [--non-root] [--prepare]" >&2; exit 2 ;;
	esac
done
image="${PID1_FRESH_IMAGE:-pid1/fresh:bookworm}"
out="${PID1_FRESH_OUT:-/tmp/pid1-fresh-check}/jdk$jdk-$user$($prepare && echo -prepared || true)"
port="${PID1_FRESH_PORT:-21080}"
java25="${PID1_JAVA25:-/usr/lib/jvm/temurin-25-jdk-amd64}"

log() { printf '==> %s\n' "$*" >&2; }

[ "$(id -u)" = 0 ] || { echo "run as root (debootstrap, docker run with added capabilities)" >&2; exit 1; }
docker info >/dev/null 2>&1 || { echo "no Docker engine answers on this host (docker/prepare-machine.sh starts one)" >&2; exit 1; }

if ! docker image inspect "$image" >/dev/null 2>&1; then
	command -v debootstrap >/dev/null || { echo "debootstrap is not installed (apt-get install debootstrap)" >&2; exit 1; }
	rootfs="$(mktemp -d /tmp/pid1-fresh-rootfs.XXXXXX)"
	trap 'rm -rf "$rootfs"' EXIT
	log "debootstrap a fresh machine: bookworm minbase with a JDK 17, git and curl only"
	debootstrap --variant=minbase \
		--include=openjdk-17-jdk-headless,git,curl,ca-certificates,procps,util-linux \
		bookworm "$rootfs" >"$rootfs.log" 2>&1 || { tail -n 30 "$rootfs.log" >&2; exit 1; }
	rm -f "$rootfs.log"
	tar -C "$rootfs" -c . | docker import \
		--change "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
		--change "ENV LANG=C.UTF-8" - "$image" >/dev/null
	rm -rf "$rootfs"
	trap - EXIT
fi

run=(docker run --rm --network host
	# What `unshare --pid` needs inside a container on these hosts (--privileged fails: "unable to apply caps").
	--cap-add ALL --cap-drop SYS_RESOURCE --security-opt seccomp=unconfined --security-opt apparmor=unconfined
	--security-opt systempaths=unconfined
	# Outbound TLS may be intercepted: trust what the host trusts, or the Maven wrapper cannot download.
	-v /etc/ssl/certs/ca-certificates.crt:/etc/ssl/certs/ca-certificates.crt:ro)
[ -f /etc/ssl/certs/java/cacerts ] && run+=(-v /etc/ssl/certs/java/cacerts:/etc/ssl/certs/java/cacerts:ro)
case "$jdk" in
17) ;;
25)
	[ -x "$java25/bin/java" ] || { echo "no Java 25 at $java25 (PID1_JAVA25)" >&2; exit 1; }
	run+=(-v "$java25:$java25:ro" -e "JAVA_HOME=$java25")
	;;
esac
if [ -n "${PID1_FRESH_M2:-}" ]; then
	mkdir -p "$PID1_FRESH_M2"
	run+=(-v "$(cd "$PID1_FRESH_M2" && pwd):/root/.m2")
fi

rm -rf "$out"
mkdir -p "$out"
if $prepare; then
	# The engine inside keeps its data on the host's file system, where overlayfs mounts (not on the container's
	# own overlay root, where only the slow vfs driver works).
	mkdir -p "$out/docker-data"
	run+=(-v "$out/docker-data:/var/lib/docker")
	trap 'rm -rf "$out/docker-data"' EXIT
fi
git -C "$repo" bundle create "$out/repo.bundle" HEAD >/dev/null 2>&1
commit="$(git -C "$repo" rev-parse --short HEAD)"
log "Fresh machine $image, JDK $jdk, user $user, commit $commit; logs in $out"

# Inside: only what a new user types. Each step's duration goes to steps.txt.
cat >"$out/inside.sh" <<EOF
set -u
as=()
cd /root
if [ $user != root ]; then
	useradd -m $user
	[ -d /root/.m2 ] && cp -a /root/.m2 /home/$user/.m2 && chown -R $user: /home/$user/.m2
	chmod 777 /out
	cd /home/$user
	as=(setpriv --reuid $user --regid $user --init-groups env HOME=/home/$user USER=$user)
fi
step() {
	local name=\$1 start=\$(date +%s) code
	shift
	"\${as[@]}" "\$@" >"/out/\$name.log" 2>&1
	code=\$?
	echo "\$name exit=\$code seconds=\$((\$(date +%s) - start))" >>/out/steps.txt
	return \$code
}
step clone git clone -q /out/repo.bundle pid1 || exit 1
cd pid1
echo "java: \$(\${JAVA_HOME:+\$JAVA_HOME/bin/}java -version 2>&1 | head -n 1)" >>/out/steps.txt
if $prepare; then
	# Not a user's step: a container's cgroup file systems are read-only, a machine's are not (the engine
	# inside creates its containers' cgroups below this container's own).
	for fs in /sys/fs/cgroup /sys/fs/cgroup/*; do mount -o remount,rw "\$fs" 2>/dev/null; done
	step prepare docker/prepare-machine.sh || exit 1
	step verify env CI=true ./mvnw verify -B
else
	step verify ./mvnw verify -B
fi
verify=\$?
step run-as-pid1 env PORT=$port MANAGEMENT_PORT=$((port + 1)) docker/run-as-pid1.sh
main=\$?
[ \$verify -eq 0 ] && [ \$main -eq 0 ]
EOF

set +e
"${run[@]}" -v "$out:/out" "$image" bash /out/inside.sh
code=$?
set -e

echo
echo "Fresh machine, JDK $jdk, user $user, commit $commit:"
sed 's/^/  /' "$out/steps.txt"
echo
echo "./mvnw verify (key lines of $out/verify.log):"
grep -E '^\[(INFO|WARNING|ERROR)\] (Tests run:.*Skipped: [0-9]+$|BUILD|Total time)|^Skipped tests:|^  [0-9]+ in |ERROR.*Docker' "$out/verify.log" \
	| sed 's/^/  /' || true
echo
echo "docker/run-as-pid1.sh (key lines of $out/run-as-pid1.log):"
grep -E '^Java:|"verdict"|Requests from|PID 1 exited|drain (begins|ends)|no drain|^(OK|FAILED):' "$out/run-as-pid1.log" \
	| grep -v '^{' | sed 's/^/  /' || true
grep -oE '"(pid|pid1|verdict|drain)": ?[^,]+' "$out/run-as-pid1.log" | tr '\n' ' ' | sed 's/^/  report: /;s/$/\n/' || true
echo
if [ "$code" -eq 0 ]; then
	echo "PASSED: ./mvnw verify and docker/run-as-pid1.sh on a fresh machine with JDK $jdk as $user"
else
	echo "FAILED: see $out"
fi
exit "$code"
}

main "$@"
