using System.Text;
using HumanzCni.Chain.Hosting;
using HumanzCni.Chain.Pipeline;
using HumanzCni.IntegrationTests.Harness;
using HumanzCni.Stages;

namespace HumanzCni.IntegrationTests.Framework;

/// <summary>
/// The README's "Writing a stage" example is real code: the same text as <see cref="MyCni"/>, it composes (its stage
/// contracts hold) and it attaches a pod when run in-process by the unchanged PluginHost, inside a test node.
/// </summary>
public sealed class ReadmeExampleTests
{
    private const string Begins = "// README example begins";
    private const string Ends = "// README example ends";

    [Fact]
    public void The_readme_shows_exactly_the_example_this_test_compiles()
    {
        var root = PluginBinary.RepositoryRoot();
        var source = File.ReadAllText(Path.Combine(root, "tests", "HumanzCni.IntegrationTests", "Framework", "ReadmeExample.cs"));
        var example = source[(source.IndexOf(Begins, StringComparison.Ordinal) + Begins.Length)..source.IndexOf(Ends, StringComparison.Ordinal)].Trim();

        var readme = File.ReadAllText(Path.Combine(root, "README.md"));

        Assert.Contains("```csharp\n" + example + "\n```", readme, StringComparison.Ordinal);
    }

    [Fact]
    public void The_readme_example_attaches_a_pod_and_its_stage_logs_the_address()
    {
        using var node = new TestNode();
        var pod = node.CreatePod();
        var config = node.Config();
        config["type"] = "my-cni";

        var (exit, stdout) = Run(node, "ADD", config.ToJsonString(), pod.Path);

        Assert.True(exit == 0, stdout);
        Assert.Contains("\"100.100.1.2/24\"", stdout, StringComparison.Ordinal);
        Assert.Contains("readme-ctr has 100.100.1.2/24", File.ReadAllText(node.LogFile), StringComparison.Ordinal);
        Assert.Equal(0, Run(node, "DEL", config.ToJsonString(), pod.Path).Exit);
        Assert.Empty(node.Leases());
        Assert.Empty(node.HostVeths());
    }

    /// <summary>One verb through PluginHost on a thread inside the node's namespace, where the stages' netlink sockets then live.</summary>
    private static (int Exit, string Stdout) Run(TestNode node, string command, string config, string netns)
    {
        var host = new PluginHost(new PluginTypeRegistry().Add(MyCni.Create()), BuiltInPlugins.Classify);
        var environment = new Dictionary<string, string>
        {
            ["CNI_COMMAND"] = command,
            ["CNI_CONTAINERID"] = "readme-ctr",
            ["CNI_NETNS"] = netns,
            ["CNI_IFNAME"] = "eth0",
            ["CNI_PATH"] = PluginBinary.ReferencePluginDirectory, // read by no stage here
        };
        using var stdin = new MemoryStream(Encoding.UTF8.GetBytes(config));
        using var stdout = new MemoryStream();
        var exit = node.Namespace.Handle.Run(() => host.Run(name => environment.GetValueOrDefault(name), stdin, stdout));
        return (exit, Encoding.UTF8.GetString(stdout.ToArray()));
    }
}
