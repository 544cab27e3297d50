#!/usr/bin/env bash
# Where a humanz-portmap DEL waits in the kernel: ADD a pod with one port mapping (humanz-cni + humanz-portmap
# through cnictl), then DEL it under `strace -f -T`, RUNS times (default 10), and print per DEL the plugin
# process's summed time in system calls, in its netlink calls (sendto/sendmsg/recvfrom/recvmsg) and in close(2),
# and the longest single close, medians over the rounds. strace slows every call, so compare these figures with
# each other (before/after a change), not with portmap.sh's.
#
#   bash bench/portmap-syscalls.sh                       (HZ_BIN=... to measure another build)
#
# A measurement, not a test; everything in network namespaces named $PREFIX-* that it creates and always deletes.
set -euo pipefail
export LC_ALL=C

bench_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$bench_dir")
# shellcheck source=bench/lib.sh
. "$bench_dir/lib.sh"
RUNS=${RUNS:-10}

[ "$(id -u)" = 0 ] || die "run as root: it creates network namespaces, bridges and veths"
command -v strace >/dev/null 2>&1 || die "strace is missing: ./build.sh setup"
command -v cnictl >/dev/null 2>&1 || die "cnictl is not on PATH: run ./build.sh setup"
[ -x "$HZ_BIN" ] || die "$HZ_BIN is missing: run ./build.sh publish"

bench_workspace hzpmsys
node="$PREFIX-node"
mkdir -p "$WORK/net.d" "$WORK/cache"
hz_portmap_conflist hzs0 100.100.4.0/24 >"$WORK/net.d/10-hzpm.conflist"
ip netns add "$node"
ip netns exec "$node" ip link set lo up
export NETCONFPATH="$WORK/net.d" CNI_CACHE_DIR="$WORK/cache" CNI_PATH="$(dirname "$HZ_BIN")"
export CAP_ARGS='{"portMappings":[{"hostPort":18090,"containerPort":80,"protocol":"tcp"}]}'
for ((run = 0; run <= RUNS; run++)); do
  pod="$PREFIX-p$run"
  ip netns add "$pod"
  ip netns exec "$node" cnictl add hzpm "/var/run/netns/$pod" "sys-$run" eth0 >/dev/null
  ip netns exec "$node" strace -f -T -qq -o "$WORK/del-$run.strace" cnictl del hzpm "/var/run/netns/$pod" "sys-$run" eth0 >/dev/null
  # Round 0 warms up; the plugin is the process that execs humanz-cni and its threads (cnictl's lines are dropped by pid).
  ((run > 0)) && awk -v run="$run" '
    /execve\(".*humanz-(cni|portmap)"/ { plugin[$1] = 1 }
    !($1 in plugin) { next }
    # Its threads (NativeAOT starts a few) count as the plugin too.
    $2 ~ /^clone3?\(/ && match($0, /= [0-9]+ </) { plugin[substr($0, RSTART + 2, RLENGTH - 4)] = 1 }
    match($0, /<[0-9.]+>$/) {
      t = substr($0, RSTART + 1, RLENGTH - 2) * 1000; all += t
      if ($2 ~ /^(sendto|sendmsg|recvfrom|recvmsg)\(/) net += t
      if ($2 ~ /^close\(/) { close_ms += t; if (t > longest) longest = t }
    }
    END { printf "%d\t%.3f\t%.3f\t%.3f\t%.3f\n", run, all, net, close_ms, longest }' "$WORK/del-$run.strace" >>"$WORK/del.tsv"
done

echo "DEL of a pod with one port mapping (humanz-cni + humanz-portmap), $RUNS rounds under strace -f -T; ms per DEL, median (min/max):"
for column in 2 3 4 5; do
  name=$(echo "all syscalls|netlink send/recv|close(2)|longest close(2)" | cut -d'|' -f$((column - 1)))
  sort -t$'\t' -k"$column" -g "$WORK/del.tsv" | awk -F'\t' -v c="$column" -v n="$name" '{ v[NR] = $c } END { printf "  %-20s %.2f (%.2f/%.2f)\n", n, v[int((NR + 1) / 2)], v[1], v[NR] }'
done
