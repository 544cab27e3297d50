using HumanzCni.IntegrationTests.Harness;

namespace HumanzCni.IntegrationTests.ChainRunner;

/// <summary>One binary under several names (links in a CNI bin dir): the config's type decides, argv[0] only names itself in errors.</summary>
public sealed class InvokedNameTests
{
    [Fact]
    public void A_link_under_another_name_runs_the_configs_type()
    {
        using var node = new TestNode("hzt-ln");
        var pod = node.CreatePod();
        var dir = Directory.CreateTempSubdirectory("hzt-link-").FullName;
        try
        {
            var link = Path.Combine(dir, "humanz-portmap");
            File.CreateSymbolicLink(link, PluginBinary.Path);

            var add = node.Invoke("ADD", node.Config().ToJsonString(), "link-1", pod.Path, plugin: link).EnsureSuccess("ADD through a link");

            Assert.StartsWith("100.100.1.", CniResults.PodAddress(add.Json()));
            node.Invoke("DEL", node.Config().ToJsonString(), "link-1", pod.Path, plugin: link).EnsureSuccess("DEL through a link");
            Assert.Empty(node.Leases());
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void A_type_the_binary_does_not_serve_is_code_7_naming_the_type_and_the_served_name_it_was_started_as()
    {
        using var node = new TestNode("hzt-ln");
        var pod = node.CreatePod();
        var config = node.Config();
        config["type"] = "tuning"; // a reference plugin: libcni would run /opt/cni/bin/tuning, never this binary

        var add = node.Invoke("ADD", config.ToJsonString(), "link-2", pod.Path);

        PluginChecks.AssertCniError(add, 7, "\"tuning\"", "started as \"humanz-cni\"");
    }
}
