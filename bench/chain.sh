#!/usr/bin/env bash
# Benchmark of whole conflists: `humanz-cni chain` against cnictl (libcni 1.1.2) running the same
# conflist, in the same run, interleaved. Two conflists: humanz-cni alone, and humanz-cni followed by
# the reference portmap (with a port mapping in CAP_ARGS, so portmap really writes iptables rules).
# The runner runs humanz-cni in its own process and execs portmap; cnictl execs both.
#
#   bash bench/chain.sh                 (bench.sh calls it after its own tables)
#   RUNS=50 bash bench/chain.sh         rounds (default 30)
#
# Like bench.sh: a measurement, not a test (exit 0 whatever the figures; 1 if an ADD or DEL fails);
# everything in network namespaces named $PREFIX-* that it creates and always deletes.
set -euo pipefail
export LC_ALL=C

bench_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$bench_dir")
# shellcheck source=bench/lib.sh
. "$bench_dir/lib.sh"


# ---------------------------------------------------------------- timing loop (inside the node namespace)
# The script re-runs itself inside the node namespace (see the end), so `ip netns exec` is in no figure.
# Writes "conflist<TAB>tool<TAB>op<TAB>run<TAB>microseconds" lines to $WORK/chain-samples.tsv.
measure() {
  : "${WORK:?}" "${PREFIX:?}"
  local bin_dir
  bin_dir=$(dirname "$HZ_BIN")
  export NETCONFPATH="$WORK/net.d" CNI_CACHE_DIR="$WORK/cache" CNI_PATH="$bin_dir:$REF_DIR"
  export CAP_ARGS='{"portMappings":[{"hostPort":18080,"containerPort":80,"protocol":"tcp"}]}'
  local samples="$WORK/chain-samples.tsv" out="$WORK/chain-out.json" err="$WORK/chain-err.txt"
  : >"$samples"
  local next_pod=0 run net tool t0 t1 cid
  local -A pods=()
  # op VERB TOOL NET POD CID: one timed call; $us holds its microseconds.
  op() {
    local verb=$1 tool=$2 net=$3 pod=$4 cid=$5
    t0=$EPOCHREALTIME
    if [ "$tool" = cnictl ]; then
      cnictl "$verb" "$net" "$pod" "$cid" eth0 >"$out" 2>"$err" || { cat "$out" "$err" >&2; die "cnictl $verb $net $pod failed"; }
    else
      "$HZ_BIN" chain "$verb" "$net" "$pod" "$cid" eth0 >"$out" 2>"$err" || { cat "$out" "$err" >&2; die "humanz-cni chain $verb $net $pod failed"; }
    fi
    t1=$EPOCHREALTIME
    us=$((${t1/./} - ${t0/./}))
    if [ "$verb" = add ]; then grep -q '"ips"' "$out" || die "$tool add $net returned no ips"; fi
  }
  # Round 0 is the untimed warm-up (bridges, iptables chains, page cache). The tool that goes first
  # alternates between rounds, so drift and ordering land on both alike.
  for ((run = 0; run <= RUNS; run++)); do
    local order=(cnictl chain)
    ((run % 2 == 0)) && order=(chain cnictl)
    for net in hzchain-solo hzchain-portmap; do
      for tool in "${order[@]}"; do
        next_pod=$((next_pod + 1))
        pods[$tool]="/var/run/netns/$PREFIX-p$next_pod"
        op add "$tool" "$net" "${pods[$tool]}" "bench-$tool-$run"
        ((run > 0)) && printf '%s\t%s\tADD\t%d\t%d\n' "$net" "$tool" "$run" "$us" >>"$samples"
      done
      for tool in "${order[@]}"; do
        op del "$tool" "$net" "${pods[$tool]}" "bench-$tool-$run"
        ((run > 0)) && printf '%s\t%s\tDEL\t%d\t%d\n' "$net" "$tool" "$run" "$us" >>"$samples"
      done
    done
  done
  return 0
}

if [ "${CHAIN_BENCH_MEASURE:-}" = 1 ]; then
  measure
  exit 0
fi

# ---------------------------------------------------------------- set-up
[ "$(id -u)" = 0 ] || die "run as root: it creates network namespaces, bridges and veths"
[[ $RUNS =~ ^[1-9][0-9]*$ ]] || die "RUNS must be a positive integer, got '$RUNS'"
command -v cnictl >/dev/null 2>&1 || die "cnictl is not on PATH: run ./build.sh setup"
command -v iptables >/dev/null 2>&1 || die "iptables is missing (the reference portmap needs it): apt-get install iptables"
[ -x "$HZ_BIN" ] || die "$HZ_BIN is missing: run ./build.sh publish"
[ -x "$REF_DIR/portmap" ] || die "$REF_DIR/portmap is missing: apt-get install containernetworking-plugins"

bench_workspace hzchain
node="$PREFIX-node"

mkdir -p "$WORK/net.d" "$WORK/cache"
hz() { printf '{"type":"humanz-cni","bridge":"%s","subnet":"%s","logFile":"%s/humanz-cni.log","ipam":{"dataDir":"%s/leases"}}' "$1" "$2" "$WORK" "$WORK"; }
printf '{"cniVersion":"1.0.0","name":"hzchain-solo","plugins":[%s]}\n' "$(hz hzc0 100.100.1.0/24)" >"$WORK/net.d/10-solo.conflist"
printf '{"cniVersion":"1.0.0","name":"hzchain-portmap","plugins":[%s,{"type":"portmap","capabilities":{"portMappings":true},"snat":true}]}\n' \
  "$(hz hzc1 100.100.2.0/24)" >"$WORK/net.d/20-portmap.conflist"

pod_count=$((2 * 2 * (RUNS + 1)))
{
  echo "netns add $node"
  for ((i = 1; i <= pod_count; i++)); do echo "netns add $PREFIX-p$i"; done
} | ip -batch -
ip netns exec "$node" ip link set lo up

echo "chain bench: $RUNS rounds per conflist and tool, interleaved; node namespace $node" >&2
CHAIN_BENCH_MEASURE=1 RUNS=$RUNS WORK=$WORK PREFIX=$PREFIX HZ_BIN=$HZ_BIN REF_DIR=$REF_DIR \
  ip netns exec "$node" bash "${BASH_SOURCE[0]}"

# ---------------------------------------------------------------- report
awk -F'\t' '{ print $1 "/" $2 "/" $3 "\t" $5 }' "$WORK/chain-samples.tsv" >"$WORK/chain-kv.tsv"
stats "$WORK/chain-kv.tsv" >"$WORK/chain-stats.tsv"
field() { awk -F'\t' -v k="$1" -v c="$2" '$1 == k { print $c }' "$WORK/chain-stats.tsv"; }
cell() { awk -v m="$(field "$1" 3)" -v lo="$(field "$1" 4)" -v hi="$(field "$1" 5)" 'BEGIN { printf "%.2f (%.2f/%.2f)", m / 1000, lo / 1000, hi / 1000 }'; }

echo
echo "Whole conflists through humanz-cni chain vs cnictl (libcni 1.1.2), same conflist, same run, $RUNS rounds:"
printf '  %-22s  %-4s  %-24s  %-24s  %s\n' conflist op "cnictl ms med (min/max)" "chain ms med (min/max)" "chain/cnictl"
for net in hzchain-solo hzchain-portmap; do
  label=$([ $net = hzchain-solo ] && echo "humanz-cni" || echo "humanz-cni + portmap")
  for op in ADD DEL; do
    printf '  %-22s  %-4s  %-24s  %-24s  %s\n' "$label" "$op" "$(cell "$net/cnictl/$op")" "$(cell "$net/chain/$op")" \
      "$(awk -v a="$(field "$net/chain/$op" 3)" -v b="$(field "$net/cnictl/$op" 3)" 'BEGIN { printf "%.3f", a / b }')"
  done
done
echo "  chain runs humanz-cni in its own process (no exec) and execs portmap; cnictl execs every plugin."
