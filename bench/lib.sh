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

# hz_portmap_conflist BRIDGE SUBNET: the conflist "hzpm" (humanz-cni on BRIDGE with SUBNET, then humanz-portmap)
# on stdout, logging and leasing under $WORK.
hz_portmap_conflist() {
  printf '{"cniVersion":"1.0.0","name":"hzpm","plugins":[{"type":"humanz-cni","bridge":"%s","subnet":"%s","logFile":"%s/humanz-cni.log","ipam":{"dataDir":"%s/leases"}},{"type":"humanz-portmap","capabilities":{"portMappings":true},"logFile":"%s/humanz-cni.log"}]}\n' \
    "$1" "$2" "$WORK" "$WORK" "$WORK"
}
