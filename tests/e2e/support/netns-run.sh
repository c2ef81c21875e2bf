#!/usr/bin/env bash
# Runs a command inside a private network namespace with a veth pair (10.77.0.1/24 <-> 10.77.0.2/24)
# and a default route, so that two browsers on one machine can open a WebRTC connection to each
# other (with only loopback, Chromium gathers no ICE candidates) while no packet can leave the
# machine: the namespace has no link to the outside world.
#
#   tests/e2e/support/netns-run.sh <command> [args...]
#
# Needs root (or unprivileged user namespaces). Where neither works, the command runs in the normal
# network with a warning: everything except the WebRTC tests still runs; those fail with a message.
# Inside, CIRCULATE_NETNS=1 is set (tests/e2e/support/netns.ts reads it).
set -euo pipefail

self="${BASH_SOURCE[0]}"

if [[ "${1:-}" == "--inside" ]]; then
	shift
	ip link set lo up
	if ip link add circ0 type veth peer name circ1 2>/dev/null; then
		ip addr add 10.77.0.1/24 dev circ0
		ip addr add 10.77.0.2/24 dev circ1
		ip link set circ0 up
		ip link set circ1 up
		ip route add default via 10.77.0.2 dev circ0
	elif ip link add circ0 type dummy 2>/dev/null; then
		# No veth support in this kernel: one dummy interface still gives a routable host address.
		ip addr add 10.77.0.1/24 dev circ0
		ip link set circ0 up
		ip route add default dev circ0
	else
		echo "netns-run: could not create a veth or dummy interface; WebRTC tests will fail." >&2
	fi
	export CIRCULATE_NETNS=1
	exec "$@"
fi

if [[ $# -eq 0 ]]; then
	echo "usage: $0 <command> [args...]" >&2
	exit 2
fi

if [[ "${CIRCULATE_NETNS:-}" == "1" ]]; then
	exec "$@"
fi

if command -v unshare >/dev/null 2>&1 && command -v ip >/dev/null 2>&1; then
	if [[ "$(id -u)" == "0" ]] && unshare --net true 2>/dev/null; then
		exec unshare --net -- bash "$self" --inside "$@"
	fi
	if unshare --user --map-root-user --net true 2>/dev/null; then
		exec unshare --user --map-root-user --net -- bash "$self" --inside "$@"
	fi
fi

cat >&2 <<'WARN'
netns-run: WARNING: could not create a private network namespace (needs root, or unprivileged
user namespaces, plus `unshare` and `ip` from util-linux and iproute2). Running in the normal network.
The WebRTC end-to-end tests need a namespace with a routable interface and will fail with a message;
run `sudo npm run test:e2e`, or on Debian `apt-get install util-linux iproute2` as root.
WARN
exec "$@"
