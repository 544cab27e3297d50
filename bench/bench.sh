#!/usr/bin/env bash
# Benchmark: median ADD and DEL latency of humanz-cni against the reference bridge + host-local
# plugins, both driven by cnictl (libcni) as a container runtime drives them, and both invoked
# directly as bare plugin processes; plus the peak memory of one ADD. See bench/README.md.
#
#   bash bench/bench.sh                 (or ./build.sh bench, which publishes first)
#   RUNS=50 bash bench/bench.sh         rounds per plugin and mode (default 30; the issue asks >= 20)
#   HZ_BIN=/path/humanz-cni bash bench/bench.sh   another build of the plugin
#
# It is a measurement, not a test: a missed target still exits 0. A failing ADD or DEL exits 1.
# Everything happens in network namespaces named $PREFIX-* that it creates and always deletes;
# the machine's own network namespace is never touched.
set -euo pipefail
export LC_ALL=C

bench_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$bench_dir")
# shellcheck source=bench/lib.sh
. "$bench_dir/lib.sh"
RSS_RUNS=${RSS_RUNS:-3}
results_dir="$bench_dir/results"

# Targets from the issue, as humanz-cni median / reference median.
readonly add_target=0.3333 del_target=1.0

die() { echo "bench: $*" >&2; exit 1; }

[ "$(id -u)" = 0 ] || die "run as root: it creates network namespaces, bridges and veths"
[[ $RUNS =~ ^[1-9][0-9]*$ ]] || die "RUNS must be a positive integer, got '$RUNS'"
[[ $RSS_RUNS =~ ^[1-9][0-9]*$ ]] || die "RSS_RUNS must be a positive integer, got '$RSS_RUNS'"
((RUNS >= 20)) || echo "bench: note: RUNS=$RUNS is below the 20 runs the issue asks for" >&2

# Debian packages of the commands used here. build.sh installs them too; running this script on
# its own installs what is missing rather than failing half-way.
ensure_packages() {
  local missing=() cmd
  declare -A package_of=([ip]=iproute2 [/usr/bin/time]=time [$REF_DIR/bridge]=containernetworking-plugins [$REF_DIR/host-local]=containernetworking-plugins)
  for cmd in "${!package_of[@]}"; do
    command -v "$cmd" >/dev/null 2>&1 || missing+=("${package_of[$cmd]}")
  done
  if ((${#missing[@]} > 0)); then
    # The same package can be listed twice; apt-get does not mind.
    echo "bench: installing ${missing[*]}" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
  command -v cnictl >/dev/null 2>&1 || die "cnictl is not on PATH: run ./build.sh setup"
  [ -x "$HZ_BIN" ] || die "$HZ_BIN is missing: run ./build.sh publish"
  # libcni finds a plugin by its type, so the file must be called humanz-cni.
  [ "$(basename "$HZ_BIN")" = humanz-cni ] || die "HZ_BIN must be a file named humanz-cni, got $HZ_BIN"
}
ensure_packages

# A prefix no concurrent run shares: every namespace made here carries it, and cleanup deletes
# exactly those.
bench_workspace hzbench
node="$PREFIX-node"

# ---------------------------------------------------------------- configs
mkdir -p "$WORK/net.d" "$WORK/cache"
hz_log="$WORK/humanz-cni.log"
hz_plugin="{\"type\":\"humanz-cni\",\"bridge\":\"hzb0\",\"subnet\":\"100.100.1.0/24\",\"logFile\":\"$hz_log\",\"ipam\":{\"dataDir\":\"$WORK/leases-hz\"}}"
ref_ipam="{\"type\":\"host-local\",\"ranges\":[[{\"subnet\":\"100.101.1.0/24\"}]],\"routes\":[{\"dst\":\"0.0.0.0/0\"}],\"dataDir\":\"$WORK/leases-ref\"}"
ref_plugin="{\"type\":\"bridge\",\"bridge\":\"refb0\",\"isGateway\":true,\"ipMasq\":false,\"ipam\":$ref_ipam}"

# Conflists for cnictl.
printf '{"cniVersion":"1.0.0","name":"hzbench-hz","plugins":[%s]}\n' "$hz_plugin" >"$WORK/net.d/10-hzbench-hz.conflist"
printf '{"cniVersion":"1.0.0","name":"hzbench-ref","plugins":[%s]}\n' "$ref_plugin" >"$WORK/net.d/20-hzbench-ref.conflist"
# What libcni feeds a plugin of such a conflist on stdin: the plugin's object plus the list's
# cniVersion and name. Used for the direct invocations. (Same network names, hence same bridges
# and lease directories, as under cnictl.)
with_name() { printf '{"cniVersion":"1.0.0","name":"%s",%s\n' "$1" "${2#\{}"; }
with_name hzbench-hz "$hz_plugin" >"$WORK/direct-hz.json"
with_name hzbench-ref "$ref_plugin" >"$WORK/direct-ref.json"
# host-local on its own, in a network of its own, only for the memory comparison.
echo '{"cniVersion":"1.0.0"}' >"$WORK/version.json"
with_name hzbench-ipam "{\"ipam\":$ref_ipam}" >"$WORK/direct-ipam.json"

# field KEY COLUMN FILE: one column (2=n 3=median 4=min 5=max) of a stats line.
field() { awk -F'\t' -v k="$1" -v c="$2" '$1 == k { print $c }' "$3"; }
# ms MICROSECONDS: as milliseconds, two decimals.
ms() { awk -v u="$1" 'BEGIN { printf "%.2f", u / 1000 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a / b }'; }
# paired MODE/OP: median of the per-round humanz-cni/reference ratios.
paired() { awk -v r="$(field "$1" 3 "$WORK/paired-stats.tsv")" 'BEGIN { printf "%.3f", r }'; }
verdict() { awk -v r="$1" -v t="$2" 'BEGIN { print (r <= t) ? "PASS" : "MISS" }'; }

# ---------------------------------------------------------------- namespaces
# Every ADD gets a fresh pod namespace, as a new pod would: warm-up + RUNS per plugin per mode,
# plus the memory runs. All are made here, before any clock runs.
pod_count=$((2 * 2 * (RUNS + 1) + 3 * RSS_RUNS))
{
  echo "netns add $node"
  for ((i = 1; i <= pod_count; i++)); do echo "netns add $PREFIX-p$i"; done
} | ip -batch -
ip netns exec "$node" ip link set lo up

echo "bench: $RUNS rounds per plugin and mode, interleaved; node namespace $node, $pod_count pod namespaces" >&2
start=$EPOCHREALTIME
RUNS=$RUNS RSS_RUNS=$RSS_RUNS WORK=$WORK PREFIX=$PREFIX HZ_DIR=$(dirname "$HZ_BIN") REF_DIR=$REF_DIR \
  ip netns exec "$node" bash "$bench_dir/measure.sh" || {
  echo "bench: an ADD or DEL failed; last lines of the humanz-cni log:" >&2
  tail -n 5 "$hz_log" >&2 2>/dev/null || true
  exit 1
}
echo "bench: measured in $(ms "$(( (${EPOCHREALTIME/./} - ${start/./}) / 1000 ))")s" >&2

# ---------------------------------------------------------------- statistics

awk -F'\t' '{ print $1 "/" $2 "/" $3 "\t" $5 }' "$WORK/samples.tsv" >"$WORK/kv.tsv"
stats "$WORK/kv.tsv" >"$WORK/stats.tsv"
# Paired ratios: humanz-cni / reference within each round, both measured moments apart. Their
# median is less moved by load that changes between rounds than the ratio of the two medians.
awk -F'\t' '$2 != "true" { v[$1 "/" $3, $2, $4] = $5; if ($4 + 0 > runs[$1 "/" $3] + 0) runs[$1 "/" $3] = $4 }
  END { for (k in runs) for (r = 1; r <= runs[k]; r++) if ((k, "hz", r) in v && (k, "ref", r) in v) print k "\t" v[k, "hz", r] / v[k, "ref", r] }' \
  "$WORK/samples.tsv" >"$WORK/paired-kv.tsv"
stats "$WORK/paired-kv.tsv" >"$WORK/paired-stats.tsv"
awk -F'\t' '{ print $1 "\t" $3 }' "$WORK/rss.tsv" >"$WORK/rss-kv.tsv"
stats "$WORK/rss-kv.tsv" >"$WORK/rss-stats.tsv"

# humanz-cni's own total and stage times per timed call (container ids bench-*), from its log.
stage_timings "$hz_log" "container=bench-" >"$WORK/stage-kv.tsv" 2>"$WORK/stage-order.txt"
stats "$WORK/stage-kv.tsv" >"$WORK/stage-stats.tsv"


# ---------------------------------------------------------------- report
table() {
  local mode=$1 title=$2 op hz ref r target
  echo
  echo "$title"
  printf '  %-7s  %-27s  %-27s  %-6s  %-6s  %-8s  %s\n' op "humanz-cni ms med (min/max)" "reference ms med (min/max)" ratio paired target result
  for op in ADD DEL; do
    hz=$(field "$mode/hz/$op" 3 "$WORK/stats.tsv")
    ref=$(field "$mode/ref/$op" 3 "$WORK/stats.tsv")
    r=$(ratio "$hz" "$ref")
    if [ "$op" = ADD ]; then target=$add_target; else target=$del_target; fi
    printf '  %-7s  %-27s  %-27s  %-6s  %-6s  <= %-5s  %s\n' "$op" \
      "$(ms "$hz") ($(ms "$(field "$mode/hz/$op" 4 "$WORK/stats.tsv")")/$(ms "$(field "$mode/hz/$op" 5 "$WORK/stats.tsv")"))" \
      "$(ms "$ref") ($(ms "$(field "$mode/ref/$op" 4 "$WORK/stats.tsv")")/$(ms "$(field "$mode/ref/$op" 5 "$WORK/stats.tsv")"))" \
      "$r" "$(paired "$mode/$op")" "$(printf '%.2f' "$target")" "$(verdict "$r" "$target")"
  done
  if [ "$mode" = direct ]; then
    # No target: the start-up floor both binaries pay on every call.
    hz=$(field "direct/hz/VERSION" 3 "$WORK/stats.tsv")
    ref=$(field "direct/ref/VERSION" 3 "$WORK/stats.tsv")
    printf '  %-7s  %-27s  %-27s  %-6s  %-6s  %s\n' VERSION \
      "$(ms "$hz") ($(ms "$(field direct/hz/VERSION 4 "$WORK/stats.tsv")")/$(ms "$(field direct/hz/VERSION 5 "$WORK/stats.tsv")"))" \
      "$(ms "$ref") ($(ms "$(field direct/ref/VERSION 4 "$WORK/stats.tsv")")/$(ms "$(field direct/ref/VERSION 5 "$WORK/stats.tsv")"))" \
      "$(ratio "$hz" "$ref")" "$(paired direct/VERSION)" "-         (process floor: exec, start-up, exit; no networking)"
  fi
}

commit=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)
echo
echo "humanz-cni benchmark: $RUNS runs of each call, interleaved; commit $commit; $(nproc) cores; kernel $(uname -r)"
echo "binary $HZ_BIN (sha256 $(sha256sum "$HZ_BIN" | cut -c1-12)); reference $REF_DIR/bridge + host-local"
table cnictl "Through cnictl (libcni 1.1.2), as a runtime drives a conflist - the issue's measure:"
table direct "The plugin process alone (CNI_* env + config on stdin, no cnictl/libcni) - informational:"

echo
echo "Peak RSS of one ADD (/usr/bin/time -v on the plugin process, median of $RSS_RUNS):"
printf '  %-24s %6s KiB\n' humanz-cni "$(field hz 3 "$WORK/rss-stats.tsv")"
printf '  %-24s %6s KiB   (bridge execs host-local and waits; the kernel reports the larger peak of the two)\n' "bridge (+ host-local)" "$(field ref 3 "$WORK/rss-stats.tsv")"
printf '  %-24s %6s KiB   (for comparison; the reference ADD runs both processes)\n' "host-local alone" "$(field ipam 3 "$WORK/rss-stats.tsv")"

echo
echo "Where humanz-cni's time goes (medians in ms over every timed call; stages from its log):"
for op in ADD DEL; do
  line=$(printf '  %s  cnictl %s  process %s  (VERSION floor %s)  plugin-logged %s  [' "$op" \
    "$(ms "$(field "cnictl/hz/$op" 3 "$WORK/stats.tsv")")" "$(ms "$(field "direct/hz/$op" 3 "$WORK/stats.tsv")")" \
    "$(ms "$(field "direct/hz/VERSION" 3 "$WORK/stats.tsv")")" \
    "$(ms "$(field "$op/total" 3 "$WORK/stage-stats.tsv")e3")")
  read -ra stages <<<"$(awk -F'\t' -v k="$op/order" '$1 == k { sub(/^0 /, "", $2); print $2 }' "$WORK/stage-order.txt")"
  for stage in "${stages[@]}"; do
    line+="$stage=$(ms "$(field "$op/$stage" 3 "$WORK/stage-stats.tsv")e3") "
  done
  echo "${line% }]"
done
echo "  fork+exec+wait of /bin/true from this shell: $(ms "$(field "direct/true/VERSION" 3 "$WORK/stats.tsv")") ms (in every figure above, both plugins')"
echo "  cnictl - process = libcni/cnictl's share; process - plugin-logged = exec, runtime start-up, reading"
echo "  stdin, writing the log line, exit (VERSION floor = the part of that any call pays); plugin-logged -"
echo "  sum of stages = config parsing, logger set-up and the like before the first stage."

# ---------------------------------------------------------------- JSON
mkdir -p "$results_dir"
{
  printf '{\n  "date": "%s",\n  "commit": "%s",\n  "binary_sha256": "%s",\n' \
    "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$commit" "$(sha256sum "$HZ_BIN" | cut -d' ' -f1)"
  printf '  "machine": {"cores": %d, "kernel": "%s"},\n  "runs": %d,\n  "unit": "microseconds",\n' \
    "$(nproc)" "$(uname -r)" "$RUNS"
  printf '  "targets": {"add_ratio_max": %s, "del_ratio_max": %s},\n' "$add_target" "$del_target"
  for mode in cnictl direct; do
    printf '  "%s": {\n' "$mode"
    for op in ADD DEL; do
      hz=$(field "$mode/hz/$op" 3 "$WORK/stats.tsv")
      ref=$(field "$mode/ref/$op" 3 "$WORK/stats.tsv")
      r=$(ratio "$hz" "$ref")
      if [ "$op" = ADD ]; then target=$add_target; else target=$del_target; fi
      printf '    "%s": {"ratio": %s, "paired_ratio_median": %s, "target": %s, "pass": %s' "$op" "$r" "$(paired "$mode/$op")" "$target" \
        "$([ "$(verdict "$r" "$target")" = PASS ] && echo true || echo false)"
      for p in hz ref; do
        printf ', "%s": {"median": %s, "min": %s, "max": %s, "samples": [%s]}' \
          "$([ $p = hz ] && echo humanz-cni || echo reference)" \
          "$(field "$mode/$p/$op" 3 "$WORK/stats.tsv")" "$(field "$mode/$p/$op" 4 "$WORK/stats.tsv")" "$(field "$mode/$p/$op" 5 "$WORK/stats.tsv")" \
          "$(awk -F'\t' -v m="$mode" -v p="$p" -v o="$op" '$1 == m && $2 == p && $3 == o { printf "%s%s", sep, $5; sep = "," }' "$WORK/samples.tsv")"
      done
      printf '}%s\n' "$([ $op = ADD ] && echo ,)"
    done
    printf '  },\n'
  done
  printf '  "version_call_median": {"humanz-cni": %s, "bridge": %s, "bin_true": %s},\n' \
    "$(field direct/hz/VERSION 3 "$WORK/stats.tsv")" "$(field direct/ref/VERSION 3 "$WORK/stats.tsv")" "$(field direct/true/VERSION 3 "$WORK/stats.tsv")"
  printf '  "peak_rss_kib": {"humanz-cni": %s, "bridge_with_host_local": %s, "host_local_alone": %s},\n' \
    "$(field hz 3 "$WORK/rss-stats.tsv")" "$(field ref 3 "$WORK/rss-stats.tsv")" "$(field ipam 3 "$WORK/rss-stats.tsv")"
  printf '  "humanz_cni_logged_ms": {'
  awk -F'\t' '{ printf "%s\"%s\": %s", sep, $1, $3; sep = ", " }' "$WORK/stage-stats.tsv"
  printf '}\n}\n'
} >"$results_dir/latest.json"
cp "$hz_log" "$results_dir/latest-humanz-cni.log"
echo
echo "bench: results in $results_dir/latest.json (humanz-cni's log of the run beside it)"

# Start-up: VERSION against a NativeAOT hello world and the reference Go plugin, in one run (bench/startup.sh).
HZ_BIN=$HZ_BIN REF_DIR=$REF_DIR bash "$bench_dir/startup.sh"

# Whole conflists through humanz-cni's chain runner against cnictl, in the same run (bench/chain.sh).
RUNS=$RUNS HZ_BIN=$HZ_BIN REF_DIR=$REF_DIR bash "$bench_dir/chain.sh"

# A pod with one port mapping: humanz-cni + humanz-portmap against bridge + host-local + portmap (bench/portmap.sh).
RUNS=$RUNS HZ_BIN=$HZ_BIN REF_DIR=$REF_DIR bash "$bench_dir/portmap.sh"

# Across nodes: the node agent (propagation, scale to 199 peers, iperf3 throughput) on testbed clusters (bench/cluster.sh).
HZ_BIN=$HZ_BIN bash "$bench_dir/cluster.sh"
