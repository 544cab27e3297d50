#!/usr/bin/env bash
# The ipam stage's per-ADD work against the number of leases already in the network's lease directory: one ADD of a
# fresh container (then its DEL, not measured) per round, into a directory holding 0, 100 and 250 leases of other
# containers, humanz-cni against an older build (HZ_BASE) in the same run, interleaved. Prints per build and lease
# count the medians of the ADD's CPU (user + sys, wait4), the ipam stage's time and the call's own total (both from
# the plugin's log line). See bench/README.md, "The lease store's per-ADD work".
#
#   HZ_BASE=/path/to/older/humanz-cni bash bench/ipam.sh     (IPAM_RUNS=25 rounds, IPAM_LEASES="0 100 250")
#
# The leases are files written as host-local writes them, with last_reserved_ip.0 on the last, so the walk starts
# where a node's would; a build that indexes the leases does so in the first round, which is not counted.
set -euo pipefail
export LC_ALL=C

bench_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$bench_dir")
# shellcheck source=bench/lib.sh
. "$bench_dir/lib.sh"
RUNS=${IPAM_RUNS:-25}
LEASES=${IPAM_LEASES:-"0 100 250"}

command -v gcc >/dev/null 2>&1 || die "gcc is missing (./build.sh setup installs it)"
[ -x "$HZ_BIN" ] || die "$HZ_BIN is missing: run ./build.sh publish"
[ "$(id -u)" = 0 ] || die "needs root (network namespaces)"

bench_workspace hzipam
gcc -O2 -Wall -Wextra -o "$WORK/spawntime" "$bench_dir/spawntime.c"

declare -A binary=([humanz-cni]="$HZ_BIN")
[ -n "${HZ_BASE:-}" ] && binary[humanz-base]=$HZ_BASE
ip netns add "$PREFIX-node"
ip -n "$PREFIX-node" link set lo up

# One network, bridge, /22 and pod namespace per build and lease count, so no build reads the other's leases.
net=0
for leases in $LEASES; do
  for label in "${!binary[@]}"; do
    net=$((net + 1))
    name="ipam$net"; third=$((net * 4))
    ip netns add "$PREFIX-$name"
    printf '{"cniVersion":"1.0.0","name":"%s","type":"humanz-cni","bridge":"hzi%d-%d","subnet":"100.101.%d.0/22","logFile":"%s/%s.log","ipam":{"dataDir":"%s/leases"}}\n' \
      "$name" $$ "$net" "$third" "$WORK" "$name" "$WORK" >"$WORK/$name.json"
    mkdir -p "$WORK/leases/$name"
    for ((i = 0; i < leases; i++)); do
      address="100.101.$((third + (i + 2) / 256)).$(((i + 2) % 256))"
      printf 'other-%d\r\neth0' "$i" >"$WORK/leases/$name/$address"
    done
    [ "$leases" -gt 0 ] && printf '%s' "$address" >"$WORK/leases/$name/last_reserved_ip.0"
    echo "$label $leases $name" >>"$WORK/networks"
  done
done

# call NETWORK COMMAND CONTAINER BINARY: one call in the node's namespace; prints its CPU in microseconds.
call() {
  CNI_COMMAND=$2 CNI_CONTAINERID=$3 CNI_NETNS=/var/run/netns/$PREFIX-$1 CNI_IFNAME=eth0 CNI_PATH=/nonexistent SPAWNTIME_WARMUP=0 \
    ip netns exec "$PREFIX-node" "$WORK/spawntime" 1 "$WORK/$1.json" "x=$4" | awk '{ print $5 }'
}

for ((round = 0; round <= RUNS; round++)); do
  # Rotate which build goes first, so drift lands on all alike.
  if ((round % 2)); then order=$(sort -r "$WORK/networks"); else order=$(cat "$WORK/networks"); fi
  while read -r label leases name; do
    cpu=$(call "$name" ADD "r$round" "${binary[$label]}")
    call "$name" DEL "r$round" "${binary[$label]}" >/dev/null
    ((round > 0)) || continue
    line=$(grep " ADD container=r$round " "$WORK/$name.log" | grep ' ok ')
    printf '%s/%s/cpu\t%s\n' "$label" "$leases" "$((cpu))" >>"$WORK/values"
    printf '%s/%s/ipam\t%s\n' "$label" "$leases" "$(sed 's/.* ipam=\([0-9.]*\)ms.*/\1/' <<<"$line")" >>"$WORK/values"
    printf '%s/%s/total\t%s\n' "$label" "$leases" "$(sed 's/.* ok \([0-9.]*\)ms.*/\1/' <<<"$line")" >>"$WORK/values"
  done <<<"$order"
done

stats "$WORK/values" >"$WORK/stats.tsv"
echo "One ADD with N leases in the directory, $RUNS interleaved rounds, medians:"
printf '  %-12s %7s %12s %10s %10s\n' build leases "cpu (us)" "ipam (ms)" "total (ms)"
while read -r label leases _; do
  printf '  %-12s %7s %12s %10s %10s\n' "$label" "$leases" "$(med "$label/$leases/cpu")" "$(med "$label/$leases/ipam")" "$(med "$label/$leases/total")"
done < <(sort -k2,2n -k1,1 "$WORK/networks")
