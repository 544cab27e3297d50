using HumanzCni.Chain.Pipeline;
using HumanzCni.Stages;
using HumanzCni.Stages.Addresses;
using HumanzCni.Stages.Bandwidth;
using HumanzCni.Stages.Parse;
using HumanzCni.Stages.Result;

namespace HumanzCni.Tests.Chain;

/// <summary>PluginTypeBuilder.Build() refuses stage orders whose requirements no earlier stage provides, naming both.</summary>
public sealed class StageContractTests
{
    [Fact]
    public void The_readme_example_of_old_missing_bridge_and_veth_fails_when_composed_naming_the_first_unmet_requirement()
    {
        var builder = new PluginTypeBuilder("my-cni")
            .Use(() => new ParseStage())
            .Use(() => new IpamStage())
            .Use(() => new ResultStage());

        var failure = Assert.Throws<StageContractException>(builder.Build);

        Assert.Equal("plugin type my-cni: result requires BridgeLink; no earlier stage provides it", failure.Message);
    }

    [Fact]
    public void A_provider_placed_after_its_consumer_is_named_in_the_message()
    {
        var builder = new PluginTypeBuilder("backwards")
            .Use(() => new IpamStage())
            .Use(() => new ParseStage());

        var failure = Assert.Throws<StageContractException>(builder.Build);

        Assert.Equal("plugin type backwards: ipam requires HumanzNetConf; no earlier stage provides it (parse does, but runs after ipam)", failure.Message);
    }

    [Fact]
    public void Every_built_in_plugin_type_composes()
    {
        var registry = BuiltInPlugins.CreateRegistry();

        Assert.NotNull(registry.Find(HumanzCniPlugin.TypeName));
        Assert.NotNull(registry.Find(HumanzPortMapPlugin.TypeName));
        Assert.NotNull(registry.Find(BandwidthPlugin.TypeName));
    }
}
