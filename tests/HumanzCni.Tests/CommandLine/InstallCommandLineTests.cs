using HumanzCni.Agent.Install;

namespace HumanzCni.Tests.CommandLine;

/// <summary>`humanz-cni install`'s command line into <see cref="InstallOptions"/>, and what it refuses.</summary>
public sealed class InstallCommandLineTests
{
    [Fact]
    public void Maps_subnet_bin_dir_and_the_conflist_options()
    {
        var (options, errors) = InstallCommandLine.Parse("--subnet", "100.100.1.0/24", "--bin-dir", "/tmp/bin", "--conf-dir", "/tmp/conf", "--ip-masq", "--non-masquerade-cidrs", "100.100.0.0/16");

        Assert.Empty(errors);
        Assert.NotNull(options);
        Assert.Equal(("/tmp/bin", "100.100.1.0/24"), (options.BinDir, options.Subnet));
        Assert.Equal("/tmp/conf", options.Conflist.ConfDir);
        Assert.True(options.Conflist.IpMasq);
        Assert.Equal(["100.100.0.0/16"], options.Conflist.NonMasqueradeCidrs);
    }

    [Fact]
    public void The_bin_dir_defaults_to_the_runtimes_usual_one()
    {
        Assert.Equal("/opt/cni/bin", InstallCommandLine.Parse("--subnet", "fd00:100::/64").Options!.BinDir);
    }

    [Theory]
    [InlineData("--subnet is required: this node's pod subnet, e.g. --subnet 100.100.1.0/24 (or --binaries-only)", "--bin-dir", "/tmp/bin")]
    [InlineData("--subnet '100.100.1.1/24' is not a CIDR without host bits (e.g. 100.100.1.0/24)", "--subnet", "100.100.1.1/24")]
    [InlineData("--mtu must be a whole number from 68 to 65535, not '67'", "--subnet", "100.100.1.0/24", "--mtu", "67")]
    [InlineData("--binaries-only writes no conflist: drop --subnet, --portmap", "--binaries-only", "--subnet", "100.100.1.0/24", "--portmap")]
    public void A_bad_command_line_says_what_to_fix(string message, params string[] args)
    {
        var (options, errors) = InstallCommandLine.Parse(args);

        Assert.Null(options);
        Assert.Equal([message], errors);
    }

    [Fact]
    public void Agent_only_options_are_unknown_to_install()
    {
        var (_, errors) = InstallCommandLine.Parse("--subnet", "100.100.1.0/24", "--etcd", "http://200.0.0.2:2379");

        Assert.Contains(errors, error => error.Contains("'--etcd'", StringComparison.Ordinal));
    }

    [Fact]
    public void Binaries_only_needs_no_subnet_and_renders_no_conflist()
    {
        var (options, errors) = InstallCommandLine.Parse("--binaries-only", "--bin-dir", "/host/opt/cni/bin");

        Assert.Empty(errors);
        Assert.Equal("/host/opt/cni/bin", options!.BinDir);
        Assert.Null(options.Subnet);
    }
}
