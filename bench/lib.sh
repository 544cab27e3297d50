# shellcheck shell=bash
# Shared by the bench scripts (sourced, not run, after they set $root).

# What every script measures, unless the caller says otherwise.
RUNS=${RUNS:-30}
HZ_BIN=${HZ_BIN:-$root/artifacts/bin/humanz-cni}
REF_DIR=${REF_DIR:-/usr/lib/cni}

# die MESSAGE: the script's name, the message, exit 1.
die() { echo "$(basename "$0" .sh) bench: $*" >&2; exit 1; }

# bench_workspace NAME: sets PREFIX (a namespace-name prefix no concurrent run shares) and WORK (a temp
# dir), and traps EXIT/INT/TERM so every namespace named $PREFIX-* and the temp dir are removed however
# the script ends.
bench_workspace() {
  PREFIX="$1-$$-$RANDOM"
  WORK=$(mktemp -d -t "$1.XXXXXX")
  trap bench_cleanup EXIT
  # Turning signals into exit makes the EXIT trap run for Ctrl-C and kill too.
  trap 'exit 130' INT
  trap 'exit 143' TERM
}

bench_cleanup() {
  local rc=$?
  set +e
  trap - EXIT INT TERM
  # One ip process for all deletions; -force keeps going past one that is already gone.
  ip netns list | awk -v p="$PREFIX-" 'index($1, p) == 1 { print "netns del " $1 }' | ip -force -batch - >/dev/null 2>&1
  rm -rf "$WORK"
  exit "$rc"
}

# stats KEY-VALUE-FILE: reads "key<TAB>number" lines, prints "key n median min max" per key.
stats() {
  sort -t $'\t' -k1,1 -k2,2g "$1" | awk -F'\t' '
    function flush() {
      if (n == 0) return
      med = (n % 2) ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
      printf "%s\t%d\t%s\t%s\t%s\n", key, n, med, v[1], v[n]
    }
    $1 != key { flush(); key = $1; n = 0 }
    { v[++n] = $2 }
    END { flush() }'
}

# med KEY [STATS-FILE]: KEY's median from stats' output (default $WORK/stats.tsv).
med() { awk -F'\t' -v k="$1" '$1 == k { print $3 }' "${2:-$WORK/stats.tsv}"; }

# stage_timings LOG PATTERN: humanz-cni logs, per call, its own total and each stage's time, with the part of it
# spent waiting for the kernel in netlink send/recv when the stage made netlink calls:
#   ADD container=bench-direct-hz-7 ... ok 6.984ms [prepare=0.413ms parse=0.001ms veth=1.1ms(kernel=0.62ms) ...]
# For the calls whose line matches PATTERN (e.g. "container=bench-"), prints "VERB/total<TAB>ms",
# "VERB/STAGE<TAB>ms", "VERB/STAGE/kernel<TAB>ms" and "VERB/kernel<TAB>ms" (the call's kernel time over all its
# stages) lines (feed them to stats), and on stderr "VERB/order<TAB>0 stage stage...": the stages in the order
# first logged.
stage_timings() {
  awk -v pattern="$2" '
    / ok / && index($0, pattern) {
      verb = ""; for (i = 1; i <= NF; i++) if ($i == "ADD" || $i == "DEL") { verb = $i; break }
      for (i = 1; i <= NF; i++) if ($i == "ok") { t = $(i + 1); sub(/ms$/, "", t); print verb "/total\t" t }
      s = $0; sub(/.*\[/, "", s); sub(/\].*/, "", s)
      n = split(s, parts, " ")
      total_kernel = 0
      for (j = 1; j <= n; j++) {
        stage = parts[j]; sub(/=.*/, "", stage)
        ms = parts[j]; sub(/^[^=]*=/, "", ms)
        kernel = 0
        # "(kernel=" is 8 characters, "ms)" 3.
        if (match(ms, /\(kernel=[0-9.]+ms\)/)) { kernel = substr(ms, RSTART + 8, RLENGTH - 11); ms = substr(ms, 1, RSTART - 1) }
        sub(/ms$/, "", ms)
        if (!((verb, stage) in seen)) { seen[verb, stage] = 1; order[verb] = order[verb] " " stage }
        print verb "/" stage "\t" ms
        print verb "/" stage "/kernel\t" kernel
        total_kernel += kernel
      }
      print verb "/kernel\t" total_kernel
    }
    END { for (v in order) print v "/order\t0" order[v] > "/dev/stderr" }' "$1"
}

# hz_portmap_conflist BRIDGE SUBNET: the conflist "hzpm" (humanz-cni on BRIDGE with SUBNET, then humanz-portmap)
# on stdout, logging and leasing under $WORK.
hz_portmap_conflist() {
  printf '{"cniVersion":"1.0.0","name":"hzpm","plugins":[{"type":"humanz-cni","bridge":"%s","subnet":"%s","logFile":"%s/humanz-cni.log","ipam":{"dataDir":"%s/leases"}},{"type":"humanz-portmap","capabilities":{"portMappings":true},"logFile":"%s/humanz-cni.log"}]}\n' \
    "$1" "$2" "$WORK" "$WORK" "$WORK"
}
