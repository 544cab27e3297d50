using HumanzCni.IntegrationTests.Harness;
using HumanzCni.IntegrationTests.Netlink;

namespace HumanzCni.IntegrationTests.Cluster;

/// <summary>
/// Debian's etcd (/usr/bin/etcd) serving clients on <see cref="TestCluster.EtcdAddress"/>:2379 inside the
/// cluster's etcd host namespace, with a temp data dir. Stop and Start again keep the data (an outage);
/// Dispose kills it and removes the data dir.
/// </summary>
public sealed class EtcdServer : IDisposable
{
    public const string Binary = "/usr/bin/etcd";

    private readonly TestNamespace _host;
    private readonly string _dataDir;
    private BackgroundProcess? _process;

    public EtcdServer(TestNamespace host)
    {
        _host = host;
        _dataDir = Directory.CreateTempSubdirectory("hzt-etcd-").FullName;
    }

    public string Endpoint => $"http://{TestCluster.EtcdAddress}:2379";

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>Starts etcd and waits until it answers.</summary>
    public void Start()
    {
        if (!File.Exists(Binary))
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
        Eventually.True(() => _process.HasExited || Etcdctl("endpoint", "health").ExitCode == 0, TimeSpan.FromSeconds(30), () => $"etcd did not become healthy:\n{_process.Output}");
        if (_process.HasExited)
        {
            throw new InvalidOperationException($"etcd exited {_process.ExitCode}:\n{_process.Output}");
        }
    }

    /// <summary>Stops etcd (SIGTERM), keeping its data for a later <see cref="Start"/>.</summary>
    public void Stop() => _process?.Stop();

    /// <summary>`etcdctl --endpoints ENDPOINT ARGS...` inside the etcd host namespace.</summary>
    public ProcessResult Etcdctl(params string[] args) =>
        ProcessRunner.Run("ip", ["netns", "exec", _host.Name, "etcdctl", "--endpoints", Endpoint, "--command-timeout=3s", .. args],
            new Dictionary<string, string> { ["ETCDCTL_API"] = "3" }, timeout: TimeSpan.FromSeconds(20));

    /// <summary>Every key under a prefix, with its value.</summary>
    public IReadOnlyDictionary<string, string> Get(string prefix)
    {
        var result = Etcdctl("get", "--prefix", prefix);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"etcdctl get --prefix {prefix}: {result.StandardError}");
        }

        var lines = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var entries = new Dictionary<string, string>();
        for (var i = 0; i + 1 < lines.Length; i += 2)
        {
            entries[lines[i]] = lines[i + 1];
        }

        return entries;
    }

    public void Dispose()
    {
        _process?.Dispose();
        Directory.Delete(_dataDir, recursive: true);
    }
}
