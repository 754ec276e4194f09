#!/usr/bin/env bash
# Makes a local Docker engine usable without any registry, and builds a JRE base image the pid1 images start
# FROM, from Debian packages only: debootstrap downloads them from a Debian mirror (the one apt uses here). No
# image is ever pulled. Needs docker.io and debootstrap installed: docker/prepare-machine.sh installs them (and
# what else the tests need), then calls this script.
#
#   docker/base-image.sh [JAVA]     start dockerd if none answers, build (or reuse) the base image of Java JAVA:
#                                   17 (the default: Debian bookworm's openjdk-17-jre-headless), 21 or 25
#                                   (Debian trixie's openjdk-21-jre-headless, openjdk-25-jre-headless)
#   docker/base-image.sh [JAVA] --tag
#                                   print that base image's tag and exit
#   docker/base-image.sh --storage-driver
#                                   print the storage driver this script starts dockerd with, and exit
#
# The image is tagged pid1/jre:JAVA-<key>, where <key> hashes the suite and the package list, and aliased as
# pid1/jre:JAVA (docker/Dockerfile builds FROM pid1/jre:17 unless --build-arg BASE_IMAGE says otherwise). When
# pid1/jre:JAVA-<key> exists the script only re-points the alias: a second run takes about a second. Needs root
# (debootstrap) for a build; the packages come from a Debian mirror (kept in docker/.cache/debs), no image
# registry is involved.
#
# Environment:
#   PID1_DEBIAN_MIRROR   the Debian mirror (default: the one this machine's apt uses, else deb.debian.org)
#   PID1_DEBIAN_SUITE    the Debian suite (default: bookworm for Java 17, trixie for Java 21 and 25)
#   PID1_EXTRA_PACKAGES  more packages, comma-separated
#   PID1_STORAGE_DRIVER  the storage driver of a dockerd this script starts (default: overlay2 when this kernel
#                        mounts overlayfs on /var/lib/docker's file system, else vfs)
#   PID1_DOCKERD_LOG     where a dockerd this script starts writes its log (default: /tmp/pid1-dockerd.log)
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
cache="$repo/docker/.cache"

java=17
action=build
for arg in "$@"; do
	case "$arg" in
	17 | 21 | 25) java="$arg" ;;
	--tag) action=tag ;;
	--storage-driver) action=storage-driver ;;
	*)
		echo "usage: docker/base-image.sh [17|21|25] [--tag|--storage-driver] (unknown argument: $arg)" >&2
		exit 2
		;;
	esac
done

# The Debian release that packages each Java: bookworm has OpenJDK 17 (and not 21 or 25), trixie 21 and 25
# (and not 17). The other packages have the same names in both.
case "$java" in
17) default_suite=bookworm ;;
*) default_suite=trixie ;;
esac

# What the images and the container tests need: the JRE, the inits whose behaviour the tests show, ps for
# counting zombies inside a container. dash (the shell of the wrapper-script variants) is in minbase.
packages="openjdk-$java-jre-headless,tini,dumb-init,catatonit,procps"
if [ -n "${PID1_EXTRA_PACKAGES:-}" ]; then
	packages="$packages,$PID1_EXTRA_PACKAGES"
fi
# Bump when the way the root file system is made changes: it invalidates the cached images.
recipe=2

log() { printf '==> %s\n' "$*" >&2; }

mirror_from_apt() {
	# The first Debian (not security, not a third-party) archive in apt's sources: deb822 and one-line formats.
	local files=() uri
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
		[ -r "$f" ] && files+=("$f")
	done
	[ ${#files[@]} -gt 0 ] || return 0
	uri="$(grep -hE '^[[:space:]]*(URIs:|deb[[:space:]])' "${files[@]}" \
		| grep -oE '(https?|file)://[^[:space:]]+' \
		| grep -E '/debian/?$' | grep -v security | head -n 1 || true)"
	printf '%s' "${uri%/}"
}

suite="${PID1_DEBIAN_SUITE:-$default_suite}"
mirror="${PID1_DEBIAN_MIRROR:-$(mirror_from_apt)}"
mirror="${mirror:-http://deb.debian.org/debian}"
arch="$(dpkg --print-architecture 2>/dev/null || uname -m)"
key="$(printf '%s\n' "$recipe" "$suite" "$arch" "$packages" | sha256sum | cut -c1-12)"
image="pid1/jre:$java-$key"
alias_tag="pid1/jre:$java"

storage_driver() {
	# vfs always works but copies the whole image (about 300 MB) for every container it creates: about 5 s
	# each here, against 0.3 s with overlay2. So probe whether overlayfs mounts where dockerd keeps its data.
	if [ -n "${PID1_STORAGE_DRIVER:-}" ]; then
		printf '%s' "$PID1_STORAGE_DRIVER"
		return
	fi
	local base=/var/lib/docker probe
	[ -d "$base" ] || base=/var/lib
	if [ "$(id -u)" = 0 ] && probe="$(mktemp -d "$base/.pid1-overlay-probe.XXXXXX" 2>/dev/null)"; then
		mkdir -p "$probe/lower" "$probe/upper" "$probe/work" "$probe/merged"
		if mount -t overlay overlay -o "lowerdir=$probe/lower,upperdir=$probe/upper,workdir=$probe/work" \
			"$probe/merged" 2>/dev/null; then
			umount "$probe/merged"
			rm -rf "$probe"
			printf 'overlay2'
			return
		fi
		rm -rf "$probe"
	fi
	printf 'vfs'
}

if [ "$action" = storage-driver ]; then
	storage_driver
	echo
	exit 0
fi

if [ "$action" = tag ]; then
	echo "$image"
	exit 0
fi

start="$(date +%s.%N)"

# 1. An engine. Left running on purpose: the caller uses it (.ci/run starts its own first and stops it).
if ! docker info >/dev/null 2>&1; then
	command -v dockerd >/dev/null || { echo "dockerd is not installed: apt-get install docker.io debootstrap, or docker/prepare-machine.sh (installs what the tests need)" >&2; exit 1; }
	dockerd_log="${PID1_DOCKERD_LOG:-/tmp/pid1-dockerd.log}"
	driver="$(storage_driver)"
	log "Starting dockerd ($driver storage, no iptables, no bridge: containers use --network host), log: $dockerd_log"
	dockerd --storage-driver="$driver" --iptables=false --bridge=none >"$dockerd_log" 2>&1 &
	dockerd_pid=$!
	for _ in $(seq 1 60); do docker info >/dev/null 2>&1 && break; sleep 1; done
	if ! docker info >/dev/null 2>&1; then
		tail -n 30 "$dockerd_log" >&2
		echo "dockerd did not start" >&2
		exit 1
	fi
	log "dockerd runs as pid $dockerd_pid (stop it with: kill $dockerd_pid)"
fi

# 2. The base image, unless this exact one exists.
if docker image inspect "$image" >/dev/null 2>&1; then
	log "Base image $image exists"
else
	command -v debootstrap >/dev/null || { echo "debootstrap is not installed: apt-get install debootstrap, or docker/prepare-machine.sh (installs what the tests need)" >&2; exit 1; }
	[ "$(id -u)" = 0 ] || { echo "building the base image needs root (debootstrap)" >&2; exit 1; }
	mkdir -p "$cache/debs"
	rootfs="$(mktemp -d /tmp/pid1-rootfs.XXXXXX)"
	trap 'rm -rf "$rootfs"' EXIT
	log "debootstrap --variant=minbase $suite from $mirror with $packages"
	# Downloaded packages are kept in docker/.cache/debs, so a changed package list downloads only what is new.
	debootstrap_log="$cache/debootstrap-$java.log"
	debootstrap --variant=minbase --cache-dir="$cache/debs" --include="$packages" "$suite" "$rootfs" "$mirror" \
		>"$debootstrap_log" 2>&1 || { tail -n 30 "$debootstrap_log" >&2; exit 1; }
	# What a JRE image does not need: package caches, apt lists, docs, man pages, translations.
	rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/* \
		"$rootfs"/usr/share/doc/* "$rootfs"/usr/share/man/* "$rootfs"/usr/share/info/* \
		"$rootfs"/usr/share/locale/* "$rootfs"/var/log/*.log
	java_home="$(cd "$rootfs" && find usr/lib/jvm -mindepth 1 -maxdepth 1 -type d -name "java-$java-openjdk-*" | head -n 1)"
	[ -n "$java_home" ] || { echo "no JRE in the root file system" >&2; exit 1; }
	java_home="/$java_home"
	log "docker import as $image (JAVA_HOME=$java_home, $(du -sh "$rootfs" | cut -f1))"
	tar -C "$rootfs" -c . | docker import \
		--change "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
		--change "ENV JAVA_HOME=$java_home" \
		--change "ENV LANG=C.UTF-8" \
		--change "LABEL dev.pid1.base.packages=$packages dev.pid1.base.suite=$suite dev.pid1.base.java=$java" \
		--change 'CMD ["/bin/sh"]' \
		- "$image" >/dev/null
	rm -rf "$rootfs"
	trap - EXIT
fi
docker tag "$image" "$alias_tag"
end="$(date +%s.%N)"
log "Base image ready: $alias_tag -> $image in $(awk "BEGIN { printf \"%.1f\", $end - $start }") s"
echo "$image"
