#!/usr/bin/env bash
# One entry point for people and CI on a fresh Debian 12 machine with the .NET SDK, run as root:
#   ./build.sh demo     install what is missing, publish, run the demo (humanz-cni demo)
#   ./build.sh test     install what is missing, publish, run every test
#   ./build.sh bench    install what is missing, publish, run the benchmark against the reference plugins
#   ./build.sh publish  only build the NativeAOT binary into artifacts/bin/humanz-cni
#   ./build.sh pack     only pack the framework (HumanzCni.Chain, .Netlink, .Native) into artifacts/packages
#   ./build.sh image    install what is missing, build the image localhost/humanz-cni:VERSION and :latest from
#                       artifacts/bin (published first only when missing: ./build.sh publish refreshes it)
#   ./build.sh setup    only install the system packages and cnictl
#   ./build.sh fuzz SECONDS [TARGET...]  install afl++ if missing, run the SharpFuzz harness (fuzz/) SECONDS per target
set -euo pipefail
cd "$(dirname "$0")"
root=$(pwd)

# Debian packages the tests, demo and bench use: iproute2 (ip netns), ping, the reference CNI plugins
# (/usr/lib/cni) and iptables (the reference portmap needs it) to compare against, nftables (nft, for tests
# to inspect the rules the plugin writes over netlink), socat
# (the port mapping tests' servers and clients), Go + libcni to build cnictl, iperf3 to measure shaped
# throughput, etcd (server and etcdctl) for the node agent's cluster tests, and containerd + runc (with
# gcc and a static libc for its locally built pause image) for the CRI test; gcc and libc's headers also
# build the kill sweep's ptrace tracer (tests/HumanzCni.IntegrationTests/Crash/killtrace.c). podman (after
# runc, so apt need not pull crun for its "crun | runc") builds and runs the image, and libssl3 (TLS) is
# what the image carries for the agent. strace counts the agent's netlink calls in the scale bench. libc6-dev's
# static libc and binutils' objcopy (which strips it) build humanz-cni as a static executable (src/Cli).
# The fuzz command alone also needs AFL++ (installed on demand, so `test` never does).
fuzz_packages=(afl++)
packages=(iproute2 iputils-ping procps time curl nftables iptables socat containernetworking-plugins golang-go golang-github-appc-cni-dev iperf3 etcd-server etcd-client containerd runc gcc libc6-dev binutils podman libssl3 strace)

need_root() {
  if [ "$(id -u)" != 0 ]; then
    echo "run as root: the plugin creates network namespaces, links and routes" >&2
    exit 1
  fi
}

# install_missing PACKAGE...: apt-installs those of the Debian packages that are not installed yet.
install_missing() {
  local missing=()
  for p in "$@"; do
    dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    need_root
    echo "installing: ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

setup() {
  need_root
  install_missing "${packages[@]}"
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

# The framework as NuGet packages in a local feed, for plugins built outside the solution (samples/NuGet.config
# points at it). Each project is its own package: dotnet pack turns a ProjectReference into a dependency on
# the package of the same version, so HumanzCni.Chain brings HumanzCni.Netlink and HumanzCni.Native.
packed_projects=(src/Native src/Netlink src/Chain)
package_feed=artifacts/packages

pack() {
  local project
  rm -rf "$package_feed"
  # The last project (src/Chain) references the others: packing it builds all three, and they pack from that build.
  dotnet pack "${packed_projects[-1]}" -c Release -o "$package_feed" -nologo -clp:ErrorsOnly
  for project in "${packed_projects[@]::${#packed_projects[@]}-1}"; do
    dotnet pack "$project" -c Release -o "$package_feed" -nologo -clp:ErrorsOnly --no-build --no-restore
  done
  # A repack keeps the version, and NuGet never refreshes a version already in its global packages folder:
  # drop those copies, so the next restore of a sample takes what was just packed.
  local cache
  cache=$(dotnet nuget locals global-packages --list | sed 's/^global-packages: //')
  for project in "${packed_projects[@]}"; do
    rm -rf "$cache/$(basename "$project"/*.csproj .csproj | tr '[:upper:]' '[:lower:]')/$(version)"
  done
  echo "packed $(cd "$package_feed" && ls -- *.nupkg | xargs) into $root/$package_feed"
}

# The version of the binaries and the image: one place, Directory.Build.props.
version() {
  sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' Directory.Build.props
}

# podman reads its runtime and storage settings from the repository (deploy/podman), not the machine's defaults.
export CONTAINERS_CONF="$root/deploy/podman/containers.conf"
export CONTAINERS_STORAGE_CONF="$root/deploy/podman/storage.conf"
image_name=localhost/humanz-cni

# Libraries loaded with dlopen, which ldd cannot see: libssl (.NET's TLS: the agent talks HTTPS to the
# Kubernetes API server), which pulls in libcrypto. (The plugin writes its nftables rules over netlink itself.)
dlopened_libraries() {
  echo libssl.so.3
}

# copy_into ROOT FILE: copies FILE into the root dir ROOT at the same path, the file itself rather than a symlink to it.
copy_into() {
  mkdir -p "$1$(dirname "$2")"
  cp -L "$2" "$1$2"
}

# Image build: FROM scratch with a prepared root dir holding the binaries from artifacts/bin, the links for the
# chained plugin types, exactly the shared libraries the agent loads (ldd of it and of the dlopened ones, which
# brings the dynamic loader; humanz-cni is a static executable), and passwd/group/nsswitch.conf. Tagged VERSION and latest; the image these
# tags replace is removed, so rebuilding leaves nothing behind.
image() {
  local started=$SECONDS libraries library binaries old new
  image_context=$(mktemp -d /tmp/humanz-cni-image.XXXXXX)
  trap 'rm -rf "$image_context"' EXIT
  local rootfs=$image_context/rootfs
  mkdir -p "$rootfs/usr/local/bin" "$rootfs/etc"
  cp artifacts/bin/humanz-cni artifacts/bin/humanz-cni-agent "$rootfs/usr/local/bin/"
  for type in "${extra_plugin_types[@]}"; do
    ln -s humanz-cni "$rootfs/usr/local/bin/$type"
  done
  cp deploy/image/etc/* "$rootfs/etc/"
  libraries=$(for library in $(dlopened_libraries); do
      # awk reads to the end: leaving early would kill ldconfig with SIGPIPE, which pipefail and set -e turn into a silent exit.
      ldconfig -p | awk -v name="$library" '$1 == name && /x86-64/ && !found { print $NF; found = 1 }'
    done)
  [ "$(echo "$libraries" | wc -w)" = "$(dlopened_libraries | wc -w)" ] || { echo "missing one of: $(dlopened_libraries | xargs)" >&2; exit 1; }
  # ldd lines: "libc.so.6 => /lib/.../libc.so.6 (0x...)", and the loader as "/lib64/ld-linux-x86-64.so.2 (0x...)".
  for library in $( (ldd artifacts/bin/humanz-cni-agent $libraries \
      | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// && NF == 2 { print $1 }'; echo "$libraries") | sort -u); do
    copy_into "$rootfs" "$library"
  done
  binaries=$(cd artifacts/bin && sha256sum humanz-cni humanz-cni-agent | awk '{ printf "%s%s=%s", (NR > 1 ? " " : ""), $2, $1 }')
  old=$(podman image inspect --format '{{.Id}}' "$image_name:latest" 2>/dev/null || true)
  podman build --quiet --layers=false --build-arg VERSION="$(version)" --build-arg BINARIES="$binaries" \
    -t "$image_name:$(version)" -t "$image_name:latest" -f deploy/image/Containerfile "$image_context" >/dev/null
  new=$(podman image inspect --format '{{.Id}}' "$image_name:latest")
  if [ -n "$old" ] && [ "$old" != "$new" ] && [ -z "$(podman image inspect --format '{{.RepoTags}}' "$old" | tr -d '[]')" ]; then
    podman rmi "$old" >/dev/null
  fi
  echo "built $image_name:$(version) and :latest, $(podman image inspect --format '{{.Size}}' "$new" | numfmt --to=si --round=nearest --format=%.1f --suffix=B) ($(find "$rootfs" -name '*.so*' | wc -l) libraries), in $((SECONDS - started)) s"
}

case "${1:-}" in
  setup) setup ;;
  publish) publish ;;
  pack) pack ;;
  image)
    setup
    [ -x artifacts/bin/humanz-cni ] && [ -x artifacts/bin/humanz-cni-agent ] || publish
    image
    ;;
  demo) setup; publish; exec "$root/artifacts/bin/humanz-cni" demo ;;
  test)
    setup
    publish
    image
    dotnet test HumanzCni.sln -c Release -nologo
    ;;
  bench) setup; publish; exec bash "$root/bench/bench.sh" ;;
  fuzz) install_missing "${fuzz_packages[@]}"; shift; exec bash "$root/fuzz/fuzz.sh" "$@" ;;
  *) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
