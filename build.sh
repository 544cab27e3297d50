#!/usr/bin/env bash
# One entry point for people and CI on a fresh Debian 12 machine with the .NET SDK, run as root:
#   ./build.sh demo     install what is missing, publish, run the demo (humanz-cni demo)
#   ./build.sh test     install what is missing, publish, run every test
#   ./build.sh bench    install what is missing, publish, run the benchmark against the reference plugins
#   ./build.sh publish  only build the NativeAOT binary into artifacts/bin/humanz-cni
#   ./build.sh setup    only install the system packages and cnictl
set -euo pipefail
cd "$(dirname "$0")"
root=$(pwd)

# Debian packages the tests, demo and bench use: iproute2 (ip netns), ping, the reference CNI plugins
# (/usr/lib/cni) and iptables (the reference portmap needs it) to compare against, nftables (libnftables
# for the plugin, nft for tests to inspect), socat
# (the port mapping tests' servers and clients), Go + libcni to build cnictl, iperf3 to measure shaped
# throughput, etcd (server and etcdctl) for the node agent's cluster tests, and containerd + runc (with
# gcc and a static libc for its locally built pause image) for the CRI test; gcc and libc's headers also
# build the kill sweep's ptrace tracer (tests/HumanzCni.IntegrationTests/Crash/killtrace.c).
packages=(iproute2 iputils-ping procps time curl nftables libnftables1 iptables socat containernetworking-plugins golang-go golang-github-appc-cni-dev iperf3 etcd-server etcd-client containerd runc gcc libc6-dev)

need_root() {
  if [ "$(id -u)" != 0 ]; then
    echo "run as root: the plugin creates network namespaces, links and routes" >&2
    exit 1
  fi
}

setup() {
  need_root
  local missing=()
  for p in "${packages[@]}"; do
    dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "installing: ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
  if ! command -v cnictl >/dev/null 2>&1; then
    local builder
    for builder in "$root/../shared/tools/cnictl/build.sh" "$root/shared/tools/cnictl/build.sh"; do
      if [ -f "$builder" ]; then
        bash "$builder" /usr/local/bin/cnictl
        break
      fi
    done
    command -v cnictl >/dev/null 2>&1 || { echo "cnictl is missing and shared/tools/cnictl/build.sh was not found beside the repository" >&2; exit 1; }
  fi
}

# The binary serves every plugin type of BuiltInPlugins (it dispatches on the config's "type"), but a
# runtime executes CNI_PATH/TYPE: each further type is a symlink to it.
extra_plugin_types=(humanz-portmap humanz-bandwidth loopback)

# Two executables: the plugin (kept small, since every CNI call pays for its start-up) and the node
# tooling humanz-cni-agent (chain, agent, install, demo), which `humanz-cni` execs with any argument.
publish() {
  dotnet publish src/Cli -c Release -o artifacts/bin -nologo -clp:ErrorsOnly
  dotnet publish src/AgentCli -c Release -o artifacts/bin -nologo -clp:ErrorsOnly
  for type in "${extra_plugin_types[@]}"; do
    ln -sfn humanz-cni "artifacts/bin/$type"
  done
  echo "built $root/artifacts/bin/humanz-cni (and ${extra_plugin_types[*]} linking to it) and humanz-cni-agent"
}

case "${1:-}" in
  setup) setup ;;
  publish) publish ;;
  demo) setup; publish; exec "$root/artifacts/bin/humanz-cni" demo ;;
  test)
    setup
    publish
    dotnet test HumanzCni.sln -c Release -nologo
    ;;
  bench) setup; publish; exec bash "$root/bench/bench.sh" ;;
  *) sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
