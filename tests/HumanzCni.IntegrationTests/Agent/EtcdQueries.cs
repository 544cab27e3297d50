namespace HumanzCni.IntegrationTests.Agent;

/// <summary>Looking into the testbed's etcd with etcdctl, as the agent tests do to check what the agents stored.</summary>
internal static class EtcdQueries
{
    /// <summary>`etcdctl --endpoints ENDPOINT ARGS...` inside the etcd host namespace.</summary>
    public static ProcessResult Etcdctl(this EtcdServer etcd, params string[] args) =>
        ProcessRunner.Run("ip", ["netns", "exec", etcd.Host.Name, "etcdctl", "--endpoints", etcd.Endpoint, "--command-timeout=3s", .. args],
            new Dictionary<string, string> { ["ETCDCTL_API"] = "3" }, timeout: TimeSpan.FromSeconds(20));

    /// <summary>Every key under a prefix, with its value.</summary>
    public static IReadOnlyDictionary<string, string> Get(this EtcdServer etcd, string prefix)
    {
        var result = etcd.Etcdctl("get", "--prefix", prefix);
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
}
