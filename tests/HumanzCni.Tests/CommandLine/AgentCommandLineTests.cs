using System.Net;
using HumanzCni.Agent.Hosting;

namespace HumanzCni.Tests.CommandLine;

/// <summary>`humanz-cni agent`'s command line into <see cref="AgentOptions"/>, and what it refuses.</summary>
public sealed class AgentCommandLineTests
{
    private static readonly string[] EtcdMode =
        ["--etcd", "http://200.0.0.2:2379", "--cluster-cidr", "100.100.0.0/16", "--node-address", "200.0.0.10"];

    [Fact]
    public void Etcd_mode_maps_every_option()
    {
        var (options, errors) = AgentCommandLine.Parse(
            "--node-name", "node1", "--node-interface", "eth1", "--etcd", "http://200.0.0.2:2379, https://200.0.0.3:2379",
            "--cluster-cidr", "100.100.0.0/16", "--subnet-size", "26", "--lease-ttl-seconds", "60", "--reconcile-seconds=5",
            "--release-on-exit", "--log-file", "/tmp/agent.log", "--log-level", "debug",
            "--conf-dir", "/etc/x", "--conflist-name", "20-x.conflist", "--template", "t.sbn", "--network-name", "net",
            "--cni-version", "0.4.0", "--bridge", "br9", "--mtu=9000", "--plugin-log-file", "/tmp/p.log",
            "--ipam-data-dir", "/tmp/ipam", "--portmap", "--bandwidth", "--chained");

        Assert.Empty(errors);
        Assert.NotNull(options);
        Assert.Equal("node1", options.NodeName);
        Assert.Equal("eth1", options.NodeInterface);
        Assert.Empty(options.NodeAddresses);
        Assert.Equal(["http://200.0.0.2:2379/", "https://200.0.0.3:2379/"], options.EtcdEndpoints.Select(uri => uri.ToString()));
        Assert.Equal([new ClusterRange(IPNetwork.Parse("100.100.0.0/16"), 26)], options.ClusterRanges);
        Assert.Equal(60, options.LeaseTtlSeconds);
        Assert.Equal(TimeSpan.FromSeconds(5), options.ReconcilePeriod);
        Assert.True(options.ReleaseOnExit);
        Assert.False(options.Once);
        Assert.Null(options.StaticClusterFile);
        Assert.Equal("/tmp/agent.log", options.LogFile);
        Assert.Equal("debug", options.LogLevel);
        var conflist = options.Conflist;
        Assert.Equal("/etc/x/20-x.conflist", conflist.FilePath);
        Assert.Equal("t.sbn", conflist.TemplatePath);
        Assert.Equal(("net", "0.4.0", "br9", 9000), (conflist.NetworkName, conflist.CniVersion, conflist.Bridge, conflist.Mtu));
        Assert.Equal(("/tmp/p.log", "/tmp/ipam"), (conflist.PluginLogFile, conflist.IpamDataDir));
        Assert.True(conflist.PortMap && conflist.Bandwidth && conflist.Chained);
        Assert.False(conflist.IpMasq);
    }

    [Fact]
    public void Defaults_are_the_documented_ones()
    {
        var (options, errors) = AgentCommandLine.Parse(EtcdMode);

        Assert.Empty(errors);
        Assert.NotNull(options);
        Assert.Equal(Environment.MachineName, options.NodeName);
        Assert.Equal([IPAddress.Parse("200.0.0.10")], options.NodeAddresses);
        Assert.Equal((24, 30, TimeSpan.FromSeconds(10)), (Assert.Single(options.ClusterRanges).SubnetSize, options.LeaseTtlSeconds, options.ReconcilePeriod));
        Assert.False(options.ReleaseOnExit);
        Assert.Null(options.LogLevel);
        Assert.Equal("/etc/cni/net.d/10-humanz-cni.conflist", options.Conflist.FilePath);
        Assert.Equal(("humanz-cni", "1.0.0", "humanz-cni0", 1500), (options.Conflist.NetworkName, options.Conflist.CniVersion, options.Conflist.Bridge, options.Conflist.Mtu));
        Assert.Null(options.Conflist.TemplatePath);
        Assert.False(options.Conflist.PortMap || options.Conflist.Bandwidth || options.Conflist.Chained);
    }

    [Fact]
    public void Ip_masq_keeps_the_cluster_cidr_unmasqueraded_unless_told_otherwise()
    {
        var (byDefault, _) = AgentCommandLine.Parse([.. EtcdMode, "--ip-masq"]);
        var (told, _) = AgentCommandLine.Parse([.. EtcdMode, "--ip-masq", "--non-masquerade-cidrs", "10.0.0.0/8, 100.64.0.0/10"]);

        Assert.True(byDefault!.Conflist.IpMasq);
        Assert.Equal(["100.100.0.0/16"], byDefault.Conflist.NonMasqueradeCidrs);
        Assert.Equal(["10.0.0.0/8", "100.64.0.0/10"], told!.Conflist.NonMasqueradeCidrs);
    }

    [Fact]
    public void Static_mode_needs_only_its_file()
    {
        var (options, errors) = AgentCommandLine.Parse("--node-name", "node2", "--static-cluster", "cluster.json", "--once");

        Assert.Empty(errors);
        Assert.Equal(("cluster.json", true), (options!.StaticClusterFile, options.Once));
        Assert.Empty(options.EtcdEndpoints);
        Assert.Empty(options.ClusterRanges);
    }

    [Theory]
    [InlineData("--cluster-cidr '100.100.0.1/16' is not a CIDR without host bits (e.g. 100.100.0.0/16)", "--cluster-cidr", "100.100.0.1/16")]
    [InlineData("--node-address 'node1' is not an IP address", "--node-address", "node1")]
    [InlineData("--etcd 'ftp://200.0.0.2:2379' is not an http(s) URL (e.g. http://200.0.0.2:2379)", "--etcd", "http://200.0.0.3:2379,ftp://200.0.0.2:2379")]
    [InlineData("--subnet-size must be a whole number from 1 to 128, not '0'", "--subnet-size", "0")]
    [InlineData("--lease-ttl-seconds must be a whole number from 2 to 86400, not '1'", "--lease-ttl-seconds", "1")]
    [InlineData("--reconcile-seconds must be a whole number from 1 to 3600, not '-5'", "--reconcile-seconds", "-5")]
    [InlineData("--mtu must be a whole number from 68 to 65535, not 'big'", "--mtu", "big")]
    public void A_bad_value_names_the_option_and_what_it_takes(string message, string option, string value)
    {
        var (options, errors) = AgentCommandLine.Parse([.. EtcdMode.Where((_, i) => EtcdMode[i & ~1] != option), option, value]);

        Assert.Null(options);
        Assert.Equal([message], errors);
    }

    [Theory]
    [InlineData("--etcd is required (or a static cluster file: --static-cluster)", "--cluster-cidr", "100.100.0.0/16", "--node-address", "200.0.0.10")]
    [InlineData("--cluster-cidr is required (or a static cluster file: --static-cluster)", "--etcd", "http://200.0.0.2:2379", "--node-interface", "eth1")]
    [InlineData("give the node's underlay address as exactly one of --node-address ADDRESS or --node-interface NAME", "--etcd", "http://200.0.0.2:2379", "--cluster-cidr", "100.100.0.0/16")]
    [InlineData("--once applies a static cluster file: it needs --static-cluster", "--once", "--etcd", "http://200.0.0.2:2379", "--cluster-cidr", "100.100.0.0/16", "--node-address", "200.0.0.10")]
    public void Etcd_mode_needs_its_endpoints_the_cluster_range_and_one_node_address(string message, params string[] args)
    {
        var (options, errors) = AgentCommandLine.Parse(args);

        Assert.Null(options);
        Assert.Equal([message], errors);
    }

    [Fact]
    public void Both_node_address_and_interface_is_refused()
    {
        var (_, errors) = AgentCommandLine.Parse([.. EtcdMode, "--node-interface", "eth1"]);

        Assert.Equal(["give the node's underlay address as exactly one of --node-address ADDRESS or --node-interface NAME"], errors);
    }

    [Theory]
    [InlineData("--node-nmae", "node1")]
    [InlineData("extra")]
    public void An_unknown_option_or_argument_is_named(params string[] unknown)
    {
        var (options, errors) = AgentCommandLine.Parse([.. EtcdMode, .. unknown]);

        Assert.Null(options);
        Assert.Contains(errors, error => error.Contains($"'{unknown[0]}'", StringComparison.Ordinal));
    }

    [Fact]
    public void A_missing_value_and_an_unknown_log_level_are_refused()
    {
        Assert.NotEmpty(AgentCommandLine.Parse([.. EtcdMode, "--log-file"]).Errors);
        var (_, errors) = AgentCommandLine.Parse([.. EtcdMode, "--log-level", "loud"]);
        Assert.Contains(errors, error => error.Contains("'loud'", StringComparison.Ordinal) && error.Contains("Warning", StringComparison.Ordinal));
    }
}
