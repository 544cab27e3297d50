#!/usr/bin/env bash
# Regenerates src/Cli/method-order.txt, the order in which ILC lays out the plugin's methods (IlcOrderFile in
# src/Cli/HumanzCni.Cli.csproj): every function of the image that one VERSION, one ADD and one DEL (plain and with
# one port mapping) execute, first, in the order they first run, so the code a call touches sits in few pages.
# The kernel maps a file's pages 64 KiB around each fault (fault-around), so with the compiler's own order the
# ~900 functions a call runs, spread over the 2 MB of code, made nearly all of it resident.
#
#   bash bench/method-order.sh     (as root; needs valgrind: apt-get install valgrind)
#
# It publishes the plugin with symbols into a temp dir, runs each call under callgrind (which lists every function
# that ran, however briefly; sampling misses the short ones) in throwaway namespaces named hzorder-*, and keeps the
# functions of the image's own symbol table. Names the compiler no longer emits are ignored by it, so a stale list
# only costs memory, never correctness: rerun this after larger changes to what a call runs.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/bench/lib.sh"
[ "$(id -u)" = 0 ] || die "run as root: it creates network namespaces, bridges and veths"
command -v valgrind >/dev/null 2>&1 || die "valgrind is missing: apt-get install valgrind"

bench_workspace hzorder
# Compiled and linked in the workspace: otherwise the build finds its stripped binary up to date and publishes that.
dotnet publish "$root/src/Cli" -c Release -o "$WORK/bin" -p:StripSymbols=false -p:NativeIntermediateOutputPath="$WORK/native/" \
  -p:NativeOutputPath="$WORK/native-out/" -nologo -clp:ErrorsOnly >&2
# Valgrind cannot read the DWARF ILC writes; the symbol table is all it needs.
strip --strip-debug -o "$WORK/humanz-cni" "$WORK/bin/humanz-cni"

ip netns add "$PREFIX-node"
ip netns exec "$PREFIX-node" ip link set lo up
ip netns add "$PREFIX-pod"
plugin="\"type\":\"humanz-cni\",\"bridge\":\"hzorder0\",\"subnet\":\"100.100.7.0/24\",\"logFile\":\"$WORK/log\",\"ipam\":{\"dataDir\":\"$WORK/leases\"},\"capabilities\":{\"portMappings\":true,\"bandwidth\":true}"
echo "{\"cniVersion\":\"1.0.0\",\"name\":\"hzorder\",$plugin}" >"$WORK/plain.json"
echo "{\"cniVersion\":\"1.0.0\",\"name\":\"hzorder\",\"runtimeConfig\":{\"portMappings\":[{\"hostPort\":18090,\"containerPort\":80,\"protocol\":\"tcp\"}]},$plugin}" >"$WORK/mapping.json"

# call VERB CONFIG [valgrind...]: one call as libcni makes it, in the node namespace.
call() {
  local verb=$1 config=$2
  shift 2
  ip netns exec "$PREFIX-node" env CNI_COMMAND="$verb" CNI_CONTAINERID=hzorder CNI_NETNS="/var/run/netns/$PREFIX-pod" \
    CNI_IFNAME=eth0 CNI_PATH="$REF_DIR" "$@" "$WORK/humanz-cni" <"$config" >"$WORK/out.json" || { cat "$WORK/out.json" >&2; die "$verb failed"; }
}
profile=0
traced() { profile=$((profile + 1)); call "$1" "$2" valgrind -q --log-file="$WORK/valgrind.$profile" --tool=callgrind --demangle=no --callgrind-out-file="$WORK/profile.$profile"; }

echo '{"cniVersion":"1.0.0"}' >"$WORK/version.json"
traced VERSION "$WORK/version.json"
for config in plain mapping; do
  # Untraced first: the node's bridge and tables exist then, as they do for every pod but a node's first.
  call ADD "$WORK/$config.json"
  call DEL "$WORK/$config.json"
  traced ADD "$WORK/$config.json"
  traced DEL "$WORK/$config.json"
done

# Every function of the image that ran, in the order the profiles first name them. Callgrind names a function once
# per file ("fn=(ID) NAME" or, first seen as a callee, "cfn=(ID) NAME"), later by ID alone; "'N" marks a recursion
# level. It files most managed code under an unknown object, so functions are matched by name against the image's
# own code symbols (nm's t/T) instead.
nm "$WORK/humanz-cni" | awk 'NF == 3 && ($2 == "t" || $2 == "T") { print $3 }' >"$WORK/symbols"
for ((i = 1; i <= profile; i++)); do cat "$WORK/profile.$i"; echo "end-of-profile"; done | awk -v symbols="$WORK/symbols" '
  BEGIN { while ((getline s < symbols) > 0) known[s] = 1 }
  $0 == "end-of-profile" { split("", functions); next }
  /^c?fn=\(/ {
    kind = substr($0, 1, index($0, "=") - 1)
    rest = substr($0, index($0, "(") + 1)
    id = substr(rest, 1, index(rest, ")") - 1)
    name = substr(rest, index(rest, ")") + 2)
    if (name != "") functions[id] = name
    if (kind == "fn") {
      name = functions[id]
      sub(/'"'"'[0-9]+$/, "", name)
      if ((name in known) && !(name in listed)) { listed[name] = 1; print name }
    }
  }' >"$root/src/Cli/method-order.txt"
echo "method-order: $(wc -l <"$root/src/Cli/method-order.txt") functions in src/Cli/method-order.txt" >&2
