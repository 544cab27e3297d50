#!/usr/bin/env bash
# Start-up: a CNI_COMMAND=VERSION call of humanz-cni (the config on stdin, nothing else to do: what every call
# pays before its work) side by side with a NativeAOT hello world (bench/HelloAot, the SDK's defaults) and the
# reference Go plugin (/usr/lib/cni/bridge), in one run, interleaved. See bench/README.md, "Start-up".
#
#   bash bench/startup.sh                       (RUNS=300 by default)
#   HZ_BASE=/path/to/older/humanz-cni bash bench/startup.sh    also an older build, for before/after
#
# Wall time is fork to reap; CPU time is user + sys of the process as the kernel accounts it (wait4).
# It measures and never judges: exit 0 whatever the figures.
set -euo pipefail
export LC_ALL=C

bench_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$bench_dir")
# shellcheck source=bench/lib.sh
. "$bench_dir/lib.sh"
RUNS=${STARTUP_RUNS:-300}

command -v gcc >/dev/null 2>&1 || die "gcc is missing (./build.sh setup installs it)"
[ -x "$HZ_BIN" ] || die "$HZ_BIN is missing: run ./build.sh publish"
[ -x "$REF_DIR/bridge" ] || die "$REF_DIR/bridge is missing (Debian package containernetworking-plugins)"

bench_workspace hzstartup

gcc -O2 -Wall -Wextra -o "$WORK/spawntime" "$bench_dir/spawntime.c"
dotnet publish "$bench_dir/HelloAot" -c Release -o "$WORK/hello" -nologo -clp:ErrorsOnly >&2
echo '{"cniVersion":"1.0.0","name":"startup","type":"humanz-cni","subnet":"100.100.1.0/24"}' >"$WORK/conf.json"

declare -A binary=([hello-aot]="$WORK/hello/hello-aot" [humanz-cni]="$HZ_BIN" [bridge]="$REF_DIR/bridge")
[ -n "${HZ_BASE:-}" ] && binary[humanz-base]=$HZ_BASE
commands=()
for label in "${!binary[@]}"; do commands+=("$label=${binary[$label]}"); done

CNI_COMMAND=VERSION "$WORK/spawntime" "$RUNS" "$WORK/conf.json" "${commands[@]}" >"$WORK/out"

echo "VERSION start-up, $RUNS interleaved rounds, microseconds (median, min/max):"
printf '  %-12s %22s %22s %10s\n' command "wall" "cpu (user+sys)" size
while read -r label wm wmin wmax cm cmin cmax; do
  printf '  %-12s %8s (%5s/%6s) %8s (%5s/%6s) %9sK\n' "$label" "$wm" "$wmin" "$wmax" "$cm" "$cmin" "$cmax" "$(($(stat -c %s "${binary[$label]}") / 1024))"
done <"$WORK/out"
awk '{ wall[$1] = $2; cpu[$1] = $5 }
  END {
    printf "  humanz-cni - hello-aot: wall %+d us, cpu %+d us (target: at most +500)\n", wall["humanz-cni"] - wall["hello-aot"], cpu["humanz-cni"] - cpu["hello-aot"]
    printf "  humanz-cni / bridge:    wall %.2f, cpu %.2f (target: at most 1.00)\n", wall["humanz-cni"] / wall["bridge"], cpu["humanz-cni"] / cpu["bridge"]
  }' "$WORK/out"
