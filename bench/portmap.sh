#!/usr/bin/env bash
# Benchmark of a pod with one port mapping: humanz-cni + humanz-portmap (nftables over nf_tables netlink, in
# process) against the reference bridge + host-local + portmap (iptables processes), both through cnictl
# (libcni 1.1.2) as a runtime drives them, in the same run, interleaved. The issue's target: at most a
# fifth of the reference's time.
#
#   bash bench/portmap.sh               (bench.sh calls it after its own tables)
#   RUNS=50 bash bench/portmap.sh       rounds (default 30)
#
# A measurement, not a test (exit 0 whatever the figures; 1 if an ADD or DEL fails); everything in network
# namespaces named $PREFIX-* that it creates and always deletes.
set -euo pipefail
export LC_ALL=C

bench_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$bench_dir")
# shellcheck source=bench/lib.sh
. "$bench_dir/lib.sh"


# ---------------------------------------------------------------- timing loop (inside the node namespace)
# The script re-runs itself inside the node namespace (see below), so `ip netns exec` is in no figure.
# Writes "network<TAB>op<TAB>run<TAB>microseconds" lines to $WORK/portmap-samples.tsv.
measure() {
  : "${WORK:?}" "${PREFIX:?}"
  local bin_dir
  bin_dir=$(dirname "$HZ_BIN")
  export NETCONFPATH="$WORK/net.d" CNI_CACHE_DIR="$WORK/cache" CNI_PATH="$bin_dir:$REF_DIR"
  local samples="$WORK/portmap-samples.tsv" out="$WORK/portmap-out.json" err="$WORK/portmap-err.txt"
  : >"$samples"
  local run net t0 t1 pod=0
  local -A pods=() ports=([hzpm]=18080 [refpm]=18081)
  # op VERB NET POD CID: one timed cnictl call; $us holds its microseconds.
  op() {
    local verb=$1 net=$2 netns=$3 cid=$4
    t0=$EPOCHREALTIME
    CAP_ARGS="{\"portMappings\":[{\"hostPort\":${ports[$net]},\"containerPort\":80,\"protocol\":\"tcp\"}]}" \
      cnictl "$verb" "$net" "$netns" "$cid" eth0 >"$out" 2>"$err" || { cat "$out" "$err" >&2; die "cnictl $verb $net failed"; }
    t1=$EPOCHREALTIME
    us=$((${t1/./} - ${t0/./}))
  }
  # Round 0 is the untimed warm-up (bridges, tables, page cache); who goes first alternates.
  for ((run = 0; run <= RUNS; run++)); do
    local order=(hzpm refpm)
    ((run % 2 == 0)) && order=(refpm hzpm)
    for net in "${order[@]}"; do
      pod=$((pod + 1))
      pods[$net]="/var/run/netns/$PREFIX-p$pod"
      op add "$net" "${pods[$net]}" "bench-$net-$run"
      ((run > 0)) && printf '%s\tADD\t%d\t%d\n' "$net" "$run" "$us" >>"$samples"
    done
    for net in "${order[@]}"; do
      op del "$net" "${pods[$net]}" "bench-$net-$run"
      ((run > 0)) && printf '%s\tDEL\t%d\t%d\n' "$net" "$run" "$us" >>"$samples"
    done
  done
  return 0
}

if [ "${PORTMAP_BENCH_MEASURE:-}" = 1 ]; then
  measure
  exit 0
fi

# ---------------------------------------------------------------- set-up
[ "$(id -u)" = 0 ] || die "run as root: it creates network namespaces, bridges and veths"
[[ $RUNS =~ ^[1-9][0-9]*$ ]] || die "RUNS must be a positive integer, got '$RUNS'"
command -v cnictl >/dev/null 2>&1 || die "cnictl is not on PATH: run ./build.sh setup"
command -v iptables >/dev/null 2>&1 || die "iptables is missing (the reference portmap needs it): apt-get install iptables"
[ -x "$HZ_BIN" ] || die "$HZ_BIN is missing: run ./build.sh publish"
[ -e "$(dirname "$HZ_BIN")/humanz-portmap" ] || die "$(dirname "$HZ_BIN")/humanz-portmap is missing: run ./build.sh publish"
[ -x "$REF_DIR/portmap" ] || die "$REF_DIR/portmap is missing: apt-get install containernetworking-plugins"

bench_workspace hzportmap
node="$PREFIX-node"
mkdir -p "$WORK/net.d" "$WORK/cache"
hz_portmap_conflist hzp0 100.100.3.0/24 >"$WORK/net.d/10-hzpm.conflist"
printf '{"cniVersion":"1.0.0","name":"refpm","plugins":[{"type":"bridge","bridge":"refp0","isGateway":true,"ipMasq":false,"ipam":{"type":"host-local","ranges":[[{"subnet":"100.101.3.0/24"}]],"routes":[{"dst":"0.0.0.0/0"}],"dataDir":"%s/leases"}},{"type":"portmap","capabilities":{"portMappings":true},"snat":true}]}\n' \
  "$WORK" >"$WORK/net.d/20-refpm.conflist"

{
  echo "netns add $node"
  for ((i = 1; i <= 2 * (RUNS + 1); i++)); do echo "netns add $PREFIX-p$i"; done
} | ip -batch -
ip netns exec "$node" ip link set lo up

echo "portmap bench: $RUNS rounds per conflist, interleaved; node namespace $node" >&2
PORTMAP_BENCH_MEASURE=1 RUNS=$RUNS WORK=$WORK PREFIX=$PREFIX HZ_BIN=$HZ_BIN REF_DIR=$REF_DIR \
  ip netns exec "$node" bash "${BASH_SOURCE[0]}"

# ---------------------------------------------------------------- report
awk -F'\t' '{ print $1 "/" $2 "\t" $4 }' "$WORK/portmap-samples.tsv" >"$WORK/portmap-kv.tsv"
stats "$WORK/portmap-kv.tsv" >"$WORK/portmap-stats.tsv"
field() { awk -F'\t' -v k="$1" -v c="$2" '$1 == k { print $c }' "$WORK/portmap-stats.tsv"; }
cell() { awk -v m="$(field "$1" 3)" -v lo="$(field "$1" 4)" -v hi="$(field "$1" 5)" 'BEGIN { printf "%.2f (%.2f/%.2f)", m / 1000, lo / 1000, hi / 1000 }'; }

echo
echo "A pod with one port mapping, through cnictl (libcni 1.1.2), $RUNS rounds, interleaved:"
printf '  %-4s  %-36s  %-40s  %-6s  %-7s  %s\n' op "humanz-cni + humanz-portmap ms med (min/max)" "bridge + host-local + portmap ms med (min/max)" ratio target result
for op in ADD DEL; do
  r=$(awk -v a="$(field "hzpm/$op" 3)" -v b="$(field "refpm/$op" 3)" 'BEGIN { printf "%.3f", a / b }')
  verdict=$(awk -v r="$r" 'BEGIN { print (r <= 0.2) ? "PASS" : "MISS" }')
  printf '  %-4s  %-44s  %-46s  %-6s  %-7s  %s\n' "$op" "$(cell "hzpm/$op")" "$(cell "refpm/$op")" "$r" "<= 0.20" "$verdict"
done
