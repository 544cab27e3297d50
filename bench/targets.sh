#!/usr/bin/env bash
# Issue 9's targets in one run: humanz-cni (the one-plugin form, declaring portMappings and bandwidth, as
# `install` and the agent render it) against the reference plugins (/usr/lib/cni) and a no-op static C plugin
# (bench/noop.c, the floor: libcni plus one exec with no work), all through cnictl (libcni 1.1.2), interleaved:
#   ADD and DEL (also above the floor), ADD+DEL of a pod with one port mapping (humanz-cni alone against
#   bridge + host-local + portmap), 100 ADDs 16 at a time and then their 100 DELs (wall time, every address
#   unique; the floor's and the kernel floor's bursts too, each with the CPU it took), peak RSS of one ADD (beside a NativeAOT hello world's and the floor's), and
#   where humanz-cni's time goes (its own per-stage log). Also the kernel floor (bench/kernelfloor.c: the least
#   kernel work the same pod needs, over raw rtnetlink, as a plugin through cnictl): what is the kernel's.
#
#   bash bench/targets.sh                 (RUNS rounds, default 30; BURST_RUNS bursts, default RUNS)
#   RUNS=25 BURST_RUNS=9 bash bench/targets.sh
#
# A measurement, not a test: exit 0 whatever the figures, 1 when a call fails. Everything happens in network
# namespaces named $PREFIX-* that it creates and always deletes.
set -euo pipefail
export LC_ALL=C

bench_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$bench_dir")
# shellcheck source=bench/lib.sh
. "$bench_dir/lib.sh"
BURST_RUNS=${BURST_RUNS:-$RUNS}
RSS_RUNS=${RSS_RUNS:-3}
readonly burst_pods=100 burst_parallel=16

# ---------------------------------------------------------------- timing (inside the node namespace)
# The script re-runs itself inside the node namespace, so `ip netns exec` is in no figure. Samples go to
# $WORK/samples.tsv as "key<TAB>microseconds" (key: NET/OP), peak RSS to $WORK/rss.tsv as "NET<TAB>KiB".
measure() {
  : "${WORK:?}" "${PREFIX:?}" "${HZ_DIR:?}"
  export NETCONFPATH="$WORK/net.d" CNI_CACHE_DIR="$WORK/cache" CNI_PATH="$WORK/bin:$HZ_DIR:$REF_DIR"
  local samples="$WORK/samples.tsv" out="$WORK/out.json" err="$WORK/err.txt"
  : >"$samples"
  : >"$WORK/rss.tsv"
  local mapping='{"portMappings":[{"HostPort":18080,"ContainerPort":80,"Protocol":"tcp"}]}'
  local run pod=0 net t0 us

  fail() { cat "$out" "$err" >&2 2>/dev/null; die "$1 failed"; }
  # busy_ticks: the machine's CPU time so far, all cores, in clock ticks (/proc/stat: user, nice, system, irq, softirq).
  busy_ticks() { awk '$1 == "cpu" { print $2 + $3 + $4 + $7 + $8; exit }' /proc/stat; }
  # timed VERB NET NETNS CID [CAP_ARGS [ARGS]]: one cnictl call; $us holds its microseconds.
  timed() {
    t0=$EPOCHREALTIME
    CAP_ARGS=${5:-} ARGS=${6:-} cnictl "$1" "$2" "$3" "$4" eth0 >"$out" 2>"$err" || fail "cnictl $1 $2 $4"
    us=$((${EPOCHREALTIME/./} - ${t0/./}))
    if [ "$1" = add ] && [ "$2" != floor ]; then grep -q '"ips"' "$out" || fail "cnictl add $2 $4 (no ips in the result)"; fi
  }
  record() { ((run > 0)) && printf '%s\t%d\n' "$1" "$2" >>"$samples"; return 0; }
  # Container ids: t-NET-RUN for the timed rounds, w-NET-0 for the warm-up, so the log's stage times skip it.
  cid() { if ((run > 0)); then echo "t-$1-$run"; else echo "w-$1-0"; fi; }

  # One round: ADD of each plain network on a fresh pod, then their DELs; then a pod with one port mapping
  # per port-mapping network, ADD and DEL. Who goes first alternates; round 0 is the untimed warm-up.
  # kfloor (the kernel floor) has no IPAM: its pod's address comes in CNI_ARGS, unique per pod namespace.
  local -A pods=()
  for ((run = 0; run <= RUNS; run++)); do
    local plain=(floor kfloor hz ref) mapped=(hzpm refpm)
    ((run % 2 == 0)) && plain=(ref hz kfloor floor) mapped=(refpm hzpm)
    for net in "${plain[@]}"; do
      pod=$((pod + 1))
      pods[$net]="/var/run/netns/$PREFIX-p$pod"
      local args=""
      [ "$net" = kfloor ] && args="IP=100.102.$((pod / 250)).$((pod % 250 + 2))/16"
      timed add "$net" "${pods[$net]}" "$(cid "$net")" "" "$args"
      record "$net/ADD" "$us"
    done
    for net in "${plain[@]}"; do
      timed del "$net" "${pods[$net]}" "$(cid "$net")"
      record "$net/DEL" "$us"
    done
    for net in "${mapped[@]}"; do
      pod=$((pod + 1))
      # hzpm is the hz network itself (one plugin), asked for a mapping; refpm chains portmap.
      local list=$net
      [ "$net" = hzpm ] && list=hz
      timed add "$list" "/var/run/netns/$PREFIX-p$pod" "$(cid "$net")" "$mapping"
      local add_us=$us
      record "$net/ADD" "$us"
      timed del "$list" "/var/run/netns/$PREFIX-p$pod" "$(cid "$net")" "$mapping"
      record "$net/DEL" "$us"
      record "$net/ADD+DEL" $((add_us + us))
    done
  done

  # Bursts: 100 ADDs, 16 at a time, then the 100 DELs, 16 at a time; wall time of each, and the CPU time the whole
  # machine spent in it (from /proc/stat: a burst keeps both cores busy, so its wall time is its CPU over the cores).
  # The same 100 pod namespaces serve every burst (a DEL leaves them as they were). Every ADD must have got its own
  # address (the floor configures none: its bursts are libcni, exec and sh, run exactly as the others; the kernel
  # floor's are given in CNI_ARGS, 100.102.100.N).
  local tick_us=$((1000000 / $(getconf CLK_TCK))) cpu0
  for ((run = 0; run <= BURST_RUNS; run++)); do
    local order=(floor kfloor hz ref)
    ((run % 2 == 0)) && order=(ref hz kfloor floor)
    for net in "${order[@]}"; do
      rm -rf "$WORK/burst" && mkdir "$WORK/burst"
      local args=""
      [ "$net" = kfloor ] && args="ARGS=IP=100.102.100.{}/16"
      cpu0=$(busy_ticks)
      t0=$EPOCHREALTIME
      seq "$burst_pods" | xargs -P "$burst_parallel" -I{} sh -c \
        "$args cnictl add $net /var/run/netns/$PREFIX-b{} b-$net-$run-{} eth0 >$WORK/burst/{}.json 2>&1" || {
        cat "$WORK"/burst/*.json >&2
        die "a burst ADD of $net failed"
      }
      us=$((${EPOCHREALTIME/./} - ${t0/./}))
      record "$net/ADDx100" "$us"
      record "$net/ADDx100cpu" $((($(busy_ticks) - cpu0) * tick_us))
      local unique
      unique=$(grep -ho '"address": *"[^"]*"' "$WORK"/burst/*.json | sort -u | wc -l)
      [ "$net" = floor ] || ((unique == burst_pods)) || die "burst of $net: $unique distinct addresses for $burst_pods pods"
      cpu0=$(busy_ticks)
      t0=$EPOCHREALTIME
      seq "$burst_pods" | xargs -P "$burst_parallel" -I{} sh -c \
        "cnictl del $net /var/run/netns/$PREFIX-b{} b-$net-$run-{} eth0 >$WORK/burst/{}.del 2>&1" || {
        cat "$WORK"/burst/*.del >&2
        die "a burst DEL of $net failed"
      }
      us=$((${EPOCHREALTIME/./} - ${t0/./}))
      record "$net/DELx100" "$us"
      record "$net/DELx100cpu" $((($(busy_ticks) - cpu0) * tick_us))
    done
  done

  # Start-up alone: VERSION, the plugin invoked directly (cnictl has no VERSION verb).
  for ((run = 0; run <= RUNS; run++)); do
    for net in floor hz ref; do
      local binary=$WORK/bin/hz-noop
      [ "$net" = hz ] && binary=$HZ_DIR/humanz-cni
      [ "$net" = ref ] && binary=$REF_DIR/bridge
      t0=$EPOCHREALTIME
      CNI_COMMAND=VERSION "$binary" <"$WORK/version.json" >"$out" 2>"$err" || fail "$net VERSION"
      record "$net/VERSION" $((${EPOCHREALTIME/./} - ${t0/./}))
    done
  done

  # Every veth the kernel floor made, its DELs removed (the pod namespaces are all still there).
  local left
  left=$(ip -o link show | awk -F': ' '$2 ~ /^kf[0-9a-f]+(@|$)/ { print $2 }')
  [ -z "$left" ] || die "the kernel floor's DEL left links behind: $left"

  # Peak RSS of one ADD, the plugin invoked directly as libcni invokes it, under /usr/bin/time -v. bridge waits
  # for host-local, so its figure is the larger of the two peaks. hzpm: humanz-cni with one port mapping.
  # For scale: the floor's ADD (a static C program) and a NativeAOT hello world (bench/HelloAot).
  for ((run = 1; run <= RSS_RUNS; run++)); do
    for net in floor hello; do
      local binary=$WORK/bin/hz-noop
      [ "$net" = hello ] && binary=$WORK/hello/hello-aot
      CNI_COMMAND=ADD CNI_CONTAINERID="rss-$net-$run" CNI_NETNS=/dev/null CNI_IFNAME=eth0 \
        /usr/bin/time -v -o "$WORK/time.txt" "$binary" <"$WORK/version.json" >"$out" 2>"$err" || fail "$net under /usr/bin/time"
      printf '%s\t%d\n' "$net" "$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$WORK/time.txt")" >>"$WORK/rss.tsv"
    done
    for net in hz hzpm ref; do
      pod=$((pod + 1))
      local binary=$HZ_DIR/humanz-cni
      [ "$net" = ref ] && binary=$REF_DIR/bridge
      CNI_COMMAND=ADD CNI_CONTAINERID="rss-$net-$run" CNI_NETNS="/var/run/netns/$PREFIX-p$pod" CNI_IFNAME=eth0 CNI_PATH=$REF_DIR \
        /usr/bin/time -v -o "$WORK/time.txt" "$binary" <"$WORK/direct-$net.json" >"$out" 2>"$err" || fail "$net ADD under /usr/bin/time"
      printf '%s\t%d\n' "$net" "$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$WORK/time.txt")" >>"$WORK/rss.tsv"
      CNI_COMMAND=DEL CNI_CONTAINERID="rss-$net-$run" CNI_NETNS="/var/run/netns/$PREFIX-p$pod" CNI_IFNAME=eth0 CNI_PATH=$REF_DIR \
        "$binary" <"$WORK/direct-$net.json" >"$out" 2>"$err" || fail "$net DEL after the memory run"
    done
  done
}

if [ "${TARGETS_BENCH_MEASURE:-}" = 1 ]; then
  measure
  exit 0
fi

# ---------------------------------------------------------------- set-up
# The measuring shell runs this file again in the node namespace. Bash abandons a whole compound command on an
# expansion error (a bad arithmetic expression in measure) and goes on after it: should the measuring shell ever get
# here, it must stop rather than set up and start another run (bench/where.sh once started runs on itself that way).
[ -z "${TARGETS_BENCH_OUTER:-}" ] || die "the measuring shell did not get TARGETS_BENCH_MEASURE=1"
export TARGETS_BENCH_OUTER=1
[ "$(id -u)" = 0 ] || die "run as root: it creates network namespaces, bridges and veths"
[[ $RUNS =~ ^[1-9][0-9]*$ ]] || die "RUNS must be a positive integer, got '$RUNS'"
[[ $BURST_RUNS =~ ^[1-9][0-9]*$ ]] || die "BURST_RUNS must be a positive integer, got '$BURST_RUNS'"
((RUNS >= 25)) || echo "targets bench: note: RUNS=$RUNS is below the 25 rounds the issue asks for" >&2
for tool in cnictl iptables gcc dotnet /usr/bin/time; do
  command -v "$tool" >/dev/null 2>&1 || die "$tool is missing: run ./build.sh setup"
done
[ -x "$HZ_BIN" ] && [ "$(basename "$HZ_BIN")" = humanz-cni ] || die "$HZ_BIN is missing or not named humanz-cni: run ./build.sh publish"
for plugin in bridge host-local portmap; do
  [ -x "$REF_DIR/$plugin" ] || die "$REF_DIR/$plugin is missing: apt-get install containernetworking-plugins"
done

bench_workspace hztargets
node="$PREFIX-node"
mkdir -p "$WORK/net.d" "$WORK/cache" "$WORK/bin"
gcc -static -O2 -o "$WORK/bin/hz-noop" "$bench_dir/noop.c"
gcc -static -O2 -o "$WORK/bin/hz-kfloor" "$bench_dir/kernelfloor.c" 2>"$WORK/gcc.txt" || { cat "$WORK/gcc.txt" >&2; die "gcc kernelfloor.c failed"; }
dotnet publish "$bench_dir/HelloAot" -c Release -o "$WORK/hello" -nologo -clp:ErrorsOnly >&2
hz_log="$WORK/humanz-cni.log"
hz_plugin="{\"type\":\"humanz-cni\",\"bridge\":\"hzt0\",\"subnet\":\"100.100.4.0/24\",\"logFile\":\"$hz_log\",\"ipam\":{\"dataDir\":\"$WORK/leases\"},\"capabilities\":{\"portMappings\":true,\"bandwidth\":true}}"
bridge_plugin="{\"type\":\"bridge\",\"bridge\":\"reft0\",\"isGateway\":true,\"ipMasq\":false,\"hairpinMode\":true,\"ipam\":{\"type\":\"host-local\",\"ranges\":[[{\"subnet\":\"100.101.4.0/24\"}]],\"routes\":[{\"dst\":\"0.0.0.0/0\"}],\"dataDir\":\"$WORK/leases\"}}"
conflist() { printf '{"cniVersion":"1.0.0","name":"%s","plugins":[%s]}\n' "$1" "$2" >"$WORK/net.d/$1.conflist"; }
conflist floor '{"type":"hz-noop"}'
# The kernel floor's bridge and gateway exist before the first pod, as the others' do after their warm-up.
conflist kfloor '{"type":"hz-kfloor","bridge":"kft0","gateway":"100.102.255.1"}'
conflist hz "$hz_plugin"
conflist ref "$bridge_plugin"
conflist refpm "$bridge_plugin,{\"type\":\"portmap\",\"capabilities\":{\"portMappings\":true},\"snat\":true}"
# What libcni hands a plugin of those lists, for the direct calls (VERSION, peak RSS).
echo '{"cniVersion":"1.0.0"}' >"$WORK/version.json"
printf '{"cniVersion":"1.0.0","name":"hz",%s\n' "${hz_plugin#\{}" >"$WORK/direct-hz.json"
printf '{"cniVersion":"1.0.0","name":"hz","runtimeConfig":{"portMappings":[{"hostPort":18081,"containerPort":80,"protocol":"tcp"}]},%s\n' "${hz_plugin#\{}" >"$WORK/direct-hzpm.json"
printf '{"cniVersion":"1.0.0","name":"ref",%s\n' "${bridge_plugin#\{}" >"$WORK/direct-ref.json"

{
  echo "netns add $node"
  for ((i = 1; i <= 6 * (RUNS + 1) + 3 * RSS_RUNS; i++)); do echo "netns add $PREFIX-p$i"; done
  for ((i = 1; i <= burst_pods; i++)); do echo "netns add $PREFIX-b$i"; done
} | ip -batch -
ip -n "$node" -batch - <<EOF
link set lo up
link add kft0 type bridge
address add 100.102.255.1/16 dev kft0
link set kft0 up
EOF

echo "targets bench: $RUNS rounds, $BURST_RUNS bursts of $burst_pods, interleaved; node namespace $node" >&2
start=$EPOCHREALTIME
TARGETS_BENCH_MEASURE=1 RUNS=$RUNS BURST_RUNS=$BURST_RUNS RSS_RUNS=$RSS_RUNS WORK=$WORK PREFIX=$PREFIX HZ_DIR=$(dirname "$HZ_BIN") REF_DIR=$REF_DIR \
  ip netns exec "$node" bash "${BASH_SOURCE[0]}" || { tail -n 5 "$hz_log" >&2 2>/dev/null; exit 1; }
echo "targets bench: measured in $(( (${EPOCHREALTIME/./} - ${start/./}) / 1000000 )) s" >&2

# ---------------------------------------------------------------- report
stats "$WORK/samples.tsv" >"$WORK/stats.tsv"
stats "$WORK/rss.tsv" >"$WORK/rss-stats.tsv"
stage_timings "$hz_log" "container=t-hz-" >"$WORK/stage-kv.tsv" 2>"$WORK/stage-order.txt"
stats "$WORK/stage-kv.tsv" >"$WORK/stage-stats.tsv"
stage_timings "$hz_log" "container=t-hzpm-" >"$WORK/stage-pm-kv.tsv" 2>"$WORK/stage-pm-order.txt"
stats "$WORK/stage-pm-kv.tsv" >"$WORK/stage-pm-stats.tsv"

cell() { awk -F'\t' -v k="$1" -v d="${2:-1000}" '$1 == k { printf "%.2f (%.2f/%.2f)", $3 / d, $4 / d, $5 / d }' "$WORK/stats.tsv"; }
# ms MICROSECONDS: in milliseconds, two decimals.
ms() { awk -v u="$1" 'BEGIN { printf "%.2f", u / 1000 }'; }
# seconds MICROSECONDS: in seconds, two decimals.
seconds() { awk -v u="$1" 'BEGIN { printf "%.2f", u / 1000000 }'; }
# above KEY FLOOR_KEY: the median of KEY minus the median of FLOOR_KEY (same unit).
above() { awk -v a="$(med "$1")" -v f="$(med "$2")" 'BEGIN { print a - f }'; }
div() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else printf "-" }'; }
verdict() { awk -v r="$1" -v t="$2" 'BEGIN { print (r != "-" && r <= t) ? "PASS" : "MISS" }'; }
row() { printf '  %-27s %-22s %-24s %-30s %-6s %-8s %s\n' "$@"; }

commit=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)
echo
echo "Issue 9's targets: $RUNS rounds, $BURST_RUNS bursts, interleaved, through cnictl (libcni 1.1.2); commit $commit; $(nproc) cores; kernel $(uname -r)"
echo "humanz-cni: one plugin declaring portMappings + bandwidth; reference: $REF_DIR bridge + host-local (+ portmap); floor: static C no-op"
row work "floor ms med (min/max)" "humanz-cni ms" "reference ms" ratio target result
floor_add=$(med floor/ADD) floor_del=$(med floor/DEL)
version_ratio=$(div "$(med hz/VERSION)" "$(med ref/VERSION)")
row "VERSION (direct exec)" "$(cell floor/VERSION)" "$(cell hz/VERSION)" "$(cell ref/VERSION) (bridge)" "$version_ratio" "-" "-"
for op in ADD DEL; do
  r=$(div "$(med "hz/$op")" "$(med "ref/$op")")
  above_ratio=$(div "$(above "hz/$op" "floor/$op")" "$(above "ref/$op" "floor/$op")")
  target=0.40
  [ "$op" = DEL ] && target=1.00
  row "$op" "$(cell "floor/$op")" "$(cell "hz/$op")" "$(cell "ref/$op")" "$r" "" ""
  row "  $op above the floor" "" "" "" "$above_ratio" "<= $target" "$(verdict "$above_ratio" "$target")"
done
r=$(div "$(med hzpm/ADD+DEL)" "$(med refpm/ADD+DEL)")
row "ADD+DEL, one port mapping" "$(cell floor/ADD | cut -d' ' -f1) + $(cell floor/DEL | cut -d' ' -f1)" "$(cell hzpm/ADD+DEL)" "$(cell refpm/ADD+DEL) (+ portmap)" "$r" "<= 0.20" "$(verdict "$r" 0.20)"
row "  of which ADD / DEL" "" "$(ms "$(med hzpm/ADD)") / $(ms "$(med hzpm/DEL)")" "$(ms "$(med refpm/ADD)") / $(ms "$(med refpm/DEL)")" "" "" ""
for burst in "ADDx100:100 ADDs:0.50" "DELx100:100 DELs:1.00"; do
  IFS=: read -r key label target <<<"$burst"
  r=$(div "$(med "hz/$key")" "$(med "ref/$key")")
  row "$label, 16 at a time (s)" "$(cell "floor/$key" 1000000)" "$(cell "hz/$key" 1000000)" "$(cell "ref/$key" 1000000)" "$r" "<= $target" "$(verdict "$r" "$target")"
  row "  above the floor's burst" "" "" "" "$(div "$(above "hz/$key" "floor/$key")" "$(above "ref/$key" "floor/$key")")" "" ""
  row "  above the kernel floor's" "$(cell "kfloor/$key" 1000000) (kf)" "" "" "$(div "$(above "hz/$key" "kfloor/$key")" "$(above "ref/$key" "kfloor/$key")")" "" ""
  row "  CPU, both cores (s)" "$(cell "floor/${key}cpu" 1000000)" "$(cell "hz/${key}cpu" 1000000)" "$(cell "ref/${key}cpu" 1000000)" \
    "$(div "$(med "hz/${key}cpu")" "$(med "ref/${key}cpu")")" "" ""
  row "  CPU above kf's burst (s)" "$(cell "kfloor/${key}cpu" 1000000) (kf)" "$(seconds "$(above "hz/${key}cpu" "kfloor/${key}cpu")")" \
    "$(seconds "$(above "ref/${key}cpu" "kfloor/${key}cpu")")" "$(div "$(above "hz/${key}cpu" "kfloor/${key}cpu")" "$(above "ref/${key}cpu" "kfloor/${key}cpu")")" "" ""
done
echo "  A burst keeps both cores busy: its wall time is the CPU of its 100 calls over the cores (CPU: the whole machine's"
echo "  from /proc/stat, cnictl, sh and xargs included; kf: the kernel floor's burst, the least kernel work for 100 pods)."
rss() { med "$1" "$WORK/rss-stats.tsv"; }
r=$(div "$(rss hz)" "$(rss ref)")
row "peak RSS of one ADD (KiB)" "$(rss floor)" "$(rss hz) (mapping: $(rss hzpm))" "$(rss ref) (bridge, host-local)" "$r" "<= 1.00" "$(verdict "$r" 1.00)"
echo "  peak RSS for scale: the floor (static C no-op) $(rss floor) KiB; a NativeAOT hello world (bench/HelloAot) $(rss hello) KiB"

echo
echo "The kernel's share (kernel floor: bench/kernelfloor.c through cnictl, the least kernel work the same pod needs over"
echo "raw rtnetlink: ADD creates the veth pair with the peer in the pod, bridge port, links up, address, default route;"
echo "DEL deletes the veth. Medians, ms; 'above kf' = a side's median minus the kernel floor's):"
printf '  %-4s %-8s %-13s %-9s %-11s %-10s %-13s %-13s %s\n' op floor "kernel floor" "kernel" humanz-cni reference "hz above kf" "ref above kf" "ratio above kf"
for op in ADD DEL; do
  printf '  %-4s %-8s %-13s %-9s %-11s %-10s %-13s %-13s %s\n' "$op" "$(ms "$(med "floor/$op")")" "$(ms "$(med "kfloor/$op")")" \
    "$(ms "$(above "kfloor/$op" "floor/$op")")" "$(ms "$(med "hz/$op")")" "$(ms "$(med "ref/$op")")" \
    "$(ms "$(above "hz/$op" "kfloor/$op")")" "$(ms "$(above "ref/$op" "kfloor/$op")")" \
    "$(div "$(above "hz/$op" "kfloor/$op")" "$(above "ref/$op" "kfloor/$op")")"
done
echo "  kernel = kernel floor - floor: what the kernel takes for the pod's links, address and route; above kf: the rest"
echo "  of each side's call (its start-up beyond a static exec, IPAM, its checks, result cache, hairpin, the kernel work it"
echo "  does beyond the least)."

echo
echo "Where humanz-cni's time goes (medians, ms; cnictl figure, the plugin's own total from its log, the part of it"
echo "spent waiting for the kernel in netlink calls, its stages, each with its kernel part when it has one):"
breakdown() {
  local label=$1 key=$2 stats_file=$3 order_file=$4 op line stage kernel
  for op in ADD DEL; do
    line=$(printf '  %-22s %s  cnictl %s  floor %s  logged %s  kernel %s  [' "$label" "$op" \
      "$(ms "$(med "$key/$op")")" "$(ms "$(med "floor/$op")")" "$(med "$op/total" "$stats_file")" \
      "$(med "$op/kernel" "$stats_file")")
    read -ra stages <<<"$(awk -F'\t' -v k="$op/order" '$1 == k { sub(/^0 /, "", $2); print $2 }' "$order_file")"
    for stage in "${stages[@]}"; do
      kernel=$(med "$op/$stage/kernel" "$stats_file")
      line+="$stage=$(med "$op/$stage" "$stats_file")$(awk -v k="$kernel" 'BEGIN { if (k > 0) printf "(kernel=%s)", k }') "
    done
    echo "${line% }]"
  done
}
breakdown "no mapping" hz "$WORK/stage-stats.tsv" "$WORK/stage-order.txt"
breakdown "one port mapping" hzpm "$WORK/stage-pm-stats.tsv" "$WORK/stage-pm-order.txt"
echo "  cnictl - logged = libcni/cnictl, exec, the runtime's start-up and exit (floor = libcni + exec of a static no-op);"
echo "  logged - stages = reading the config, the logger, writing the result; kernel = netlink send/recv of every stage"
echo "  (the namespace worker's too), summed per call: the kernel's share of the plugin's own time."
mkdir -p "$bench_dir/results"
cp "$WORK/samples.tsv" "$bench_dir/results/targets-samples.tsv"
cp "$hz_log" "$bench_dir/results/targets-humanz-cni.log"
echo "targets bench: samples in $bench_dir/results/targets-samples.tsv (microseconds), humanz-cni's log beside them" >&2
