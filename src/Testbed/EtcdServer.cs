using HumanzCni.Native;

namespace HumanzCni.Testbed;

/// <summary>
/// Debian's etcd (/usr/bin/etcd) serving clients on <see cref="TestCluster.EtcdAddress"/>:2379 inside the
/// cluster's etcd host namespace, with a temp data dir. Stop and Start again keep the data (an outage);
/// Dispose kills it and removes the data dir.
/// </summary>
public sealed class EtcdServer : IDisposable
{
    public const string Binary = "/usr/bin/etcd";

    public const int ClientPort = 2379;

    private readonly TestNamespace _host;
    private readonly string _dataDir;
    private BackgroundProcess? _process;

    public EtcdServer(TestNamespace host, string prefix = "hzt")
    {
        _host = host;
        _dataDir = Directory.CreateTempSubdirectory($"{prefix}-etcd-").FullName;
    }

    /// <summary>Whether etcd is installed here (the demo falls back to a static cluster file without it).</summary>
    public static bool IsInstalled => File.Exists(Binary);

    public string Endpoint => $"http://{TestCluster.EtcdAddress}:{ClientPort}";

    /// <summary>The namespace etcd runs in.</summary>
    public TestNamespace Host => _host;

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>Starts etcd and waits until its /health says so.</summary>
    public void Start()
    {
        if (!IsInstalled)
        {
            throw new InvalidOperationException($"{Binary} is missing: install etcd-server (./build.sh setup)");
        }

        _process?.Dispose();
        _process = BackgroundProcess.Start("ip",
        [
            "netns", "exec", _host.Name, Binary,
            "--name", "hzt", "--data-dir", Path.Combine(_dataDir, "data"),
            "--listen-client-urls", Endpoint, "--advertise-client-urls", Endpoint,
            "--listen-peer-urls", "http://127.0.0.1:2380", "--initial-advertise-peer-urls", "http://127.0.0.1:2380",
            "--initial-cluster", "hzt=http://127.0.0.1:2380",
            // Small and quick: a test store, not a production one.
            "--quota-backend-bytes", "67108864", "--heartbeat-interval", "50", "--election-timeout", "500",
        ]);
        Eventually.True(() => _process.HasExited || IsHealthy(), TimeSpan.FromSeconds(30), () => $"etcd did not become healthy:\n{_process.Output}");
        if (_process.HasExited)
        {
            throw new InvalidOperationException($"etcd exited {_process.ExitCode}:\n{_process.Output}");
        }
    }

    /// <summary>Stops etcd (SIGTERM), keeping its data for a later <see cref="Start"/>.</summary>
    public void Stop() => _process?.Stop();

    /// <summary>Kills etcd (SIGKILL: no clean shutdown), keeping its data for a later <see cref="Start"/>.</summary>
    public void Kill()
    {
        _process?.Signal(Interop.SIGKILL);
        _ = _process?.WaitForExit(TimeSpan.FromSeconds(10));
    }

    /// <summary>Deletes etcd's data, as a lost disk or a store restored empty: the next <see cref="Start"/> begins with no key and no lease.</summary>
    public void WipeData()
    {
        if (IsRunning)
        {
            throw new InvalidOperationException("etcd is running: Kill or Stop it before wiping its data");
        }

        var data = Path.Combine(_dataDir, "data");
        if (Directory.Exists(data))
        {
            Directory.Delete(data, recursive: true);
        }
    }

    public void Dispose()
    {
        _process?.Dispose();
        Directory.Delete(_dataDir, recursive: true);
    }

    private bool IsHealthy()
    {
        try
        {
            var reply = NamespaceHttp.Get(_host, TestCluster.EtcdAddress, ClientPort, "/health", TimeSpan.FromSeconds(2));
            return reply.Body.Contains("\"health\":\"true\"", StringComparison.Ordinal);
        }
        catch (Exception e) when (e is System.Net.Sockets.SocketException or OperationCanceledException or InvalidOperationException)
        {
            return false;
        }
    }
}
