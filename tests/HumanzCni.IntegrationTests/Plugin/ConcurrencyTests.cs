using System.Diagnostics;
using HumanzCni.IntegrationTests.Harness;

namespace HumanzCni.IntegrationTests.Plugin;

/// <summary>Many plugin processes on one node at once, as when a node starts many pods together.</summary>
public sealed class ConcurrencyTests
{
    private const int Pods = 50;
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(90);

    [Fact]
    public void Fifty_concurrent_adds_get_distinct_addresses_and_fifty_concurrent_dels_leave_only_the_bridge()
    {
        using var node = new TestNode();
        var config = node.Config().ToJsonString();
        var pods = Enumerable.Range(0, Pods).Select(_ => node.CreatePod()).ToArray();

        var adds = RunAll(Pods, i => node.Invoke("ADD", config, $"conc-{i}", pods[i].Path));

        var failures = adds.Where(r => r.ExitCode != 0).Select(r => r.StandardOutput + r.StandardError).ToList();
        Assert.True(failures.Count == 0, $"{failures.Count} ADDs failed, e.g. {failures.FirstOrDefault()}");
        var addresses = adds.Select(r => CniResults.PodAddress(r.Json())).ToList();
        Assert.Equal(Pods, addresses.Distinct().Count());
        Assert.All(addresses, a => Assert.StartsWith("100.100.1.", a));
        Assert.Equal(addresses.Order(), node.Leases().Order());
        Assert.Equal(Pods, node.BridgePorts().Count);
        Assert.Equal(Pods, node.HostVeths().Count);
        for (var i = 0; i < Pods; i++)
        {
            Assert.Contains(addresses[i] + "/24", pods[i].Ip("-4", "addr", "show", "dev", "eth0"));
        }

        var dels = RunAll(Pods, i => node.Invoke("DEL", config, $"conc-{i}", pods[i].Path));

        failures = dels.Where(r => r.ExitCode != 0).Select(r => r.StandardOutput + r.StandardError).ToList();
        Assert.True(failures.Count == 0, $"{failures.Count} DELs failed, e.g. {failures.FirstOrDefault()}");
        Assert.Empty(node.Leases());
        Assert.Empty(node.BridgePorts());
        Assert.Empty(node.HostVeths());
        var routes = node.Namespace.IpJson("-4", "route", "show").EnumerateArray().ToList();
        var only = Assert.Single(routes);
        Assert.Equal("100.100.1.0/24", only.GetProperty("dst").GetString());
        Assert.Equal("humanz-cni0", only.GetProperty("dev").GetString());
        var allRoutes = node.Namespace.Ip("route", "show", "table", "all");
        Assert.All(addresses, a => Assert.DoesNotContain(a + " ", allRoutes));
    }

    /// <summary>
    /// Two pods DELeted at once used to both see the other's lease while deciding, and both keep the network's
    /// masquerade rule, which then outlived every pod (bench/soak.sh found it). Each round deletes a few pods at once.
    /// </summary>
    [Fact]
    public void Pods_deleted_at_once_take_the_networks_masquerade_rule_away_with_the_last_of_them()
    {
        const int Rounds = 4;
        const int Together = 6;
        using var node = new TestNode();
        var config = node.Config();
        config["ipMasq"] = true;
        var json = config.ToJsonString();

        for (var round = 0; round < Rounds; round++)
        {
            var pods = Enumerable.Range(0, Together).Select(_ => node.CreatePod()).ToArray();
            Assert.All(RunAll(Together, i => node.Invoke("ADD", json, $"masq-{round}-{i}", pods[i].Path)), r => r.EnsureSuccess("ADD"));
            Assert.Contains("hz-net:", node.NftRuleset());

            Assert.All(RunAll(Together, i => node.Invoke("DEL", json, $"masq-{round}-{i}", pods[i].Path)), r => r.EnsureSuccess("DEL"));

            Assert.Empty(node.Leases());
            var ruleset = node.NftRuleset();
            Assert.True(!ruleset.Contains("hz-net:", StringComparison.Ordinal), $"round {round}: the network's rule outlived its pods:\n{ruleset}");
        }
    }

    /// <summary>Starts every call on its own thread at once (the thread pool would trickle them), bounded by <see cref="Budget"/>.</summary>
    private static ProcessResult[] RunAll(int count, Func<int, ProcessResult> call)
    {
        var results = new ProcessResult[count];
        var errors = new Exception?[count];
        using var start = new ManualResetEventSlim();
        var threads = Enumerable.Range(0, count).Select(i => new Thread(() =>
        {
            start.Wait();
            try
            {
                results[i] = call(i);
            }
            catch (Exception e)
            {
                errors[i] = e;
            }
        })
        { IsBackground = true }).ToList();
        threads.ForEach(t => t.Start());
        var clock = Stopwatch.StartNew();
        start.Set();
        foreach (var thread in threads)
        {
            var left = Budget - clock.Elapsed;
            Assert.True(left > TimeSpan.Zero && thread.Join(left), $"{count} concurrent calls did not finish within {Budget}");
        }

        Assert.All(errors, e => Assert.Null(e));
        return results;
    }
}
