#!/usr/bin/env bash
# Benchmark of the node agent across nodes: time from a node's agent start to its route being present
# on ALL other nodes, for 3 and for 10 simulated nodes (namespaces on an underlay switch, agents on
# etcd), the last-joining node measured REPS times. Driven from C# on the testbed the integration tests
# use (bench/ClusterBench), so polling the nodes' routes is a netlink dump, not a process per look.
#
#   bash bench/cluster.sh               (bench.sh calls it at its end)
#   REPS=10 bash bench/cluster.sh       joins per cluster size (default 7)
#
# Like bench.sh: a measurement, not a test (exit 0 whatever the figures; 1 if a node is never routed).
# Everything lives in network namespaces hzcb-* it creates and always deletes; the machine's own
# networking is never touched.
set -euo pipefail
export LC_ALL=C

bench_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$bench_dir")
REPS=${REPS:-7}
HZ_BIN=${HZ_BIN:-$root/artifacts/bin/humanz-cni}

die() { echo "cluster bench: $*" >&2; exit 1; }

[ "$(id -u)" = 0 ] || die "run as root: it creates network namespaces, bridges and veths"
[[ $REPS =~ ^[1-9][0-9]*$ ]] || die "REPS must be a positive integer, got '$REPS'"
[ -x "$HZ_BIN" ] || die "$HZ_BIN is missing: run ./build.sh publish"
[ -x "$(dirname "$HZ_BIN")/humanz-cni-agent" ] || die "humanz-cni-agent is missing beside $HZ_BIN: run ./build.sh publish"
[ -x /usr/bin/etcd ] || die "/usr/bin/etcd is missing: apt-get install etcd-server (./build.sh setup)"

dotnet build "$bench_dir/ClusterBench" -c Release -nologo -clp:ErrorsOnly -v:q >&2
HUMANZ_CNI_BIN=$HZ_BIN dotnet "$bench_dir/ClusterBench/bin/Release/net10.0/HumanzCni.ClusterBench.dll" \
  "$REPS" "$bench_dir/results/cluster.json" 3 10
echo "cluster bench: results in $bench_dir/results/cluster.json" >&2
