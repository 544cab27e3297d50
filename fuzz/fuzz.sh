#!/usr/bin/env bash
# ./build.sh fuzz SECONDS [TARGET...]: builds the SharpFuzz harness (JIT: SharpFuzz rewrites the IL of the
# assemblies under test, which NativeAOT would compile away), instruments HumanzCni.Chain, .Stages and .Agent,
# and runs afl-fuzz on each target (default: all) for SECONDS each. Then prints, per target: execs/s, total
# execs, corpus size (paths), crashes and hangs. Exits 1 when any target found a crash or a hang.
# Work and findings go to artifacts/fuzz/ (out/TARGET/default/{crashes,hangs}/ hold the inputs).
set -euo pipefail
cd "$(dirname "$0")"
fuzz_dir=$(pwd)
root=$(cd .. && pwd)
work=$root/artifacts/fuzz
seconds=${1:?usage: ./build.sh fuzz SECONDS [TARGET...]}
shift
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(netconf prevresult runtimeconfig cniargs conflist static)

rm -rf "$work"
mkdir -p "$work/out"
dotnet tool restore >/dev/null
dotnet build "$fuzz_dir/HumanzCni.Fuzz.csproj" -c Release -o "$work/bin" -nologo -clp:ErrorsOnly
# Only the project's own assemblies: the decoders and validators under test. (The BCL's System.Text.Json
# cannot be instrumented in a framework-dependent app; its exceptions still reach the harness.)
for assembly in HumanzCni.Chain HumanzCni.Stages HumanzCni.Agent; do
  dotnet sharpfuzz "$work/bin/$assembly.dll" >/dev/null
done

# Seeds: the committed ones (fuzz/seeds/TARGET) plus the repository's own configs, read afresh each run.
cp -r "$fuzz_dir/seeds" "$work/seeds"
cp "$root"/conflist/*.conflist "$root"/conflist/*.conf "$work/seeds/conflist/"
cp "$root"/conflist/*.conf "$work/seeds/netconf/"

# afl-fuzz runs dotnet, which carries no AFL instrumentation of its own (SharpFuzz's fork server answers
# instead), and must leave this shared machine alone: no CPU binding, no cpufreq or core_pattern changes
# (a crash is SharpFuzz's report, not a core dump).
export AFL_SKIP_BIN_CHECK=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_AFFINITY=1 AFL_NO_UI=1
# A decoder runs in microseconds: an input still running after 2 s is a hang. "+" keeps a seed that
# times out from aborting the run (the first input also pays for the JIT).
timeout_ms=2000+

status=0
rows=()
for target in "${targets[@]}"; do
  echo "fuzzing $target for $seconds s"
  afl-fuzz -i "$work/seeds/$target" -o "$work/out/$target" -x "$fuzz_dir/cni.dict" -V "$seconds" -t "$timeout_ms" -m none \
    -- "$(command -v dotnet)" "$work/bin/HumanzCni.Fuzz.dll" "$target" >"$work/$target.log" 2>&1 || { tail -20 "$work/$target.log" >&2; status=1; continue; }
  stats=$work/out/$target/default/fuzzer_stats
  stat() { sed -n "s/^$1 *: *//p" "$stats"; }
  rows+=("$(printf '%-14s %10s %12s %8s %8s %6s' "$target" "$(stat execs_per_sec)" "$(stat execs_done)" "$(stat corpus_count)" "$(stat saved_crashes)" "$(stat saved_hangs)")")
  if [ "$(stat saved_crashes)" != 0 ] || [ "$(stat saved_hangs)" != 0 ]; then
    status=1
  fi
done

printf '%-14s %10s %12s %8s %8s %6s\n' target execs/s execs paths crashes hangs
printf '%s\n' "${rows[@]}"
if [ "$status" != 0 ]; then
  echo "findings in $work/out/TARGET/default/{crashes,hangs}; replay one with: dotnet $work/bin/HumanzCni.Fuzz.dll TARGET < FILE"
fi
exit "$status"
