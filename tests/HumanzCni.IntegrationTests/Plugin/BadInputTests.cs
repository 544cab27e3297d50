using System.Text.Json.Nodes;
using HumanzCni.IntegrationTests.Harness;

namespace HumanzCni.IntegrationTests.Plugin;

/// <summary>
/// Wrong configs and environments: each is refused with the spec's code, one JSON error on stdout
/// whose message says what to fix, no stack trace, and nothing left on the node.
/// </summary>
public sealed class BadInputTests
{
    [Fact]
    public void Malformed_json_is_a_decode_failure()
    {
        using var node = new TestNode();
        var pod = node.CreatePod();

        var result = node.Invoke("ADD", """{"cniVersion":"1.0.0","name":"hzt-net",""", "bad-json", pod.Path);

        PluginChecks.AssertCniError(result, 6, "JSON");
        AssertNothingLeft(node);
    }

    [Fact]
    public void Unsupported_cni_version_is_refused_and_lists_the_supported_ones()
    {
        using var node = new TestNode();
        var pod = node.CreatePod();

        var result = node.Invoke("ADD", node.Config(cniVersion: "0.2.0"), "bad-version", pod.Path);

        PluginChecks.AssertCniError(result, 1, "0.2.0", "1.0.0");
        AssertNothingLeft(node);
    }

    [Theory]
    [InlineData("CNI_COMMAND")]
    [InlineData("CNI_CONTAINERID")]
    [InlineData("CNI_IFNAME")]
    [InlineData("CNI_NETNS")]
    public void A_missing_variable_is_an_invalid_environment_naming_the_variable(string variable)
    {
        using var node = new TestNode();
        var pod = node.CreatePod();

        var result = node.Invoke(
            command: variable == "CNI_COMMAND" ? "" : "ADD",
            config: node.Config(),
            containerId: variable == "CNI_CONTAINERID" ? "" : "missing-var",
            netns: variable == "CNI_NETNS" ? "" : pod.Path,
            ifName: variable == "CNI_IFNAME" ? "" : "eth0");

        PluginChecks.AssertCniError(result, 4, variable);
        AssertNothingLeft(node);
        Assert.DoesNotContain("eth0", pod.Ip("link", "show"));
    }

    [Theory]
    [InlineData("100.100.1.0/33")]
    [InlineData("banana")]
    public void A_bad_subnet_is_an_invalid_config_naming_the_field(string subnet)
    {
        using var node = new TestNode();
        var pod = node.CreatePod();

        var result = node.Invoke("ADD", node.Config(subnet: subnet), "bad-subnet", pod.Path);

        var message = PluginChecks.AssertCniError(result, 7, "subnet", subnet);
        // The field is the top-level "subnet"; "subnet.subnet" names a field the config does not have.
        Assert.DoesNotContain("subnet.subnet", message);
        AssertNothingLeft(node);
    }

    [Fact]
    public void A_bridge_name_over_fifteen_bytes_is_an_invalid_config_naming_the_field()
    {
        using var node = new TestNode();
        var pod = node.CreatePod();

        var result = node.Invoke("ADD", node.Config(bridge: "humanz-bridge-too-long"), "bad-bridge", pod.Path);

        PluginChecks.AssertCniError(result, 7, "bridge", "15");
        AssertNothingLeft(node);
    }

    [Fact]
    public void An_unknown_cni_args_key_is_refused_unless_ignore_unknown_is_set()
    {
        using var node = new TestNode();
        var pod = node.CreatePod();
        var config = node.Config();

        var refused = node.Invoke("ADD", config, "args-1", pod.Path, cniArgs: "FOO=bar");

        PluginChecks.AssertCniError(refused, 4, "FOO", "IgnoreUnknown");
        AssertNothingLeft(node);

        var accepted = node.Invoke("ADD", config, "args-1", pod.Path, cniArgs: "IgnoreUnknown=1;FOO=bar");

        accepted.EnsureSuccess("ADD with IgnoreUnknown=1");
        Assert.Single(node.Leases());
    }

    [Fact]
    public void Kubernetes_cni_args_are_accepted_without_ignore_unknown()
    {
        using var node = new TestNode();
        var pod = node.CreatePod();

        node.Invoke("ADD", node.Config(), "args-k8s", pod.Path, cniArgs: "K8S_POD_NAMESPACE=default;K8S_POD_NAME=web-0;K8S_POD_INFRA_CONTAINER_ID=args-k8s")
            .EnsureSuccess("ADD with kubelet's CNI_ARGS");
    }

    [Fact]
    public void A_netns_path_that_does_not_exist_is_an_invalid_environment_naming_the_path()
    {
        using var node = new TestNode();
        var missing = "/var/run/netns/hzt-no-such-pod-" + Guid.NewGuid().ToString("N")[..8];

        var result = node.Invoke("ADD", node.Config(), "no-netns", missing);

        PluginChecks.AssertCniError(result, 4, missing);
        AssertNothingLeft(node);
    }

    [Fact]
    public void A_netns_path_that_is_not_a_namespace_is_an_invalid_environment()
    {
        using var node = new TestNode();
        var notNetns = Path.Combine(node.Directory, "not-a-netns");
        File.WriteAllText(notNetns, "");

        var result = node.Invoke("ADD", node.Config(), "file-netns", notNetns);

        PluginChecks.AssertCniError(result, 4, notNetns);
        AssertNothingLeft(node);
    }

    [Fact]
    public void Check_with_a_version_before_0_4_0_is_refused()
    {
        using var node = new TestNode();
        var pod = node.CreatePod();

        var result = node.Invoke("CHECK", node.Config(cniVersion: "0.3.1"), "check-old", pod.Path);

        PluginChecks.AssertCniError(result, 1, "CHECK", "0.3.1", "0.4.0");
        AssertNothingLeft(node);
    }

    [Fact]
    public void Gc_with_version_1_0_0_is_refused()
    {
        using var node = new TestNode();
        var pod = node.CreatePod();
        var config = node.Config();
        node.Invoke("ADD", config, "gc-old", pod.Path).EnsureSuccess("ADD");
        var gc = node.Config();
        gc["cni.dev/valid-attachments"] = new JsonArray();

        var result = node.Invoke("GC", gc);

        PluginChecks.AssertCniError(result, 1, "GC", "1.1.0");
        Assert.Single(node.Leases());
    }

    [Fact]
    public void An_unknown_plugin_type_is_an_invalid_config_naming_the_type()
    {
        using var node = new TestNode();
        var pod = node.CreatePod();
        var config = node.Config();
        config["type"] = "humanz-bogus";

        var result = node.Invoke("ADD", config, "bad-type", pod.Path);

        PluginChecks.AssertCniError(result, 7, "humanz-bogus", "humanz-cni");
        AssertNothingLeft(node);
    }

    [Fact]
    public void Empty_stdin_is_a_decode_failure()
    {
        using var node = new TestNode();
        var pod = node.CreatePod();

        var result = node.Invoke("ADD", "", "empty-stdin", pod.Path);

        PluginChecks.AssertCniError(result, 6);
        AssertNothingLeft(node);
    }

    [Theory]
    [InlineData("</dev/null >&-")] // no stdout at all: the answer's write fails with EBADF
    [InlineData("<&-")] // no stdin at all: reading the config fails with EBADF
    public void A_caller_without_stdin_or_stdout_gets_one_line_on_stderr_and_a_failed_exit(string redirections)
    {
        // sh starts the plugin ($1) with the descriptor closed and reports its exit status on stderr.
        var result = ProcessRunner.Run(
            "sh",
            ["-c", $"\"$1\" {redirections}; echo \"exit=$?\" >&2", "sh", PluginBinary.Path],
            new Dictionary<string, string> { ["CNI_COMMAND"] = "VERSION" },
            timeout: TimeSpan.FromSeconds(30));

        Assert.DoesNotContain("   at ", result.StandardError);
        Assert.Contains("humanz-cni: cannot talk to the caller over stdin/stdout: Bad file descriptor", result.StandardError);
        Assert.Contains("exit=1", result.StandardError);
    }

    /// <summary>No lease and no link besides lo and (for failures after the bridge stage) the bridge.</summary>
    private static void AssertNothingLeft(TestNode node)
    {
        Assert.Empty(node.AllLeaseFiles());
        Assert.All(node.LinkNames(), name => Assert.Contains(name, (string[])["lo", "humanz-cni0"]));
    }
}
