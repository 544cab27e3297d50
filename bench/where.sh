#!/usr/bin/env bash
# Where an ADD's (and a DEL's) time goes, end to end, by the kernel's own clocks: the same interleaved rounds as
# targets.sh (the floor: bench/noop.c; the kernel floor: bench/kernelfloor.c; humanz-cni, one plugin declaring
# portMappings and bandwidth; the reference: bridge + host-local), ADD then DEL on fresh pod namespaces through
# cnictl (libcni 1.1.2), traced with tracefs (scheduler and exec events of the calls' tasks, with the kernel stack of
# every one that blocks, and a uprobe on cnictl's main.main), and each call's wall time cut into: the shell's fork
# and exec of cnictl, cnictl's Go start-up, libcni before the plugin's fork, the plugin's fork and exec, its start-up
# (exec to its first read of stdin: the dynamic loader and the runtime), its work (to exit_group), its exit, libcni
# after it is gone; and each process's time into on a CPU, runnable but waiting for a CPU (and what ran instead), and
# blocked, by what (rtnl_mutex, RCU, file I/O, a child, ...), for host-local (the reference's second process) too.
# where.awk reads the trace; the report ends with each part of humanz-cni and the reference above the floor.
#
#   bash bench/where.sh                 (RUNS rounds, default 30; at least 25 for the issue)
#   RUNS=3 bash bench/where.sh          (a quick check that it runs)
#   WHERE_TRACE=/tmp/t.txt bash ...     (also keeps the raw trace, with the calls' order in /tmp/t.txt.calls)
#
# Every round has three passes in rotating order, each on fresh pods: "sched" (traced: scheduler events and
# stacks), "sys" (the same plus every system call's entry and exit, for the user/sys split of CPU time) and "plain"
# (not traced: what the tracing costs, per side). A measurement, not a test: exit 0 whatever the figures, 1 when a
# call fails. Namespaces $PREFIX-* and the tracefs instance $PREFIX are always removed.
set -euo pipefail
export LC_ALL=C

bench_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$bench_dir")
# shellcheck source=bench/lib.sh
. "$bench_dir/lib.sh"
readonly nets=(floor kfloor hz ref) passes=(sched sys plain)
# What every traced pass records (the raw_syscalls pair only in sys passes). sys_enter_read is filtered to fd 0:
# the first read of stdin ends a plugin's start-up.
readonly trace_events=(sched/sched_switch sched/sched_wakeup sched/sched_wakeup_new task/task_newtask task/task_rename
  sched/sched_prepare_exec sched/sched_process_exec syscalls/sys_enter_read syscalls/sys_enter_exit_group)
# The names (comm) of every task of a call: the shell's child before its exec, cnictl, the plugins, and the threads
# humanz-cni names (its finalizer; `netns`, the pod-namespace thread of builds before DedicatedThread, which now keeps
# the process's name as Go's threads do). The kernel keeps only the events of tasks so named (a filter on each event),
# so other processes' scheduling costs little.
# where.awk warns when a traced thread is renamed to a name not in this list.
readonly comms=(bash cnictl humanz-cni ".NET Finalizer" netns bridge host-local hz-noop hz-kfloor)

# ---------------------------------------------------------------- timing (inside the node namespace)
measure() {
  : "${WORK:?}" "${PREFIX:?}" "${HZ_DIR:?}" "${WHERE_PID:?}"
  export NETCONFPATH="$WORK/net.d" CNI_CACHE_DIR="$WORK/cache" CNI_PATH="$WORK/bin:$HZ_DIR:$REF_DIR"
  local out="$WORK/out.json" err="$WORK/err.txt" run pod=0 net pass t0 e us cpu t s us cpu t
  # ip netns exec gave this shell a /sys of its own: tracefs is mounted again, in this private mount namespace.
  mkdir -p "$WORK/tracefs"
  mount -t tracefs tracefs "$WORK/tracefs"
  local tr="$WORK/tracefs/instances/$PREFIX"
  : >"$WORK/calls.tsv"
  : >"$WORK/walls.tsv"
  : >"$WORK/trace.txt"

  events() {
    for e in "${trace_events[@]}"; do echo "$1" >"$tr/events/$e/enable"; done
    [ ! -d "$tr/events/hzwhere_$WHERE_PID" ] || echo "$1" >"$tr/events/hzwhere_$WHERE_PID/enable"
    if [ "$2" = sys ]; then echo "$1" >"$tr/events/raw_syscalls/sys_enter/enable" && echo "$1" >"$tr/events/raw_syscalls/sys_exit/enable"; fi
  }
  fail() { cat "$out" "$err" >&2 2>/dev/null; die "$1 failed"; }
  # children_cpu: the CPU time of every child the shell waited for so far, in ms (bash's times, to the ms), in $cpu.
  children_cpu() {
    local user sys
    times >"$WORK/times.txt"
    { read -r _ && read -r user sys; } <"$WORK/times.txt"
    cpu=0
    # Each as MmS.sss (bash prints three decimals).
    for t in "$user" "$sys"; do
      t=${t%s}
      s=${t#*m}
      cpu=$((cpu + ${t%%m*} * 60000 + ${s%.*} * 1000 + 10#${s#*.}))
    done
  }
  # call VERB NET NETNS CID [ARGS]: one cnictl call; its wall time (as targets.sh measures it) and the CPU time of
  # cnictl and its children (getrusage, in every pass alike: what the tracing costs in CPU) to walls.tsv.
  call() {
    local before
    [ "$pass" = plain ] || printf '%s\t%d\t%s\t%s\n' "$pass" "$run" "$2" "${1^^}" >>"$WORK/calls.tsv"
    children_cpu
    before=$cpu
    t0=$EPOCHREALTIME
    ARGS=${5:-} cnictl "$1" "$2" "$3" "$4" eth0 >"$out" 2>"$err" || fail "cnictl $1 $2 $4"
    us=$((${EPOCHREALTIME/./} - ${t0/./}))
    children_cpu
    if ((run > 0)); then
      printf '%s:%s/%s/wall\t%d\n' "$pass" "$2" "${1^^}" "$us" >>"$WORK/walls.tsv"
      printf '%s:%s/%s/rusage\t%d\n' "$pass" "$2" "${1^^}" $(((cpu - before) * 1000)) >>"$WORK/walls.tsv"
    fi
    return 0
  }

  local -A pods=()
  for ((run = 0; run <= RUNS; run++)); do
    local order=("${nets[@]}") rotation=("${passes[@]:run%3}" "${passes[@]:0:run%3}")
    ((run % 2 == 0)) && order=(ref hz kfloor floor)
    for pass in "${rotation[@]}"; do
      if [ "$pass" != plain ]; then events 1 "$pass" && echo 1 >"$tr/tracing_on"; fi
      for net in "${order[@]}"; do
        pod=$((pod + 1))
        pods[$net]="/var/run/netns/$PREFIX-p$pod"
        local args=""
        [ "$net" = kfloor ] && args="IP=100.102.$((pod / 250)).$((pod % 250 + 2))/16"
        call add "$net" "${pods[$net]}" "c-$pass-$net-$run" "$args"
        [ "$net" = floor ] || grep -q '"ips"' "$out" || fail "cnictl add $net (no ips in the result)"
      done
      for net in "${order[@]}"; do call del "$net" "${pods[$net]}" "c-$pass-$net-$run"; done
      if [ "$pass" != plain ]; then
        # The last call's threads may still be switching out for the last time when the shell's wait returns.
        sleep 0.02
        echo 0 >"$tr/tracing_on"
        events 0 "$pass"
        cat "$tr/trace" >>"$WORK/trace.txt"
        echo >"$tr/trace"
        grep -hE '^(overrun|dropped events)' "$tr"/per_cpu/cpu*/stats | grep -qv ' 0$' && die "the trace buffer overflowed in round $run ($pass): raise buffer_size_kb"
      fi
    done
  done
  umount "$WORK/tracefs"
  awk -v root="$BASHPID" -v info="$WORK/info.tsv" -v comms="$(printf '|%s' "${comms[@]}")|" -f "$bench_dir/where.awk" "$WORK/calls.tsv" "$WORK/trace.txt" >"$WORK/figures.tsv"
}

if [ "${WHERE_BENCH_MEASURE:-}" = 1 ]; then
  measure
  exit 0
fi

# ---------------------------------------------------------------- set-up
# The measuring shell runs this file again in the node namespace; should it ever miss the branch above, it must stop
# here rather than set up (and start) another run.
[ -z "${WHERE_BENCH_OUTER:-}" ] || die "the measuring shell did not get WHERE_BENCH_MEASURE=1"
export WHERE_BENCH_OUTER=1
[ "$(id -u)" = 0 ] || die "run as root: it creates network namespaces, bridges and veths, and traces the kernel"
[[ $RUNS =~ ^[1-9][0-9]*$ ]] || die "RUNS must be a positive integer, got '$RUNS'"
((RUNS >= 25)) || echo "where bench: note: RUNS=$RUNS is below the 25 rounds the issue asks for" >&2
for tool in cnictl gcc; do command -v "$tool" >/dev/null 2>&1 || die "$tool is missing: run ./build.sh setup"; done
if [ ! -x "$HZ_BIN" ] || [ "$(basename "$HZ_BIN")" != humanz-cni ]; then die "$HZ_BIN is missing or not named humanz-cni: run ./build.sh publish"; fi
for plugin in bridge host-local; do
  [ -x "$REF_DIR/$plugin" ] || die "$REF_DIR/$plugin is missing: apt-get install containernetworking-plugins"
done
tracing=/sys/kernel/tracing
[ -d "$tracing/instances" ] || mount -t tracefs tracefs "$tracing" 2>/dev/null || die "no tracefs at $tracing"
[ -d "$tracing/events/sched/sched_prepare_exec" ] || die "the kernel has no sched_prepare_exec tracepoint (Linux 6.10 or later)"
[ -d "$tracing/events/syscalls" ] || die "the kernel has no syscall tracepoints (CONFIG_FTRACE_SYSCALLS)"

bench_workspace hzwhere
instance="$tracing/instances/$PREFIX"
uprobe=""
# The tracefs instance goes with the namespaces and the temp dir, however the script ends.
where_cleanup() {
  local rc=$?
  set +e
  rmdir "$instance" 2>/dev/null
  [ -z "$uprobe" ] || echo "-:$uprobe" >>"$tracing/uprobe_events" 2>/dev/null
  (exit "$rc")
  bench_cleanup
}
trap where_cleanup EXIT
node="$PREFIX-node"
mkdir -p "$WORK/net.d" "$WORK/cache" "$WORK/bin"
gcc -static -O2 -o "$WORK/bin/hz-noop" "$bench_dir/noop.c"
gcc -static -O2 -o "$WORK/bin/hz-kfloor" "$bench_dir/kernelfloor.c" 2>"$WORK/gcc.txt" || { cat "$WORK/gcc.txt" >&2; die "gcc kernelfloor.c failed"; }
hz_log="$WORK/humanz-cni.log"
conflist() { printf '{"cniVersion":"1.0.0","name":"%s","plugins":[%s]}\n' "$1" "$2" >"$WORK/net.d/$1.conflist"; }
conflist floor '{"type":"hz-noop"}'
conflist kfloor '{"type":"hz-kfloor","bridge":"kwt0","gateway":"100.102.255.1"}'
conflist hz "{\"type\":\"humanz-cni\",\"bridge\":\"hzw0\",\"subnet\":\"100.100.4.0/24\",\"logFile\":\"$hz_log\",\"ipam\":{\"dataDir\":\"$WORK/leases\"},\"capabilities\":{\"portMappings\":true,\"bandwidth\":true}}"
conflist ref "{\"type\":\"bridge\",\"bridge\":\"refw0\",\"isGateway\":true,\"ipMasq\":false,\"hairpinMode\":true,\"ipam\":{\"type\":\"host-local\",\"ranges\":[[{\"subnet\":\"100.101.4.0/24\"}]],\"routes\":[{\"dst\":\"0.0.0.0/0\"}],\"dataDir\":\"$WORK/leases\"}}"

{
  echo "netns add $node"
  for ((i = 1; i <= ${#nets[@]} * ${#passes[@]} * (RUNS + 1); i++)); do echo "netns add $PREFIX-p$i"; done
} | ip -batch -
ip -n "$node" -batch - <<EOF
link set lo up
link add kwt0 type bridge
address add 100.102.255.1/16 dev kwt0
link set kwt0 up
EOF

mkdir "$instance"
# Mono timestamps agree across CPUs; the tgid of each event's task maps threads to processes. 32 MiB per CPU holds
# a pass of 8 calls many times over. The events are kept by the names of the tasks they concern (see comms; not
# set_event_pid, which on this kernel lost some switches to a traced task woken from a hard interrupt).
echo mono >"$instance/trace_clock"
echo 32768 >"$instance/buffer_size_kb"
echo 1 >"$instance/options/record-tgid"
echo 0 >"$instance/tracing_on"
# named FIELD: "FIELD == name || ..." over comms.
named() { local c f=""; for c in "${comms[@]}"; do f+="${f:+ || }$1 == \"$c\""; done; echo "$f"; }
echo "$(named prev_comm) || $(named next_comm)" >"$instance/events/sched/sched_switch/filter"
for event in sched/sched_wakeup sched/sched_wakeup_new task/task_newtask; do named comm >"$instance/events/$event/filter"; done
named oldcomm >"$instance/events/task/task_rename/filter"
for event in sched/sched_prepare_exec sched/sched_process_exec syscalls/sys_enter_exit_group raw_syscalls/sys_enter raw_syscalls/sys_exit; do
  named COMM >"$instance/events/$event/filter"
done
echo "fd == 0 && ($(named COMM))" >"$instance/events/syscalls/sys_enter_read/filter"
# cnictl's main.main, a uprobe: where the Go runtime's start-up ends and libcni's work begins. uprobe_events takes
# a file offset: the symbol's address less its LOAD segment's address plus that segment's offset.
cnictl=$(command -v cnictl)
main_offset=""
main_addr=$(readelf -sW "$cnictl" 2>/dev/null | awk '$8 == "main.main" { print $2 }')
if [ -n "$main_addr" ]; then
  while read -r seg_offset seg_addr seg_size; do
    if ((16#$main_addr >= seg_addr && 16#$main_addr < seg_addr + seg_size)); then
      main_offset=$(printf '0x%x' $((16#$main_addr - seg_addr + seg_offset)))
    fi
  done < <(readelf -lW "$cnictl" | awk '$1 == "LOAD" { print $2, $3, $5 }')
fi
if [ -n "$main_offset" ]; then
  uprobe="hzwhere_$$/cnictl_main"
  echo "p:$uprobe $cnictl:$main_offset" >>"$tracing/uprobe_events"
else
  echo "where bench: cnictl has no main.main symbol: its Go start-up and libcni's work before the plugin stay one part" >&2
fi
# A task that blocks (interruptible or not) leaves its kernel stack: what it waits for.
echo "stacktrace if prev_state & 3 && ($(named prev_comm))" >"$instance/events/sched/sched_switch/trigger"

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
echo "where bench: $RUNS rounds x ${#passes[@]} passes, interleaved; node namespace $node; load average $load_before" >&2
start=$EPOCHREALTIME
WHERE_BENCH_MEASURE=1 WHERE_PID=$$ RUNS=$RUNS WORK=$WORK PREFIX=$PREFIX HZ_DIR=$(dirname "$HZ_BIN") REF_DIR=$REF_DIR \
  ip netns exec "$node" bash "${BASH_SOURCE[0]}" || { tail -n 5 "$hz_log" >&2 2>/dev/null; exit 1; }
elapsed=$(((${EPOCHREALTIME/./} - ${start/./}) / 1000000))
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

# ---------------------------------------------------------------- report
cat "$WORK/figures.tsv" "$WORK/walls.tsv" >"$WORK/all.tsv"
stats "$WORK/all.tsv" >"$WORK/stats.tsv"
# humanz-cni's own log of the timed calls (both traced passes and the plain one).
stage_timings "$hz_log" "container=c-" 2>/dev/null | grep -E '^(ADD|DEL)/(total|kernel)	' >"$WORK/hz-log.tsv" || true
stats "$WORK/hz-log.tsv" >"$WORK/hz-log-stats.tsv"

ms() { awk -v v="${1:-}" 'BEGIN { if (v == "") printf "-"; else printf "%.2f", v / 1000 }'; }
m() { ms "$(med "$1")"; }
# The name each side's plugin (or its child) ran as, from the trace.
ran() { awk -F'\t' -v k="sched:$1/$2" -v w="$3" '$1 == "name" && $2 == k && $3 == w { n = $4; sub(/.*\//, "", n); print n }' "$WORK/info.tsv"; }
row() { printf '  %-50s %15s %15s %15s %24s\n' "$@"; }
# cells LABEL OP PASS ITEM...: a row with, per side, the items' medians joined by "/".
cells() {
  local label=$1 op=$2 pass=$3 cells=() net item cell
  shift 3
  for net in "${nets[@]}"; do
    cell=""
    for item in "$@"; do cell+="${cell:+/}$(m "$pass:$net/$op/$item")"; done
    cells+=("$cell")
  done
  row "$label" "${cells[@]}"
}
# means LABEL OP PASS ITEM: a row of the item's means (for CPU times bash counts to the ms).
means() {
  local label=$1 op=$2 pass=$3 item=$4 cells=() net
  for net in "${nets[@]}"; do
    cells+=("$(awk -F'\t' -v k="$pass:$net/$op/$item" '$1 == k { s += $2; n++ } END { if (n) printf "%.2f", s / n / 1000; else printf "-" }' "$WORK/all.tsv")")
  done
  row "$label" "${cells[@]}"
}
# Blocked reasons of a process over its life (cnictl's but its wait for the plugin), worst first, as "reason ms" (the side's medians, those >= 0.05 ms).
reasons() {
  awk -F'\t' -v p="sched:$1/$2/$3/own/blocked:" 'index($1, p) == 1 && $3 >= 50 { printf "%s\t%.2f\n", substr($1, length(p) + 1), $3 / 1000 }' \
    "$WORK/stats.tsv" | sort -t $'\t' -k2,2gr | awk -F'\t' '{ printf "%s%s %s", (NR > 1 ? ", " : ""), $1, $2 }'
}

# What ran while a side's processes (plugin: the plugin and its child) waited for a CPU, worst first.
instead() {
  awk -F'\t' -v k="sched:$1/$2" -v r="$3" '$1 == "instead" && $2 == k && $3 == r && $5 >= 50 { printf "%s\t%.2f\n", $4, $5 / 1000 }' "$WORK/info.tsv" |
    sort -t $'\t' -k2,2gr | head -n 4 | awk -F'\t' '{ printf "%s%s %s", (NR > 1 ? ", " : ""), $1, $2 }'
}

commit=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)
echo
echo "Where an ADD's and a DEL's time goes, end to end: $RUNS rounds, medians in ms; commit $commit; $(nproc) cores;"
echo "kernel $(uname -r); load average $load_before at the start, $load_after at the end; $elapsed s"
echo "floor: static C no-op; kernel floor: kernelfloor.c; humanz-cni: one plugin (portMappings + bandwidth declared);"
echo "reference: $REF_DIR bridge + host-local. Parts are medians of their own: they need not add up to the total."
for op in ADD DEL; do
  echo
  row "$op" floor "kernel floor" humanz-cni reference
  cells "wall through cnictl, not traced (as targets.sh)" "$op" plain wall
  cells "wall, traced: scheduler / and system calls" "$op" sched wall
  cells "" "$op" sys wall
  means "CPU of the call, getrusage, mean: not traced" "$op" plain rusage
  means "  traced: scheduler / and system calls" "$op" sched rusage
  means "" "$op" sys rusage
  means "  the trace's own sum of the call's CPU, mean" "$op" sched parts/cpu
  cells "traced: the shell's fork of cnictl -> cnictl gone" "$op" sched total
  cells "  the shell forks and execs cnictl" "$op" sched cnictl/start
  cells "  cnictl's Go runtime start-up (exec -> main.main)" "$op" sched cnictl/before
  cells "  libcni before the plugin (main -> plugin's fork)" "$op" sched cnictl/libcni
  cells "  plugin: cnictl's fork -> exec / exec itself" "$op" sched plugin/start plugin/exec
  cells "  plugin: start-up (exec -> first read of stdin)" "$op" sched plugin/startup
  cells "  plugin: work (stdin read -> exit_group)" "$op" sched plugin/work
  cells "    of which host-local, fork -> gone" "$op" sched child/all
  cells "      host-local: fork / exec / start-up / work / exit" "$op" sched child/start child/exec child/startup child/work child/exit
  cells "  plugin: exit (exit_group -> last thread gone)" "$op" sched plugin/exit
  cells "  libcni after the plugin is gone" "$op" sched cnictl/after
  cells "plugin process, fork -> gone" "$op" sched plugin/all
  cells "  on a CPU / runnable, waiting / blocked" "$op" sched plugin/all/run plugin/all/wait plugin/all/blocked
  cells "  CPU time of all its threads" "$op" sched plugin/all/cpu
  cells "  sys pass: CPU time / of it in system calls" "$op" sys plugin/all/cpu plugin/all/sys
  cells "  start-up: on a CPU / runnable / blocked" "$op" sched plugin/startup/run plugin/startup/wait plugin/startup/blocked
  cells "  work: on a CPU / runnable / blocked" "$op" sched plugin/work/run plugin/work/wait plugin/work/blocked
  cells "host-local: on a CPU / runnable / blocked" "$op" sched child/all/run child/all/wait child/all/blocked
  cells "  sys pass: CPU time / of it in system calls" "$op" sys child/all/cpu child/all/sys
  cells "cnictl start-up: on a CPU / runnable / blocked" "$op" sched cnictl/before/run cnictl/before/wait cnictl/before/blocked
  cells "cnictl libcni: on a CPU / runnable / blocked" "$op" sched cnictl/libcni/run cnictl/libcni/wait cnictl/libcni/blocked
  cells "cnictl after: on a CPU / runnable / blocked" "$op" sched cnictl/after/run cnictl/after/wait cnictl/after/blocked
  cells "cnictl start-up, libcni, after: CPU time" "$op" sched cnictl/before/cpu cnictl/libcni/cpu cnictl/after/cpu
  cells "cnictl while the plugin runs: CPU time" "$op" sched cnictl/plugin/cpu
  for net in "${nets[@]}"; do
    child=$(ran "$net" "$op" child)
    echo "  $net ($(ran "$net" "$op" plugin)${child:+ + $child}), blocked, median ms over the process's life (cnictl: but the plugin's):"
    echo "    plugin: $(reasons "$net" "$op" plugin)"
    [ -z "$child" ] || echo "    $child: $(reasons "$net" "$op" child)"
    echo "    cnictl: $(reasons "$net" "$op" cnictl)"
    echo "    runnable, what the CPU ran instead (mean ms per call, >= 0.05): plugin$([ -z "$child" ] || echo " + $child"): $(instead "$net" "$op" plugin); cnictl: $(instead "$net" "$op" cnictl)"
  done
  kernel=$(med "$op/kernel" "$WORK/hz-log-stats.tsv")
  echo "  humanz-cni's own log (all passes): total $(med "$op/total" "$WORK/hz-log-stats.tsv") ms$(awk -v k="$kernel" 'BEGIN { if (k > 0) printf ", in netlink send/recv %s ms", k }')"
done
echo
echo "Above the floor: each part's median for the side less the floor's (ms). The plugin's and, for the reference,"
echo "host-local's: (a) start-up = fork, exec, loader and runtime up to the read of stdin, and exit; (b) kernel = blocked"
echo "in the work on anything but its own child or parent, and CPU time in system calls (sys pass); (c) own CPU = on a"
echo "CPU in the work less (b)'s system calls; runnable = waiting for a CPU in the work; (d) libcni = cnictl from main.main"
echo "to the plugin's fork, and after the plugin is gone. The rest: the shell's fork and exec of cnictl, cnictl's Go start-up."
# mean_above KEY FLOOR-KEY: the difference of the keys' means in ms (for CPU times bash counts to the ms).
mean_above() {
  awk -F'\t' -v a="$1" -v b="$2" '$1 == a { sa += $2; na++ } $1 == b { sb += $2; nb++ }
    END { if (na && nb) printf "%.2f", (sa / na - sb / nb) / 1000; else printf "-" }' "$WORK/all.tsv"
}
above_floor() { awk -v a="$(med "$1")" -v b="$(med "$2")" 'BEGIN { if (a == "" || b == "") printf "-"; else printf "%.2f", (a - b) / 1000 }'; }
for op in ADD DEL; do
  printf '  %-4s %-38s %12s %12s\n' "$op" "" humanz-cni reference
  for part in "total (traced):total" "(a) start-up and exit:parts/startup" "  of which runnable, not running:parts/startup-wait" "(b) kernel, blocked:parts/kernel" \
    "(b) kernel, system calls:parts/sys:sys" "(c) own CPU (on a CPU less (b) sys):parts/run" "runnable in the work, not running:parts/wait" \
    "(d) libcni before and after:parts/libcni" "    cnictl's CPU while the plugin runs:cnictl/plugin/cpu" \
    "not traced, wall (as targets.sh):wall:plain" "CPU (getrusage, mean), not traced:rusage:plain"; do
    IFS=: read -r label item pass <<<"$part"
    pass=${pass:-sched}
    if [ "$item" = rusage ]; then
      hz=$(mean_above "$pass:hz/$op/$item" "$pass:floor/$op/$item")
      ref=$(mean_above "$pass:ref/$op/$item" "$pass:floor/$op/$item")
    else
      hz=$(above_floor "$pass:hz/$op/$item" "$pass:floor/$op/$item")
      ref=$(above_floor "$pass:ref/$op/$item" "$pass:floor/$op/$item")
    fi
    if [ "$item" = parts/run ]; then
      sys_hz=$(above_floor "sys:hz/$op/parts/sys" "sys:floor/$op/parts/sys")
      sys_ref=$(above_floor "sys:ref/$op/parts/sys" "sys:floor/$op/parts/sys")
      hz=$(awk -v a="$hz" -v b="$sys_hz" 'BEGIN { printf "%.2f", a - b }')
      ref=$(awk -v a="$ref" -v b="$sys_ref" 'BEGIN { printf "%.2f", a - b }')
    fi
    printf '       %-38s %12s %12s\n' "$label" "$hz" "$ref"
  done
  printf '       %-38s %12s %12s\n' "the CPU ran while the plugin waited:" "" ""
  for kind in kernel call other; do
    printf '         %-36s %12s %12s\n' "$kind" "$(above_floor "sched:hz/$op/parts/instead-$kind" "sched:floor/$op/parts/instead-$kind")" \
      "$(above_floor "sched:ref/$op/parts/instead-$kind" "sched:floor/$op/parts/instead-$kind")"
  done
done
echo "  kernel: kernel threads (kworker, ksoftirqd, rcu_*, ...); call: the call's own tasks (cnictl, the plugins); other:"
echo "  the machine's other processes."

echo
echo "Who ended the blocked stretches (waker's command, ms summed over every traced call of every side):"
awk -F'\t' '$1 == "waker" { print $2 "\t" $3 "\t" $4 }' "$WORK/info.tsv" | sort -t $'\t' -k1,1 -k3,3gr |
  awk -F'\t' '++n[$1] <= 3 { printf "  %-32s %-20s %8.2f\n", $1, $2, $3 / 1000 }'
mkdir -p "$bench_dir/results"
[ -z "${WHERE_TRACE:-}" ] || { cp "$WORK/trace.txt" "$WHERE_TRACE" && cp "$WORK/calls.tsv" "$WHERE_TRACE.calls"; }
cp "$WORK/all.tsv" "$bench_dir/results/where-samples.tsv"
echo "where bench: samples in $bench_dir/results/where-samples.tsv (microseconds)" >&2
