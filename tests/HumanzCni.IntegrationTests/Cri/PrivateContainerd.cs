using System.Net.Sockets;
using Grpc.Core;
using Grpc.Net.Client;
using HumanzCni.IntegrationTests.Cri.Api;
using HumanzCni.Native;

namespace HumanzCni.IntegrationTests.Cri;

/// <summary>
/// A containerd of the test's own, the kubelet's path to CNI (CRI -> go-cni -> libcni): root, state, runc root,
/// gRPC socket and config in a temp dir (/tmp/hzcri-*), the CRI plugin's CNI bin and conf dirs given by the test,
/// pod netns mounts under its state dir. It runs inside the test node's network namespace (nsenter --net only, so
/// its mounts stay visible to the test), so the bridge and veths the plugin makes never touch the machine's own
/// networking. Dispose stops it, kills any shim (and its pause process) still serving it, unmounts whatever is
/// left mounted under its dir, and removes the dir.
/// </summary>
internal sealed class PrivateContainerd : IDisposable
{
    /// <summary>The containerd namespace the CRI plugin works in.</summary>
    public const string CriNamespace = "k8s.io";

    private readonly BackgroundProcess _process;
    private readonly GrpcChannel _channel;

    private PrivateContainerd(string directory, BackgroundProcess process)
    {
        Directory = directory;
        _process = process;
        _channel = GrpcChannel.ForAddress("http://localhost", new GrpcChannelOptions { HttpHandler = UnixSocketHandler(Socket) });
        Runtime = new RuntimeService.RuntimeServiceClient(_channel);
    }

    public string Directory { get; }

    public string Socket => Path.Combine(Directory, "containerd.sock");

    public RuntimeService.RuntimeServiceClient Runtime { get; }

    /// <summary>
    /// The cgroup parent (cgroupfs, v1 here) to give sandboxes: named after the temp dir, so runs never share one,
    /// and removed on Dispose (runc removes each sandbox's own cgroup, never the parent it created).
    /// </summary>
    public string CgroupParent => "/" + Path.GetFileName(Directory);

    /// <summary>What containerd logged so far (for failure messages).</summary>
    public string Log => _process.Output;

    /// <summary>Starts containerd with the CRI plugin on <paramref name="snapshotter"/> and waits until its CRI answers.</summary>
    public static PrivateContainerd Start(TestNamespace node, string cniBinDir, string cniConfDir, string snapshotter)
    {
        // The CRI's stream server listens on 127.0.0.1 of the node namespace, whose lo starts down.
        node.Run(netlink => netlink.SetUp(netlink.GetLink("lo")!.Index));
        var directory = System.IO.Directory.CreateTempSubdirectory("hzcri-").FullName;
        var config = Path.Combine(directory, "config.toml");
        File.WriteAllText(config, Config(directory, cniBinDir, cniConfDir, snapshotter));
        var process = BackgroundProcess.Start("nsenter", [$"--net={node.Path}", "containerd", "--config", config]);
        var containerd = new PrivateContainerd(directory, process);
        try
        {
            containerd.WaitUntilServing();
            return containerd;
        }
        catch
        {
            containerd.Dispose();
            throw;
        }
    }

    /// <summary>`ctr images import` into the CRI's namespace, unpacked for the snapshotter the CRI uses.</summary>
    public void ImportImage(string archive, string snapshotter) =>
        ProcessRunner.Run("ctr", ["--address", Socket, "--namespace", CriNamespace, "images", "import", "--snapshotter", snapshotter, archive])
            .EnsureSuccess($"ctr images import {archive}");

    public void Dispose()
    {
        _channel.Dispose();
        try
        {
            _process.Stop();
        }
        catch (TimeoutException)
        {
            // Killed instead; the clean-up below still runs.
        }

        _process.Dispose();
        KillShims();
        UnmountEverythingUnder(Directory);
        RemoveCgroups(CgroupParent);
        System.IO.Directory.Delete(Directory, recursive: true);
    }

    private static string Config(string directory, string cniBinDir, string cniConfDir, string snapshotter) => $$"""
        version = 2
        root = "{{directory}}/root"
        state = "{{directory}}/state"
        # Snapshotters that need their own file systems only log errors here.
        disabled_plugins = ["io.containerd.snapshotter.v1.btrfs", "io.containerd.snapshotter.v1.zfs", "io.containerd.snapshotter.v1.aufs", "io.containerd.snapshotter.v1.devmapper"]

        [grpc]
          address = "{{directory}}/containerd.sock"

        [ttrpc]
          address = "{{directory}}/containerd.sock.ttrpc"

        [plugins."io.containerd.internal.v1.opt"]
          path = "{{directory}}/opt"

        [plugins."io.containerd.grpc.v1.cri"]
          sandbox_image = "{{PauseImage.Name}}"
          # An ephemeral port on loopback, so parallel runs never collide on the default 10010.
          stream_server_address = "127.0.0.1"
          stream_server_port = "0"
          netns_mounts_under_state_dir = true
          # The sandbox's oom_score_adj (-998) needs CAP_SYS_RESOURCE, which processes here lack; runc's init then
          # fails with "can't get final child's PID from pipe: EOF". Restricted, it keeps containerd's own score.
          restrict_oom_score_adj = true

          [plugins."io.containerd.grpc.v1.cri".containerd]
            snapshotter = "{{snapshotter}}"
            default_runtime_name = "runc"

            [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
              runtime_type = "io.containerd.runc.v2"

              [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
                Root = "{{directory}}/runc"

          [plugins."io.containerd.grpc.v1.cri".cni]
            bin_dir = "{{cniBinDir}}"
            conf_dir = "{{cniConfDir}}"
        """;

    private void WaitUntilServing()
    {
        Eventually.True(
            () =>
            {
                if (_process.HasExited)
                {
                    throw new InvalidOperationException($"containerd exited {_process.ExitCode}:\n{Log}");
                }

                try
                {
                    return File.Exists(Socket) && Runtime.Version(new VersionRequest(), deadline: DateTime.UtcNow.AddSeconds(2)).RuntimeName.Length > 0;
                }
                catch (RpcException)
                {
                    return false;
                }
            },
            TimeSpan.FromSeconds(20),
            () => $"containerd's CRI never answered on {Socket}:\n{Log}");
    }

    private static SocketsHttpHandler UnixSocketHandler(string socketPath) => new()
    {
        ConnectCallback = async (_, cancellation) =>
        {
            var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellation).ConfigureAwait(false);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };

    /// <summary>
    /// A shim outlives containerd by design; after a failed test one may still hold a pause process. Shims name
    /// their containerd's socket on their command line (-address), which tells ours from everyone else's.
    /// </summary>
    private void KillShims()
    {
        foreach (var shim in ProcessIds().Where(pid => CommandLine(pid).Contains(Socket, StringComparison.Ordinal)))
        {
            foreach (var child in ProcessIds().Where(pid => ParentOf(pid) == shim))
            {
                _ = Interop.Kill(child, Interop.SIGKILL);
            }

            _ = Interop.Kill(shim, Interop.SIGKILL);
        }
    }

    /// <summary>Overlay rootfs, /dev/shm and netns mounts a failed run left under <paramref name="directory"/>, deepest first.</summary>
    private static void UnmountEverythingUnder(string directory)
    {
        var mounts = File.ReadAllLines("/proc/self/mountinfo")
            .Select(line => line.Split(' ')[4].Replace("\\040", " ", StringComparison.Ordinal))
            .Where(mountPoint => mountPoint.StartsWith(directory + "/", StringComparison.Ordinal))
            .OrderByDescending(mountPoint => mountPoint.Length);
        foreach (var mountPoint in mounts)
        {
            _ = Interop.Umount2(mountPoint, Interop.MNT_DETACH);
        }
    }

    /// <summary>rmdir of the cgroup parent in every hierarchy, children first (cgroupfs directories go with rmdir only).</summary>
    private static void RemoveCgroups(string parent)
    {
        foreach (var hierarchy in System.IO.Directory.EnumerateDirectories("/sys/fs/cgroup"))
        {
            var root = hierarchy + parent;
            if (!System.IO.Directory.Exists(root))
            {
                continue;
            }

            foreach (var cgroup in System.IO.Directory.EnumerateDirectories(root, "*", SearchOption.AllDirectories).Append(root).OrderByDescending(path => path.Length))
            {
                System.IO.Directory.Delete(cgroup);
            }
        }
    }

    private static IEnumerable<int> ProcessIds() =>
        System.IO.Directory.EnumerateDirectories("/proc").Select(Path.GetFileName).Select(name => int.TryParse(name, out var pid) ? pid : 0).Where(pid => pid > 0);

    private static string CommandLine(int pid) => ReadProcFile(pid, "cmdline").Replace('\0', ' ');

    private static int ParentOf(int pid) =>
        ReadProcFile(pid, "status").Split('\n').FirstOrDefault(line => line.StartsWith("PPid:", StringComparison.Ordinal)) is { } line
            && int.TryParse(line.AsSpan(5).Trim(), out var parent) ? parent : 0;

    /// <summary>A /proc file of a process that may exit meanwhile: empty once it is gone.</summary>
    private static string ReadProcFile(int pid, string name)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/{name}");
        }
        catch (IOException)
        {
            return "";
        }
        catch (UnauthorizedAccessException)
        {
            return "";
        }
    }
}
