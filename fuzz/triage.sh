#!/usr/bin/env bash
# fuzz/triage.sh TARGET: replays each crash afl-fuzz saved for TARGET (artifacts/fuzz/out/TARGET) and groups them
# by exception and the first HumanzCni frame it escaped from, with one example input per group.
set -euo pipefail
work=$(cd "$(dirname "$0")/.." && pwd)/artifacts/fuzz
target=${1:?usage: fuzz/triage.sh TARGET}
for input in "$work/out/$target"/default/crashes/id*; do
  [ -e "$input" ] || continue
  trace=$(dotnet "$work/bin/HumanzCni.Fuzz.dll" "$target" <"$input" 2>&1 || true)
  exception=$(echo "$trace" | sed -n 's/^\(Unhandled exception\. \)\{0,1\}\(System\.[A-Za-z.]*Exception\): .*/\2/p' | head -1)
  frame=$(echo "$trace" | grep -m1 -o 'at HumanzCni\.[^(]*' | grep -v 'HumanzCni\.Fuzz' || echo "$trace" | grep -m1 -o 'at HumanzCni\.[^(]*')
  printf '%s\t%s\t%s\n' "${exception:-no exception}" "${frame:-?}" "$input"
done | sort -t$'\t' -k1,2 | awk -F'\t' '{ key = $1 " " $2; n[key]++; if (!(key in example)) example[key] = $3 } END { for (k in n) printf "%4d  %s\n      e.g. %s\n", n[k], k, example[k] }'
