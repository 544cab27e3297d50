#!/usr/bin/env bash
# Soak: ADD/DEL cycles through cnictl (libcni), several at a time, some ADDs SIGKILLed at a random moment and then
# DELeted as a runtime does (once with the pod's namespace, once with none), for a pod of humanz-cni + humanz-portmap
# (one port mapping) + humanz-bandwidth (ingress and egress limits). At the end it looks for anything left behind
# (links, ifbs, leases, nftables rules and elements, qdiscs, conntrack entries, routes, result cache entries, pod
# namespaces, processes) and prints cycles/s, failures by CNI code, the plugins' peak RSS per 1,000 cycles and the
# log's files and sizes.
#
#   bash bench/soak.sh                         10,000 cycles, 8 at a time, 5% of ADDs killed
#   bash bench/soak.sh --cycles 200            a short run
#   bash bench/soak.sh --help                  every option
#
# Exits 0 when nothing leaked and every call that was not killed succeeded, 1 otherwise (and 2 on a bad option).
# Everything lives in network namespaces named $PREFIX-* and a temp dir, deleted however the script ends.
set -euo pipefail
# EPOCHREALTIME prints its decimal point per locale; the arithmetic below needs a '.'.
export LC_ALL=C

bench_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$bench_dir")
# shellcheck source=bench/lib.sh
. "$bench_dir/lib.sh"

usage() {
  cat <<EOF
usage: bash bench/soak.sh [options]
  --cycles N          ADD/DEL cycles (default 10000)
  --parallel N        cycles at a time (default 8)
  --kill-percent P    share of ADDs SIGKILLed, 0-100 (default 5)
  --kill-window-ms M  a killed ADD is killed after a random 0..M ms (default 40: well inside an ADD)
  --log-max-bytes B   the plugins' logMaxBytes (default 10485760, the plugin's default)
  --log-max-files N   the plugins' logMaxFiles (default 3, the plugin's default)
kill -USR1 on the script's pid stops it early: the cycles under way finish, then the checks and figures.
EOF
}

# ---------------------------------------------------------------- one worker (inside the node namespace)
# cycle I: a fresh pod namespace, an ADD (killed or not), the DEL(s), the namespace deleted. Appends
# "cycle<TAB>killed<TAB>add-rc<TAB>del-rc<TAB>del-empty-rc<TAB>add-ms" to $WORK/cycles.tsv.
cycle() {
  local i=$1 port=$2 cid="soak-$1" pod="$PREFIX-c$1" killed=0 add_rc del_rc del2_rc=- t0 t1 pid
  local caps="{\"portMappings\":[{\"hostPort\":$port,\"containerPort\":80,\"protocol\":\"tcp\"}],\"bandwidth\":{\"ingressRate\":10000000,\"ingressBurst\":524288,\"egressRate\":20000000,\"egressBurst\":524288}}"
  ip netns add "$pod"
  t0=$EPOCHREALTIME
  if (((RANDOM * 32768 + RANDOM) % 10000 < KILL_PERCENT * 100)); then
    killed=1
    # Its own process group, so the kill reaches cnictl, the wrappers and the plugin alike (as a runtime's
    # timeout does); setsid execs in place here (a background job is no group leader), so $! is the group.
    CAP_ARGS=$caps setsid cnictl add soak "/var/run/netns/$pod" "$cid" eth0 >"$WORK/out/$1" 2>&1 &
    pid=$!
    sleep "$(printf '0.%03d' $((RANDOM % (KILL_WINDOW_MS + 1))))"
    kill -KILL -- "-$pid" 2>/dev/null || true
    add_rc=0
    wait "$pid" 2>/dev/null || add_rc=$?
  else
    add_rc=0
    CAP_ARGS=$caps timeout -s KILL 120 cnictl add soak "/var/run/netns/$pod" "$cid" eth0 >"$WORK/out/$1" 2>&1 || add_rc=$?
  fi
  t1=$EPOCHREALTIME
  ((killed == 0 && add_rc != 0)) && cp "$WORK/out/$1" "$WORK/failed/$1.add"
  del_rc=0
  CAP_ARGS=$caps timeout -s KILL 120 cnictl del soak "/var/run/netns/$pod" "$cid" eth0 >"$WORK/out/$1" 2>&1 || { del_rc=$?; cp "$WORK/out/$1" "$WORK/failed/$1.del"; }
  if ((killed)); then
    # A runtime that lost the sandbox DELs again without it.
    del2_rc=0
    CAP_ARGS=$caps timeout -s KILL 120 cnictl del soak "" "$cid" eth0 >"$WORK/out/$1" 2>&1 || { del2_rc=$?; cp "$WORK/out/$1" "$WORK/failed/$1.del-empty"; }
  fi
  ip netns del "$pod"
  rm -f "$WORK/out/$1"
  printf '%d\t%d\t%d\t%d\t%s\t%d\n' "$i" "$killed" "$add_rc" "$del_rc" "$del2_rc" "$(((${t1/./} - ${t0/./}) / 1000))" >>"$WORK/cycles.tsv"
}

# The cycles w, w+P, w+2P, ... one after another; each worker has its own host port.
worker() {
  local w=$1 i
  for ((i = w; i < CYCLES; i += PARALLEL)); do
    [ -e "$WORK/stop" ] && break
    cycle "$i" $((20000 + w))
  done
}

drive() {
  : "${WORK:?}" "${PREFIX:?}" "${CYCLES:?}" "${PARALLEL:?}" "${KILL_PERCENT:?}" "${KILL_WINDOW_MS:?}"
  export NETCONFPATH="$WORK/net.d" CNI_CACHE_DIR="$WORK/cache" CNI_PATH="$WORK/bin"
  local w pids=() start=$EPOCHREALTIME
  for ((w = 0; w < PARALLEL; w++)); do
    worker "$w" &
    pids+=($!)
  done
  local failed=0
  for w in "${pids[@]}"; do wait "$w" || failed=1; done
  echo $((${EPOCHREALTIME/./} - ${start/./})) >"$WORK/elapsed-us"
  return "$failed"
}

if [ "${SOAK_DRIVE:-}" = 1 ]; then
  drive
  exit $?
fi

# ---------------------------------------------------------------- options and set-up
CYCLES=10000 PARALLEL=8 KILL_PERCENT=5 KILL_WINDOW_MS=40 LOG_MAX_BYTES=10485760 LOG_MAX_FILES=3
while (($#)); do
  case $1 in
    --cycles) CYCLES=${2-} ;;
    --parallel) PARALLEL=${2-} ;;
    --kill-percent) KILL_PERCENT=${2-} ;;
    --kill-window-ms) KILL_WINDOW_MS=${2-} ;;
    --log-max-bytes) LOG_MAX_BYTES=${2-} ;;
    --log-max-files) LOG_MAX_FILES=${2-} ;;
    -h | --help) usage; exit 0 ;;
    *) echo "soak: unknown option '$1'" >&2; usage >&2; exit 2 ;;
  esac
  shift 2 || { echo "soak: $1 needs a value" >&2; usage >&2; exit 2; }
done
for pair in "cycles:$CYCLES:1" "parallel:$PARALLEL:1" "kill-percent:$KILL_PERCENT:0" "kill-window-ms:$KILL_WINDOW_MS:0" "log-max-bytes:$LOG_MAX_BYTES:0" "log-max-files:$LOG_MAX_FILES:1"; do
  IFS=: read -r name value min <<<"$pair"
  [[ $value =~ ^[0-9]+$ ]] && ((value >= min)) || { echo "soak: --$name must be a whole number >= $min, got '$value'" >&2; exit 2; }
done
((KILL_PERCENT <= 100 && KILL_WINDOW_MS <= 999)) || { echo "soak: --kill-percent is at most 100 and --kill-window-ms at most 999" >&2; exit 2; }

[ "$(id -u)" = 0 ] || die "run as root: it creates network namespaces, bridges and veths"
command -v cnictl >/dev/null 2>&1 || die "cnictl is not on PATH: run ./build.sh setup"
[ -x /usr/bin/time ] || die "/usr/bin/time is missing (it measures each call's peak RSS): apt-get install time"
hz_dir=$(dirname "$HZ_BIN")
for type in humanz-cni humanz-portmap humanz-bandwidth; do
  [ -e "$hz_dir/$type" ] || die "$hz_dir/$type is missing: run ./build.sh publish"
done

bench_workspace hzsoak
node="$PREFIX-node"
bridge="hzsk$((RANDOM % 10000))"
mkdir -p "$WORK/net.d" "$WORK/cache" "$WORK/bin" "$WORK/tmp" "$WORK/out" "$WORK/failed" "$WORK/log"
log="$WORK/log/humanz-cni.log"
: >"$WORK/cycles.tsv"
: >"$WORK/calls.tsv"

# Each plugin type runs behind a wrapper in CNI_PATH that records, per call, the container, the verb, the type,
# the peak RSS (GNU time: the plugin's own ru_maxrss), and the CNI error code of a failure.
for type in humanz-cni humanz-portmap humanz-bandwidth; do
  cat >"$WORK/bin/$type" <<EOF
#!/bin/bash
out=\$(/usr/bin/time -q -f %M -o "$WORK/tmp/rss.\$\$" "$hz_dir/$type" "\$@")
rc=\$?
printf '%s' "\$out"
code=-
if [ \$rc != 0 ]; then code=\$(grep -o '"code": *[0-9]*' <<<"\$out" | grep -o '[0-9]*\$' || echo "exit\$rc"); fi
printf '%s\t%s\t%s\t%s\t%s\n' "\$CNI_CONTAINERID" "\$CNI_COMMAND" $type "\$(cat "$WORK/tmp/rss.\$\$" 2>/dev/null)" "\$code" >>"$WORK/calls.tsv"
rm -f "$WORK/tmp/rss.\$\$"
exit \$rc
EOF
  chmod +x "$WORK/bin/$type"
done

logging="\"logFile\":\"$log\",\"logMaxBytes\":$LOG_MAX_BYTES,\"logMaxFiles\":$LOG_MAX_FILES"
printf '%s\n' "{\"cniVersion\":\"1.0.0\",\"name\":\"soak\",\"plugins\":[
 {\"type\":\"humanz-cni\",\"bridge\":\"$bridge\",\"subnet\":\"100.100.77.0/24\",\"ipMasq\":true,\"nonMasqueradeCidrs\":[\"100.100.0.0/16\"],$logging,\"ipam\":{\"dataDir\":\"$WORK/leases\"}},
 {\"type\":\"humanz-portmap\",\"capabilities\":{\"portMappings\":true},$logging},
 {\"type\":\"humanz-bandwidth\",\"capabilities\":{\"bandwidth\":true},$logging}]}" >"$WORK/net.d/10-soak.conflist"

ip netns add "$node"
ip -n "$node" link set lo up
in_node() { nsenter --net="/var/run/netns/$node" "$@"; }

# A first pod makes the bridge (which stays, as on a node); what the node holds after its DEL is the baseline.
drive_env=(env SOAK_DRIVE=1 WORK="$WORK" PREFIX="$PREFIX" HZ_BIN="$HZ_BIN" PARALLEL=1 KILL_PERCENT=0 KILL_WINDOW_MS=0)
in_node "${drive_env[@]}" CYCLES=1 bash "${BASH_SOURCE[0]}" || die "the warm-up cycle failed: $(cat "$WORK"/failed/* 2>/dev/null)"
# Without its flags: the bridge's routes say "linkdown" while it has no port, which is not what is compared.
routes() { ip -n "$node" route show table all | sed 's/ linkdown//' | sort; }
routes >"$WORK/routes.before"
: >"$WORK/cycles.tsv"
: >"$WORK/calls.tsv"
rm -f "$log"*

echo "soak: $CYCLES cycles, $PARALLEL at a time, ${KILL_PERCENT}% of ADDs killed within ${KILL_WINDOW_MS} ms; node namespace $node" >&2
in_node "${drive_env[@]}" CYCLES="$CYCLES" PARALLEL="$PARALLEL" KILL_PERCENT="$KILL_PERCENT" KILL_WINDOW_MS="$KILL_WINDOW_MS" bash "${BASH_SOURCE[0]}" &
driver=$!
# SIGUSR1 ends the run early but cleanly: every worker finishes its cycle, then the checks and figures follow.
trap 'touch "$WORK/stop"; echo "soak: stopping after the cycles under way" >&2' USR1
for ((tick = 1; ; tick++)); do
  sleep 1
  kill -0 "$driver" 2>/dev/null || break
  ((tick % 15)) || echo "soak: $(wc -l <"$WORK/cycles.tsv")/$CYCLES cycles" >&2
done
wait "$driver" || true
elapsed_us=$(cat "$WORK/elapsed-us" 2>/dev/null || echo 1)

# ---------------------------------------------------------------- leaks
leaks=0
leak() {
  local what=$1 found=$2
  if [ -n "$found" ]; then
    leaks=$((leaks + 1))
    printf '  LEAK %-22s %s\n' "$what" "$(head -c 2000 <<<"$found")"
  else
    printf '  ok   %s\n' "$what"
  fi
}
echo
echo "Left behind:"
leak "links, ifbs" "$(ip -n "$node" -o link show | awk -F': ' '{ sub(/@.*/, "", $2); print $2 }' | grep -vx -e lo -e "$bridge" | tr '\n' ' ')"
leak "qdiscs" "$(tc -n "$node" qdisc show | grep -v -e ' dev lo ' -e " dev $bridge " | grep -v '^qdisc noqueue 0: dev' || true)"
# Spare lease files (README's lease store) are kept on purpose; one holding anything but spaces is a leak.
leak "leases" "$(find "$WORK/leases" -type f ! -name lock ! -name 'last_reserved_ip.*' ! -name 'humanz.boot_id*' 2>/dev/null |
  while read -r file; do
    case ${file##*/} in humanz.spare.*) [ -z "$(tr -d ' ' <"$file")" ] && continue ;; esac
    printf '%s ' "${file##*/}"
  done)"
leak "nftables rules, sets" "$(in_node nft list ruleset)"
# Entries naming a pod's address (the bridge's own IGMP reports from the gateway .1 are no pod's).
leak "conntrack entries" "$(in_node cat /proc/net/nf_conntrack 2>/dev/null | grep -E '=100\.100\.77\.([2-9][0-9]*|1[0-9]+) ' || true)"
# The bridge's IPv6 link-local and multicast routes come with its carrier, after the baseline or not: not a pod's.
leak "routes" "$(routes | diff "$WORK/routes.before" - | grep '^[<>]' | grep -v -e ' fe80::' -e ' ff00::/8 ' || true)"
leak "result cache entries" "$(find "$WORK/cache" -type f -printf '%f ' 2>/dev/null)"
leak "pod namespaces" "$(ip netns list | awk -v p="$PREFIX-c" 'index($1, p) == 1 { printf "%s ", $1 }')"
leak "processes" "$(pgrep -a -f -- "$WORK/" | grep -v -e "^$$ " || true)"

# ---------------------------------------------------------------- figures
done_cycles=$(wc -l <"$WORK/cycles.tsv")
stopped=0
[ -e "$WORK/stop" ] && stopped=1 && echo "(stopped early by SIGUSR1)"
echo
awk -F'\t' -v us="$elapsed_us" -v want="$CYCLES" '
  { n++; k += $2; if ($2) { if ($3 == 137) landed++; else if ($3 == 0) late++; else kother++ } else if ($3 != 0) addf++
    if ($4 != 0) delf++; if ($5 != "-" && $5 != 0) del2f++; if (!$2) { ms[++m] = $6 } }
  END {
    printf "Cycles: %d of %d in %.1f s: %.1f cycles/s\n", n, want, us / 1e6, n / (us / 1e6)
    printf "Killed ADDs: %d (%d killed mid-call, %d finished before the kill, %d other exits)\n", k, landed, late, kother
    printf "Failed cnictl calls: ADD (not killed) %d, DEL %d, DEL without netns %d\n", addf, delf, del2f
  }' "$WORK/cycles.tsv"
echo "Plugin calls that failed, by verb, type and CNI code (killed calls record nothing):"
# A count of its own: length() of an array that was never assigned makes it a scalar in gawk, and "for (k in c)" then fails.
awk -F'\t' '$5 != "-" { c[$2 " " $3 " code " $5]++; failed++ } END { if (!failed) print "  none"; else for (k in c) printf "  %-40s %d\n", k, c[k] }' "$WORK/calls.tsv" | sort
echo "Peak RSS per call, KiB (max per 1,000 cycles; calls: ADD and DEL):"
printf '  %-13s %11s %15s %17s %7s\n' cycles humanz-cni humanz-portmap humanz-bandwidth calls
awk -F'\t' '
  $4 ~ /^[0-9]+$/ { i = substr($1, 6) + 0; b = int(i / 1000); n[b]++; if ($4 > m[b, $3]) m[b, $3] = $4; if (b > top) top = b }
  END { for (b = 0; b <= top; b++) if (n[b]) printf "  %5d-%-7d %11d %15d %17d %7d\n", b * 1000, b * 1000 + 999, m[b, "humanz-cni"], m[b, "humanz-portmap"], m[b, "humanz-bandwidth"], n[b] }' "$WORK/calls.tsv"
echo "Plugin log (logMaxBytes $LOG_MAX_BYTES, logMaxFiles $LOG_MAX_FILES):"
total=0
for f in "$log" "$log".*; do
  [ -e "$f" ] || continue
  size=$(stat -c %s "$f")
  total=$((total + size))
  printf '  %-20s %10d bytes %7d lines\n' "$(basename "$f")" "$size" "$(wc -l <"$f")"
done
printf '  %-20s %10d bytes\n' total "$total"

failures=$(cat "$WORK"/failed/* 2>/dev/null | head -c 3000 || true)
[ -z "$failures" ] || { echo; echo "First failures:"; echo "$failures"; }
((leaks == 0 && (done_cycles == CYCLES || stopped))) && [ -z "$failures" ] || exit 1
