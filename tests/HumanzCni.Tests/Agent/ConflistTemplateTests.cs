using System.Text.Json;
using HumanzCni.Agent.Conflist;
using Snapshooter;
using Snapshooter.Xunit;

namespace HumanzCni.Tests.Agent;

public sealed class ConflistTemplateTests
{
    private static readonly ConflistSettings Defaults = new();

    [Fact]
    public void The_built_in_template_renders_humanz_cni_with_bridge_subnet_and_mtu()
    {
        var text = ConflistTemplate.Load(null).Render(Defaults, "100.100.3.0/24");

        using var document = JsonDocument.Parse(text);
        var root = document.RootElement;
        Assert.Equal("1.0.0", root.GetProperty("cniVersion").GetString());
        Assert.Equal("humanz-cni", root.GetProperty("name").GetString());
        var plugins = root.GetProperty("plugins");
        Assert.Equal(1, plugins.GetArrayLength());
        Assert.Equal("humanz-cni", plugins[0].GetProperty("type").GetString());
        Assert.Equal("humanz-cni0", plugins[0].GetProperty("bridge").GetString());
        Assert.Equal("100.100.3.0/24", plugins[0].GetProperty("subnet").GetString());
        Assert.Equal(1500, plugins[0].GetProperty("mtu").GetInt32());
        Assert.False(plugins[0].TryGetProperty("logFile", out _));
        Assert.False(plugins[0].TryGetProperty("ipam", out _));
    }

    [Fact]
    public void The_repository_template_is_the_built_in_one()
    {
        var repositoryTemplate = Path.Combine(RepositoryRoot(), "templates", "humanz-cni.conflist.sbn");

        Assert.Equal(
            ConflistTemplate.Load(null).Render(Defaults with { PortMap = true }, "100.100.3.0/24"),
            ConflistTemplate.Load(repositoryTemplate).Render(Defaults with { PortMap = true }, "100.100.3.0/24"));
    }

    [Theory]
    [InlineData(false, false, new[] { "humanz-cni" })]
    [InlineData(true, false, new[] { "humanz-cni", "humanz-portmap" })]
    [InlineData(false, true, new[] { "humanz-cni", "humanz-bandwidth" })]
    [InlineData(true, true, new[] { "humanz-cni", "humanz-portmap", "humanz-bandwidth" })]
    public void Chained_plugins_appear_with_their_capabilities_when_enabled_in_the_chained_form(bool portMap, bool bandwidth, string[] types)
    {
        var text = ConflistTemplate.Load(null).Render(Defaults with { PortMap = portMap, Bandwidth = bandwidth, Chained = true }, "100.100.3.0/24");

        using var document = JsonDocument.Parse(text);
        var plugins = document.RootElement.GetProperty("plugins").EnumerateArray().ToList();
        Assert.Equal(types, plugins.Select(p => p.GetProperty("type").GetString()));
        foreach (var plugin in plugins.Skip(1))
        {
            var capability = plugin.GetProperty("type").GetString() == "humanz-portmap" ? "portMappings" : "bandwidth";
            Assert.True(plugin.GetProperty("capabilities").GetProperty(capability).GetBoolean());
        }
    }

    [Theory]
    [InlineData(false, false, new string[0])]
    [InlineData(true, false, new[] { "portMappings" })]
    [InlineData(false, true, new[] { "bandwidth" })]
    [InlineData(true, true, new[] { "portMappings", "bandwidth" })]
    public void By_default_humanz_cni_alone_declares_the_enabled_capabilities(bool portMap, bool bandwidth, string[] capabilities)
    {
        var text = ConflistTemplate.Load(null).Render(Defaults with { PortMap = portMap, Bandwidth = bandwidth }, "100.100.3.0/24");

        using var document = JsonDocument.Parse(text);
        var plugin = Assert.Single(document.RootElement.GetProperty("plugins").EnumerateArray());
        Assert.Equal("humanz-cni", plugin.GetProperty("type").GetString());
        var declared = plugin.TryGetProperty("capabilities", out var found) ? found.EnumerateObject().ToList() : [];
        Assert.Equal(capabilities, declared.Select(c => c.Name));
        Assert.All(declared, c => Assert.True(c.Value.GetBoolean()));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void The_conflist_with_host_ports_and_bandwidth_matches_its_snapshot(bool chained)
    {
        var settings = Defaults with { PortMap = true, Bandwidth = true, Chained = chained, IpMasq = true, NonMasqueradeCidrs = ["100.100.0.0/16"] };

        var text = ConflistTemplate.Load(null).Render(settings, "100.100.3.0/24");

        // The snapshots are committed beside this file: a missing one would be written and pass, so review new ones.
        Snapshot.Match(text, SnapshotNameExtension.Create(chained ? "chained" : "one-plugin"));
    }

    [Fact]
    public void Paths_and_names_with_quotes_or_backslashes_stay_valid_json()
    {
        var settings = Defaults with { NetworkName = "net \"one\"", PluginLogFile = "/var/log/a\\b.log", IpamDataDir = "/var/lib/cni/x y", Bridge = "br-x", Mtu = 9000 };

        using var document = JsonDocument.Parse(ConflistTemplate.Load(null).Render(settings, "100.100.3.0/24"));

        var plugin = document.RootElement.GetProperty("plugins")[0];
        Assert.Equal("net \"one\"", document.RootElement.GetProperty("name").GetString());
        Assert.Equal("/var/log/a\\b.log", plugin.GetProperty("logFile").GetString());
        Assert.Equal("/var/lib/cni/x y", plugin.GetProperty("ipam").GetProperty("dataDir").GetString());
        Assert.Equal("br-x", plugin.GetProperty("bridge").GetString());
        Assert.Equal(9000, plugin.GetProperty("mtu").GetInt32());
    }

    [Fact]
    public void Ip_masq_renders_the_masquerade_fields_humanz_cni_reads()
    {
        var settings = Defaults with { IpMasq = true, NonMasqueradeCidrs = ["100.100.0.0/16", "10.96.0.0/12"] };

        using var document = JsonDocument.Parse(ConflistTemplate.Load(null).Render(settings, "100.100.3.0/24"));

        var plugin = document.RootElement.GetProperty("plugins")[0];
        Assert.True(plugin.GetProperty("ipMasq").GetBoolean());
        Assert.Equal(["100.100.0.0/16", "10.96.0.0/12"], plugin.GetProperty("nonMasqueradeCidrs").EnumerateArray().Select(e => e.GetString()));
        using var without = JsonDocument.Parse(ConflistTemplate.Load(null).Render(Defaults, "100.100.3.0/24"));
        Assert.False(without.RootElement.GetProperty("plugins")[0].TryGetProperty("ipMasq", out _));
    }

    [Fact]
    public void A_template_that_renders_invalid_json_is_refused()
    {
        var template = ConflistTemplate.Parse("{ \"subnet\": {{ subnet }} }");

        var error = Assert.Throws<FormatException>(() => template.Render(Defaults, "100.100.3.0/24"));

        Assert.Contains("rendered invalid JSON", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_template_that_does_not_parse_or_uses_an_unknown_variable_is_refused()
    {
        Assert.Throws<FormatException>(() => ConflistTemplate.Parse("{{ if }}"));
        Assert.ThrowsAny<Exception>(() => ConflistTemplate.Parse("{\"x\": \"{{ no_such_variable }}\"}").Render(Defaults, "100.100.3.0/24"));
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "HumanzCni.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("cannot find HumanzCni.sln above the test directory");
    }
}
