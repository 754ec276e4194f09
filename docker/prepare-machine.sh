#!/usr/bin/env bash
# Prepares a Debian or Ubuntu machine for pid1's full test suite, in one command (as root, or through sudo):
#   1. installs what the tests need beyond a JDK: a Docker engine (docker.io), debootstrap (the base image is
#      built from Debian packages, downloaded from a Debian mirror), tini, dumb-init and catatonit (the
#      namespace tests and benchmarks run them as PID 1), util-linux (unshare), procps, curl;
#   2. starts the Docker engine if none answers: through systemd where it runs, else dockerd in the background
#      the way docker/base-image.sh starts it (no iptables, no bridge: containers use --network host);
#   3. builds the JRE base image(s) the container tests start FROM, with docker/base-image.sh;
#   4. checks what the tests check, and says what is still missing (user namespaces, the docker group).
#
#   docker/prepare-machine.sh
#
# Then `./mvnw verify` runs every test; none is skipped.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '==> %s\n' "$*" >&2; }

sudo=()
if [ "$(id -u)" != 0 ]; then
	command -v sudo >/dev/null || { echo "run as root, or install sudo" >&2; exit 1; }
	sudo=(sudo)
fi
command -v apt-get >/dev/null || { echo "this script knows Debian and Ubuntu (apt-get); see CONTRIBUTING.md, \"What the tests need\"" >&2; exit 1; }

# 1. Packages.
packages=(docker.io debootstrap tini dumb-init catatonit util-linux procps curl ca-certificates)
if [ -r /etc/os-release ] && ! grep -q '^ID=debian' /etc/os-release; then
	# base-image.sh bootstraps Debian (bookworm) on a machine that is not Debian: it needs Debian's keys.
	packages+=(debian-archive-keyring)
fi
need=()
for package in "${packages[@]}"; do
	dpkg -s "$package" >/dev/null 2>&1 || need+=("$package")
done
if [ ${#need[@]} -gt 0 ]; then
	log "Installing ${need[*]}"
	"${sudo[@]}" apt-get update -qq
	"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
else
	log "Packages already installed: ${packages[*]}"
fi

# 2. The engine.
if ! "${sudo[@]}" docker info >/dev/null 2>&1; then
	if [ -d /run/systemd/system ]; then
		log "Starting the Docker engine: systemctl start docker"
		"${sudo[@]}" systemctl start docker
	else
		driver="$(docker/base-image.sh --storage-driver)"
		dockerd_log="${PID1_DOCKERD_LOG:-/tmp/pid1-dockerd.log}"
		log "Starting dockerd ($driver storage, no iptables, no bridge: containers use --network host), log: $dockerd_log"
		# setsid: the engine outlives this script and the terminal it ran in.
		"${sudo[@]}" setsid sh -c 'exec dockerd --storage-driver="$1" --iptables=false --bridge=none >"$2" 2>&1' \
			dockerd "$driver" "$dockerd_log" </dev/null &
	fi
	for _ in $(seq 1 60); do "${sudo[@]}" docker info >/dev/null 2>&1 && break; sleep 1; done
	"${sudo[@]}" docker info >/dev/null 2>&1 || { echo "the Docker engine did not start (see ${dockerd_log:-journalctl -u docker})" >&2; exit 1; }
fi
log "Docker engine: $("${sudo[@]}" docker version --format '{{.Server.Version}}' 2>/dev/null) ($("${sudo[@]}" docker info --format '{{.Driver}}' 2>/dev/null) storage)"

# 3. The base image(s).
# Base images: one per Java the container tests run (the compatibility matrix runs 17, 21 and 25).
for java in 17 21 25; do
	"${sudo[@]}" docker/base-image.sh "$java"
done
# <<< Base images

# 4. What the tests check, as this user.
problems=0
if ! docker info >/dev/null 2>&1; then
	echo "!! $(id -un) cannot use the Docker engine: sudo usermod -aG docker $(id -un), then log in again" >&2
	problems=1
fi
namespace=(unshare --fork --pid --mount-proc)
[ "$(id -u)" = 0 ] || namespace+=(--user --map-root-user)
if ! "${namespace[@]}" sh -c 'test $$ -eq 1' 2>/dev/null; then
	echo "!! ${namespace[*]} does not work for $(id -un): run the tests as root, or allow unprivileged user" \
		"namespaces: sudo sysctl -w kernel.unprivileged_userns_clone=1 (Debian)," \
		"sudo sysctl -w kernel.apparmor_restrict_unprivileged_userns=0 (Ubuntu 24.04+)" >&2
	problems=1
fi
if [ "$problems" = 0 ]; then
	log "Ready: ./mvnw verify runs every test"
else
	log "Prepared, but the tests above will still skip (and fail under CI=true) until that is fixed"
	exit 1
fi
