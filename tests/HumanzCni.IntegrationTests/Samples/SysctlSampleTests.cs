using System.Text.Json.Nodes;
using HumanzCni.IntegrationTests.Harness;

namespace HumanzCni.IntegrationTests.Samples;

/// <summary>
/// samples/sysctl, built only against the packed framework, chained after humanz-cni: ADD sets the configured
/// sysctls inside the pod's namespace (through libcni's cnictl and through `humanz-cni chain`), CHECK notices
/// a value changed behind its back, DEL succeeds, and bad config is refused with code 7.
/// </summary>
public sealed class SysctlSampleTests(SysctlSamplePlugin sample, Xunit.Abstractions.ITestOutputHelper output) : IClassFixture<SysctlSamplePlugin>
{
    private const string Network = "hzt-sysctl";
    private const string Somaxconn = "net.core.somaxconn";
    private const string AcceptRedirects = "net.ipv4.conf.eth0.accept_redirects";

    [Fact]
    public void Cnictl_add_sets_the_sysctls_in_the_pod_check_verifies_them_and_del_succeeds()
    {
        output.WriteLine($"./build.sh pack took {sample.PackTime.TotalSeconds:F1} s, dotnet publish samples/sysctl {sample.PublishTime.TotalSeconds:F1} s");
        using var node = new TestNode("hzsc");
        var pod = node.CreatePod("hzsc-pod");
        node.WriteConflist(Network, "1.0.0", node.Config(name: Network), SysctlConfig(Somaxconn, "1024", AcceptRedirects, "0"));
        Assert.NotEqual("1024", PodSysctl(pod, Somaxconn));

        node.Cnictl("add", Network, pod.Path, "sysctl-cnictl", cniPath: sample.CniPath).EnsureSuccess("cnictl add");

        Assert.Equal("1024", PodSysctl(pod, Somaxconn));
        Assert.Equal("0", PodSysctl(pod, AcceptRedirects));
        node.Cnictl("check", Network, pod.Path, "sysctl-cnictl", cniPath: sample.CniPath).EnsureSuccess("cnictl check");

        ProcessRunner.Run("ip", ["netns", "exec", pod.Name, "sysctl", "-qw", $"{Somaxconn}=2000"]).EnsureSuccess("sysctl -w in the pod");
        var check = node.Cnictl("check", Network, pod.Path, "sysctl-cnictl", cniPath: sample.CniPath);
        Assert.NotEqual(0, check.ExitCode);
        Assert.Contains($"sysctl {Somaxconn} is 2000", check.StandardOutput + check.StandardError);

        node.Cnictl("del", Network, pod.Path, "sysctl-cnictl", cniPath: sample.CniPath).EnsureSuccess("cnictl del");
        Assert.Empty(node.HostVeths());
    }

    [Fact]
    public void Chain_runner_add_check_del_with_the_sample_after_humanz_cni()
    {
        using var node = new TestNode("hzsc");
        var pod = node.CreatePod("hzsc-pod");
        node.WriteConflist(Network, "1.0.0", node.Config(name: Network), SysctlConfig(Somaxconn, "512"));

        var add = node.Chain("add", Network, pod.Path, "sysctl-chain", cniPath: sample.CniPath).EnsureSuccess("humanz-cni chain add");

        // The sample passes humanz-cni's result through: the pod's address is still in the chain's answer.
        Assert.False(string.IsNullOrEmpty(CniResults.PodAddress(add.Json())));
        Assert.Equal("512", PodSysctl(pod, Somaxconn));
        node.Chain("check", Network, pod.Path, "sysctl-chain", cniPath: sample.CniPath).EnsureSuccess("humanz-cni chain check");
        node.Chain("del", Network, pod.Path, "sysctl-chain", cniPath: sample.CniPath).EnsureSuccess("humanz-cni chain del");
        Assert.Empty(node.HostVeths());
    }

    [Theory]
    [InlineData("kernel.pid_max", "\"4194304\"", "kernel.pid_max is not a net.* sysctl")]
    [InlineData(Somaxconn, "1024", "the value of net.core.somaxconn must be a string")]
    public void Bad_config_is_refused_with_code_7_naming_the_key(string key, string jsonValue, string message)
    {
        using var node = new TestNode("hzsc");
        var pod = node.CreatePod("hzsc-pod");
        var config = SysctlConfig();
        config["sysctls"] = JsonNode.Parse($"{{\"{key}\": {jsonValue}}}");
        config["cniVersion"] = "1.0.0";
        config["name"] = Network;
        config["prevResult"] = new JsonObject { ["cniVersion"] = "1.0.0" };

        var add = node.Invoke("ADD", config.ToJsonString(), "sysctl-bad", pod.Path, plugin: sample.Path);

        Assert.NotEqual(0, add.ExitCode);
        Assert.Equal(7, add.Json().GetProperty("code").GetInt32());
        Assert.Contains(message, add.Json().GetProperty("msg").GetString());
    }

    private static JsonObject SysctlConfig(params string[] keysAndValues)
    {
        var sysctls = new JsonObject();
        for (var i = 0; i < keysAndValues.Length; i += 2)
        {
            sysctls[keysAndValues[i]] = keysAndValues[i + 1];
        }

        return new JsonObject { ["type"] = "humanz-sysctl", ["sysctls"] = sysctls };
    }

    private static string PodSysctl(TestNamespace pod, string key) =>
        ProcessRunner.Run("ip", ["netns", "exec", pod.Name, "sysctl", "-n", key]).EnsureSuccess($"sysctl -n {key} in the pod").StandardOutput.Trim();
}
