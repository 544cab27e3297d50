using HumanzCni.Agent.Backends;
using HumanzCni.Agent.Hosting;

namespace HumanzCni.Tests.CommandLine;

/// <summary>`agent --backend host-gw|vxlan` and the VXLAN options: defaults, ranges, and what needs --backend vxlan.</summary>
public sealed class BackendOptionTests
{
    private static readonly string[] StaticMode = ["--node-name", "node1", "--static-cluster", "cluster.json"];

    [Fact]
    public void Host_gw_is_the_default_and_the_vxlan_settings_default_to_vni_1_port_8472()
    {
        var (options, errors) = AgentCommandLine.Parse(StaticMode);

        Assert.Empty(errors);
        Assert.Equal(new BackendOptions(BackendKind.HostGw, 1, 8472, DirectRouting: false), options!.Backend);
        Assert.Equal((1500, false), (options.Conflist.Mtu, options.Conflist.MtuGiven));
    }

    [Fact]
    public void Vxlan_maps_every_option()
    {
        var (options, errors) = AgentCommandLine.Parse([.. StaticMode, "--backend", "vxlan", "--vxlan-vni", "16777215", "--vxlan-port=4789", "--direct-routing"]);

        Assert.Empty(errors);
        Assert.Equal(new BackendOptions(BackendKind.Vxlan, 16777215, 4789, DirectRouting: true), options!.Backend);
    }

    [Theory]
    [InlineData("1500")]
    [InlineData("1400")]
    public void An_explicit_mtu_is_known_to_be_given_even_when_it_is_the_default(string mtu)
    {
        var (options, errors) = AgentCommandLine.Parse([.. StaticMode, "--backend", "vxlan", "--mtu", mtu]);

        Assert.Empty(errors);
        Assert.Equal((int.Parse(mtu, System.Globalization.CultureInfo.InvariantCulture), true), (options!.Conflist.Mtu, options.Conflist.MtuGiven));
    }

    [Theory]
    [InlineData("--vxlan-vni must be a whole number from 1 to 16777215, not '0'", "--vxlan-vni", "0")]
    [InlineData("--vxlan-vni must be a whole number from 1 to 16777215, not '16777216'", "--vxlan-vni", "16777216")]
    [InlineData("--vxlan-port must be a whole number from 1 to 65535, not '65536'", "--vxlan-port", "65536")]
    [InlineData("--vxlan-port must be a whole number from 1 to 65535, not '0'", "--vxlan-port", "0")]
    public void A_value_out_of_range_is_a_usage_error(string message, string option, string value)
    {
        var (options, errors) = AgentCommandLine.Parse([.. StaticMode, "--backend", "vxlan", option, value]);

        Assert.Null(options);
        Assert.Equal([message], errors);
    }

    [Fact]
    public void An_unknown_backend_is_refused_naming_the_ones_there_are()
    {
        var (options, errors) = AgentCommandLine.Parse([.. StaticMode, "--backend", "ipip"]);

        Assert.Null(options);
        var error = Assert.Single(errors);
        Assert.Contains("'ipip'", error, StringComparison.Ordinal);
        Assert.Contains("host-gw", error, StringComparison.Ordinal);
        Assert.Contains("vxlan", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--direct-routing")]
    [InlineData("--vxlan-vni", "2")]
    [InlineData("--vxlan-port", "4789")]
    [InlineData("--backend", "host-gw", "--direct-routing")]
    public void Vxlan_options_without_the_vxlan_backend_are_refused(params string[] args)
    {
        var option = args.First(a => a != "--backend" && a != "host-gw");
        var (options, errors) = AgentCommandLine.Parse([.. StaticMode, .. args]);

        Assert.Null(options);
        Assert.Equal([$"{option} configures the VXLAN overlay: it needs --backend vxlan"], errors);
    }
}
