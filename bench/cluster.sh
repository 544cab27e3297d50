#!/usr/bin/env bash
# Benchmarks of the node agent across nodes, both backends (host-gw on one switch, vxlan across a routed
# underlay), agents on etcd. Driven from C# on the testbed the integration tests use (bench/ClusterBench),
# so polling the nodes' kernel state is a netlink dump, not a process per look. See bench/README.md.
#   propagation: a node's agent start -> its route (vxlan: + FDB + neighbour) on ALL other nodes, 3 and 10
#                nodes, the last-joining node measured REPS times.
#   scale:       one agent against PEERS simulated peers (leases the bench writes into etcd): time until all
#                are in the kernel, then until LEAVING of them are gone; agent CPU time and peak RSS.
#   throughput:  iperf3 TCP pod to pod across two nodes and node to node, DURATION seconds, TPUT_REPS runs.
#
#   bash bench/cluster.sh                            all three (bench.sh calls it at its end)
#   BENCHES="scale" bash bench/cluster.sh            only some (propagation scale throughput)
#   REPS=10 SCALE_REPS=5 DURATION=3 bash bench/cluster.sh
#
# Like bench.sh: a measurement, not a test (exit 0 whatever the figures; 1 if a node is never routed).
# Everything lives in network namespaces hzcb-* it creates and always deletes; the machine's own
# networking is never touched.
set -euo pipefail
export LC_ALL=C

bench_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$bench_dir")
REPS=${REPS:-7}
SCALE_REPS=${SCALE_REPS:-5}
PEERS=${PEERS:-199}
LEAVING=${LEAVING:-50}
DURATION=${DURATION:-10}
TPUT_REPS=${TPUT_REPS:-3}
BENCHES=${BENCHES:-propagation scale throughput}
HZ_BIN=${HZ_BIN:-$root/artifacts/bin/humanz-cni}

die() { echo "cluster bench: $*" >&2; exit 1; }

[ "$(id -u)" = 0 ] || die "run as root: it creates network namespaces, bridges and veths"
for var in REPS SCALE_REPS PEERS LEAVING DURATION TPUT_REPS; do
  [[ ${!var} =~ ^[1-9][0-9]*$ ]] || die "$var must be a positive integer, got '${!var}'"
done
((PEERS <= 244 && LEAVING < PEERS)) || die "PEERS must be at most 244 (peers at 200.0.0.11-254, subnets 100.100.1-244.0/24) and LEAVING below it"
[ -x "$HZ_BIN" ] || die "$HZ_BIN is missing: run ./build.sh publish"
[ -x "$(dirname "$HZ_BIN")/humanz-cni-agent" ] || die "humanz-cni-agent is missing beside $HZ_BIN: run ./build.sh publish"
[ -x /usr/bin/etcd ] || die "/usr/bin/etcd is missing: apt-get install etcd-server (./build.sh setup)"

dotnet build "$bench_dir/ClusterBench" -c Release -nologo -clp:ErrorsOnly -v:q >&2
run() { HUMANZ_CNI_BIN=$HZ_BIN dotnet "$bench_dir/ClusterBench/bin/Release/net10.0/HumanzCni.ClusterBench.dll" "$@"; }
for bench in $BENCHES; do
  case $bench in
    propagation) run propagation "$REPS" "$bench_dir/results/cluster.json" 3 10 ;;
    scale)
      command -v strace >/dev/null || die "strace is missing: apt-get install strace (./build.sh setup)"
      run scale "$SCALE_REPS" "$bench_dir/results/scale.json" "$PEERS" "$LEAVING" ;;
    throughput)
      command -v iperf3 >/dev/null || die "iperf3 is missing: apt-get install iperf3 (./build.sh setup)"
      run throughput "$TPUT_REPS" "$bench_dir/results/throughput.json" "$DURATION" ;;
    *) die "unknown bench '$bench' in BENCHES: propagation, scale or throughput" ;;
  esac
done
echo "cluster bench: results in $bench_dir/results/{cluster,scale,throughput}.json" >&2
