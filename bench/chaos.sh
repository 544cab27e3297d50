#!/usr/bin/env bash
# Agent chaos (issue 10 §6): three nodes on etcd (host-gw), every pod pinging every pod on the other nodes,
# every agent route watched every 20 ms; then, one phase each: etcd SIGKILLed and started again; etcd's data
# wiped; node2's agent SIGKILLed and restarted; node3 cut off the underlay for longer than the lease TTL and
# connected again. Prints pings lost per phase and every route removed; a route to a live node removed, a node
# re-claiming another's subnet after the wipe, or node3's routes surviving its TTL on the others is a FAIL.
# Driven from C# (bench/ClusterBench, `chaos`) on the testbed; see bench/README.md.
#
#   bash bench/chaos.sh            TTL=4 by default: the lease TTL of the agents, in seconds
#   TTL=6 bash bench/chaos.sh
#
# Unlike the measurements, exits 1 when a phase failed. Everything lives in network namespaces hzch-* it creates
# and always deletes; the machine's own networking is never touched.
set -euo pipefail
export LC_ALL=C

bench_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$bench_dir")
# shellcheck source=bench/lib.sh
. "$bench_dir/lib.sh"
TTL=${TTL:-4}

[ "$(id -u)" = 0 ] || die "run as root: it creates network namespaces, bridges and veths"
[[ $TTL =~ ^[1-9][0-9]*$ ]] || die "TTL must be a positive integer, got '$TTL'"
[ -x "$HZ_BIN" ] || die "$HZ_BIN is missing: run ./build.sh publish"
[ -x "$(dirname "$HZ_BIN")/humanz-cni-agent" ] || die "humanz-cni-agent is missing beside $HZ_BIN: run ./build.sh publish"
[ -x /usr/bin/etcd ] || die "/usr/bin/etcd is missing: apt-get install etcd-server (./build.sh setup)"

dotnet build "$bench_dir/ClusterBench" -c Release -nologo -clp:ErrorsOnly -v:q >&2
HUMANZ_CNI_BIN=$HZ_BIN dotnet "$bench_dir/ClusterBench/bin/Release/net10.0/HumanzCni.ClusterBench.dll" chaos 1 "$bench_dir/results/chaos.json" "$TTL"
