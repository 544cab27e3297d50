using HumanzCni.Chain.Pipeline;
using HumanzCni.Stages;
using HumanzCni.Stages.Addresses;
using HumanzCni.Stages.Result;

namespace HumanzCni.Tests.Chain;

/// <summary>A type added by name is composed, contracts checked, when it is first found, and only then.</summary>
public sealed class PluginTypeRegistryTests
{
    [Fact]
    public void A_type_added_by_name_is_composed_once_when_first_found_and_others_never()
    {
        var composed = new List<string>();
        PluginType Compose(string name)
        {
            composed.Add(name);
            return new PluginTypeBuilder(name).Use(() => new FixedResultStage()).Build();
        }

        var registry = new PluginTypeRegistry().Add("wanted", () => Compose("wanted")).Add("other", () => Compose("other"));

        Assert.Empty(composed);
        Assert.Equal(["wanted", "other"], registry.Names);
        Assert.Same(registry.Find("wanted"), registry.Find("wanted"));
        Assert.Null(registry.Find("missing"));
        Assert.Equal(["wanted"], composed);
    }

    [Fact]
    public void A_type_whose_stages_contracts_fail_fails_when_found()
    {
        var registry = new PluginTypeRegistry().Add("broken", () => new PluginTypeBuilder("broken").Use(() => new IpamStage()).Use(() => new ResultStage()).Build());

        var failure = Assert.Throws<StageContractException>(() => registry.Find("broken"));

        Assert.StartsWith("plugin type broken: ipam requires HumanzNetConf", failure.Message);
    }

    [Fact]
    public void A_type_composed_under_another_name_than_it_was_added_with_is_refused()
    {
        var registry = new PluginTypeRegistry().Add("humanz-cni", () => new PluginTypeBuilder("typo").Use(() => new FixedResultStage()).Build());

        var failure = Assert.Throws<InvalidOperationException>(() => registry.Find("humanz-cni"));

        Assert.Contains("\"humanz-cni\" was composed as \"typo\"", failure.Message);
    }

    [Fact]
    public void Every_built_in_type_is_found_under_the_name_it_answers_to()
    {
        var registry = BuiltInPlugins.CreateRegistry();

        Assert.All(registry.Names, name => Assert.Equal(name, registry.Find(name)!.Name));
    }
}
