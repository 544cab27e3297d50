#!/usr/bin/env bash
# The timing loop of the benchmark. bench.sh runs it INSIDE the node namespace
# (ip netns exec NODE bash measure.sh), so that the clock brackets only what a container runtime
# would pay (cnictl, or the plugin binary) and not `ip netns exec`'s own setns + sysfs remount.
# Every pod namespace it uses was created beforehand by bench.sh: one made from in here would be a
# mount in this private mount namespace only, invisible to bench.sh's cleanup.
#
# Writes tab-separated samples to $WORK/samples.tsv:  mode  plugin  op  run  microseconds
# and peak-RSS figures to $WORK/rss.tsv:             plugin  run  KiB
# Exits non-zero (with the failing command's output) as soon as any ADD or DEL fails.
set -euo pipefail
# EPOCHREALTIME prints its decimal point per locale; the arithmetic below needs a '.'.
export LC_ALL=C

: "${RUNS:?}" "${WORK:?}" "${PREFIX:?}" "${HZ_DIR:?}" "${REF_DIR:?}" "${RSS_RUNS:?}"

readonly hz_bin="$HZ_DIR/humanz-cni"
readonly ref_bin="$REF_DIR/bridge"
readonly samples="$WORK/samples.tsv"
readonly rss="$WORK/rss.tsv"
readonly out="$WORK/out.json"
readonly err="$WORK/err.txt"
: >"$samples"
: >"$rss"

# What libcni hands each plugin: cnictl's environment for the conflist mode.
export NETCONFPATH="$WORK/net.d"
export CNI_CACHE_DIR="$WORK/cache"
readonly cnictl_path="$HZ_DIR:$REF_DIR"

# Network name and directly-invoked config file for each plugin (written by bench.sh).
declare -A net=([hz]=hzbench-hz [ref]=hzbench-ref)
declare -A conf=([hz]="$WORK/direct-hz.json" [ref]="$WORK/direct-ref.json")
declare -A bin=([hz]="$hz_bin" [ref]="$ref_bin" [true]=/bin/true)

next_pod=0
# Hands out the next unused pod namespace; they are numbered in the order bench.sh made them.
take_pod() {
  next_pod=$((next_pod + 1))
  pod="/var/run/netns/$PREFIX-p$next_pod"
  [ -e "$pod" ] || { echo "measure: ran out of pod namespaces at $pod" >&2; exit 1; }
}

fail() {
  echo "measure: $1 failed" >&2
  echo "--- stdout:" >&2
  cat "$out" >&2 || true
  echo >&2
  echo "--- stderr:" >&2
  cat "$err" >&2 || true
  exit 1
}

# cnictl VERB for plugin $1 on pod $2 with container id $3; sets $us.
cnictl_op() {
  local verb=$1 p=$2 pod=$3 cid=$4 t0 t1
  t0=$EPOCHREALTIME
  CNI_PATH=$cnictl_path cnictl "${verb,,}" "${net[$p]}" "$pod" "$cid" eth0 >"$out" 2>"$err" || fail "cnictl $verb ${net[$p]} $pod"
  t1=$EPOCHREALTIME
  # EPOCHREALTIME is "seconds.micros" with always six decimals: without the '.' it is microseconds.
  us=$((${t1/./} - ${t0/./}))
}

# The plugin binary alone, invoked as libcni invokes it: CNI_* environment, config on stdin.
# For DEL the config carries the ADD result as prevResult, as libcni does from its cache.
direct_op() {
  local verb=$1 p=$2 pod=$3 cid=$4 t0 t1
  local input=${conf[$p]}
  if [ "$verb" = DEL ]; then
    input="$WORK/del-$p.json"
  fi
  t0=$EPOCHREALTIME
  CNI_COMMAND=$verb CNI_CONTAINERID=$cid CNI_NETNS=$pod CNI_IFNAME=eth0 CNI_PATH=$REF_DIR \
    "${bin[$p]}" <"$input" >"$out" 2>"$err" || fail "$p $verb (direct) $pod"
  t1=$EPOCHREALTIME
  us=$((${t1/./} - ${t0/./}))
  if [ "$verb" = ADD ]; then
    # Build the DEL input now, outside the timed span: the config with "prevResult" appended.
    local config result
    config=$(<"${conf[$p]}")
    result=$(<"$out")
    printf '%s,"prevResult":%s}\n' "${config%\}}" "$result" >"$WORK/del-$p.json"
  fi
}

# An ADD must have given the pod an address; a zero exit alone would not prove that.
check_add() {
  grep -q '"ips"' "$out" || fail "$1 ADD returned no ips"
}

# One mode's share of a round: ADD of both plugins, each on a fresh pod, then DEL of both, in the
# given plugin order. Round 0 is the untimed warm-up: it creates the bridges and pulls the binaries
# into the page cache, so the timed rounds see a node that already has its bridge.
mode_round() {
  local mode=$1 op_fn=$2 run=$3 p cid
  shift 3
  local -A pods=()
  for p in "$@"; do
    take_pod
    pods[$p]=$pod
    cid="bench-$mode-$p-$run"
    if ((run == 0)); then cid="warm-$mode-$p"; fi
    "$op_fn" ADD "$p" "$pod" "$cid"
    check_add "$p"
    if ((run > 0)); then printf '%s\t%s\tADD\t%d\t%d\n' "$mode" "$p" "$run" "$us" >>"$samples"; fi
  done
  for p in "$@"; do
    cid="bench-$mode-$p-$run"
    if ((run == 0)); then cid="warm-$mode-$p"; fi
    # direct DEL reads del-$p.json, written by the ADD above (the last one for $p).
    "$op_fn" DEL "$p" "${pods[$p]}" "$cid"
    if ((run > 0)); then printf '%s\t%s\tDEL\t%d\t%d\n' "$mode" "$p" "$run" "$us" >>"$samples"; fi
  done
}

# The floor under every direct call: exec, runtime start-up and exit of the binary answering
# VERSION, which does no networking. /bin/true gives the floor under that: what this shell's
# fork + exec + wait costs on this machine right now.
version_round() {
  local run=$1 p t0 t1
  shift
  for p in "$@" true; do
    t0=$EPOCHREALTIME
    CNI_COMMAND=VERSION "${bin[$p]}" <"$WORK/version.json" >"$out" 2>"$err" || fail "$p VERSION"
    t1=$EPOCHREALTIME
    if ((run > 0)); then
      printf 'direct\t%s\tVERSION\t%d\t%d\n' "$p" "$run" $((${t1/./} - ${t0/./})) >>"$samples"
    fi
  done
}

# Every round measures everything once: cnictl mode, direct mode and the VERSION floor, so all
# figures, and the differences between them, are taken under the same machine load. The plugin
# that goes first alternates between rounds (A B, then B A), and so does the mode, so drift and
# ordering effects land on both sides alike.
run_rounds() {
  local run
  for ((run = 0; run <= RUNS; run++)); do
    if ((run % 2 == 1)); then
      mode_round cnictl cnictl_op "$run" hz ref
      mode_round direct direct_op "$run" hz ref
      version_round "$run" hz ref
    else
      mode_round direct direct_op "$run" ref hz
      mode_round cnictl cnictl_op "$run" ref hz
      version_round "$run" ref hz
    fi
  done
  echo "measure: $RUNS rounds done" >&2
}

# Peak resident memory of one ADD of the plugin process, invoked directly under /usr/bin/time -v.
# The reference bridge execs host-local and waits for it; wait4 then reports the larger of the two
# peaks, so "ref" is max(bridge, host-local). "ipam" is host-local alone, for comparison.
measure_rss() {
  local p=$1 run kib plugin=${bin[$1]:-} input=${conf[$1]:-}
  if [ "$p" = ipam ]; then
    plugin=$REF_DIR/host-local
    input=$WORK/direct-ipam.json
  fi
  for ((run = 1; run <= RSS_RUNS; run++)); do
    take_pod
    CNI_COMMAND=ADD CNI_CONTAINERID="rss-$p-$run" CNI_NETNS="$pod" CNI_IFNAME=eth0 CNI_PATH=$REF_DIR \
      /usr/bin/time -v -o "$WORK/time.txt" "$plugin" <"$input" >"$out" 2>"$err" || fail "$p ADD under /usr/bin/time"
    check_add "$p"
    kib=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$WORK/time.txt")
    printf '%s\t%d\t%d\n' "$p" "$run" "$kib" >>"$rss"
    CNI_COMMAND=DEL CNI_CONTAINERID="rss-$p-$run" CNI_NETNS="$pod" CNI_IFNAME=eth0 CNI_PATH=$REF_DIR \
      "$plugin" <"$input" >"$out" 2>"$err" || fail "$p DEL after the memory run"
  done
}

run_rounds
measure_rss hz
measure_rss ref
measure_rss ipam
