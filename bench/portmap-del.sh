#!/usr/bin/env bash
# The `portmap` stage of a one-plugin DEL (humanz-cni declaring portMappings), two builds side by side: on a node
# whose host port layout exists (a resident pod keeps one mapping), each round ADDs and DELs a pod without a
# mapping and a pod with one TCP mapping, with each build, who goes first alternating. The plugin is invoked
# directly (no libcni). Per DEL it records the `portmap` stage's time from the plugin's own log, the process's CPU
# time (perf stat task-clock) and, in one extra round under strace, its system calls, the nf_tables sockets it
# opens and whether it loads OpenSSL; and the ADDs' `portmap` stage. Medians (min/max) over the rounds, with the
# load average.
#
#   OLD_BIN=/path/to/other/humanz-cni bash bench/portmap-del.sh      (RUNS=, default 20; HZ_BIN= the new build)
#
# A measurement, not a test; everything in network namespaces named $PREFIX-* that it creates and always deletes.
set -euo pipefail
export LC_ALL=C

bench_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$bench_dir")
# shellcheck source=bench/lib.sh
. "$bench_dir/lib.sh"
RUNS=${RUNS:-20}
OLD_BIN=${OLD_BIN:?OLD_BIN=path of the humanz-cni build to compare with}

[ "$(id -u)" = 0 ] || die "run as root: it creates network namespaces, bridges and veths"
for tool in perf strace; do command -v "$tool" >/dev/null 2>&1 || die "$tool is missing"; done
[ -x "$HZ_BIN" ] || die "$HZ_BIN is missing: run ./build.sh publish"
[ -x "$OLD_BIN" ] || die "$OLD_BIN is missing"

bench_workspace hzpmdel
node="$PREFIX-node"
ip netns add "$node"
ip netns exec "$node" ip link set lo up
declare -A bins=([new]=$HZ_BIN [old]=$OLD_BIN)
# config BUILD [MAPPING-PORT]: what libcni hands the one plugin; a mapping puts runtimeConfig in it.
config() {
  local runtime=""
  [ -n "${2:-}" ] && runtime="\"runtimeConfig\":{\"portMappings\":[{\"hostPort\":$2,\"containerPort\":80,\"protocol\":\"tcp\"}]},"
  printf '{"cniVersion":"1.0.0","name":"hzpmdel",%s"type":"humanz-cni","bridge":"hzpd0","subnet":"100.100.5.0/24","logFile":"%s/%s.log","ipam":{"dataDir":"%s/leases"},"capabilities":{"portMappings":true}}' \
    "$runtime" "$WORK" "$1" "$WORK"
}
# call BUILD VERB CID POD [MAPPING-PORT] [WRAPPER...]: one direct call in the node namespace.
call() {
  local build=$1 verb=$2 cid=$3 pod=$4 port=${5:-}
  shift 5
  config "$build" "$port" | ip netns exec "$node" env CNI_COMMAND="$verb" CNI_CONTAINERID="$cid" CNI_NETNS="/var/run/netns/$pod" \
    CNI_IFNAME=eth0 CNI_PATH="$(dirname "${bins[$build]}")" "$@" "${bins[$build]}" >"$WORK/out.json" 2>"$WORK/err.txt" \
    || { cat "$WORK/out.json" "$WORK/err.txt" >&2; die "$verb $cid with $build failed"; }
}
pod=0
# new_pod: a fresh pod namespace, named in $p.
new_pod() { pod=$((pod + 1)); p="$PREFIX-p$pod"; ip netns add "$p"; }

# The resident pod: the layout exists, as on any node where a pod mapped a port.
new_pod
call old ADD resident "$p" 18100
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
for ((run = 0; run <= RUNS; run++)); do
  order=(old new)
  ((run % 2)) && order=(new old)
  for build in "${order[@]}"; do
    for kind in plain mapped; do
      port=""
      [ "$kind" = mapped ] && port=18101
      cid="r$run-$build-$kind"
      new_pod
      call "$build" ADD "$cid" "$p" "$port"
      if ((run == RUNS)); then
        # The last round under strace: counts, not times.
        call "$build" DEL "$cid" "$p" "$port" strace -f -qq -o "$WORK/$build-$kind.strace"
      else
        call "$build" DEL "$cid" "$p" "$port" perf stat -x, -e task-clock -o "$WORK/perf.txt" --
        # Round 0 warms up.
        ((run > 0)) && awk -F, -v k="$build/$kind/cpu" '$3 == "task-clock" { printf "%s\t%s\n", k, $1 }' "$WORK/perf.txt" >>"$WORK/samples.tsv"
      fi
      ip netns del "$p"
    done
  done
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
call old DEL resident "$PREFIX-p1" 18100

for build in old new; do
  for kind in plain mapped; do
    # The timed calls' log lines: "DEL container=rN-BUILD-KIND ... ok Tms [... portmap=Xms ...]"; the ADDs' too.
    grep -E "(ADD|DEL) container=r[0-9]+-$build-$kind " "$WORK/$build.log" | grep -v "container=r0-" | grep -v "container=r$RUNS-" \
      | sed -nE 's/.*(ADD|DEL) container.* ok ([0-9.]+)ms .*portmap=([0-9.]+)ms.*/\1 \2 \3/p' \
      | awk -v k="$build/$kind" '$1 == "DEL" { printf "%s/logged\t%s\n%s/portmap\t%s\n", k, $2, k, $3 } $1 == "ADD" { printf "%s/add-portmap\t%s\n", k, $3 }' >>"$WORK/samples.tsv"
    trace="$WORK/$build-$kind.strace"
    printf '%s/syscalls\t%d\n' "$build/$kind" "$(grep -cvE '^[0-9]+ +(\+\+\+|---)' "$trace")" >>"$WORK/counts.tsv"
    printf '%s/nf_tables sockets\t%d\n' "$build/$kind" "$(grep -c 'NETLINK_NETFILTER' "$trace")" >>"$WORK/counts.tsv"
    printf '%s/opens libssl/libcrypto\t%d\n' "$build/$kind" "$(grep -cE 'open.*lib(ssl|crypto)\.so' "$trace")" >>"$WORK/counts.tsv"
  done
done

stats "$WORK/samples.tsv" >"$WORK/stats.tsv"
echo "One-plugin DEL, layout present, $RUNS interleaved rounds; load average $load_before before, $load_after after"
echo "new: $HZ_BIN"
echo "old: $OLD_BIN"
printf '  %-26s %-24s %-24s\n' "ms per DEL, median (min/max)" old new
for kind in plain mapped; do
  for what in portmap logged cpu add-portmap; do
    cells=()
    for build in old new; do
      cells+=("$(awk -F'\t' -v k="$build/$kind/$what" '$1 == k { printf "%.3f (%.3f/%.3f)", $3, $4, $5 }' "$WORK/stats.tsv")")
    done
    label="$kind: $what"
    [ "$what" = cpu ] && label="$kind: CPU (task-clock)"
    [ "$what" = logged ] && label="$kind: plugin total (log)"
    [ "$what" = add-portmap ] && label="$kind: ADD's portmap"
    printf '  %-26s %-24s %-24s\n' "$label" "${cells[@]}"
  done
done
echo "One DEL under strace -f (plain: no mapping; mapped: one):"
for kind in plain mapped; do
  for what in "syscalls" "nf_tables sockets" "opens libssl/libcrypto"; do
    printf '  %-34s %-8s %-8s\n' "$kind: $what" \
      "$(awk -F'\t' -v k="old/$kind/$what" '$1 == k { print $2 }' "$WORK/counts.tsv")" \
      "$(awk -F'\t' -v k="new/$kind/$what" '$1 == k { print $2 }' "$WORK/counts.tsv")"
  done
done
