using HumanzCni.IntegrationTests.Harness;

namespace HumanzCni.IntegrationTests.Plugin;

/// <summary>The node bridge as pods come and go.</summary>
public sealed class BridgeTests
{
    /// <summary>
    /// A Linux bridge without an explicitly set MAC takes its lowest port's, so it would change as pods
    /// come and go and leave stale gateway ARP entries in every pod; the plugin pins it.
    /// </summary>
    [Fact]
    public void The_bridge_keeps_its_mac_while_pods_come_and_go()
    {
        using var node = new TestNode();
        var config = node.Config();
        var pods = Enumerable.Range(0, 3).Select(_ => node.CreatePod()).ToArray();

        node.Invoke("ADD", config, "mac-a", pods[0].Path).EnsureSuccess("ADD a");
        var macAtStart = BridgeMac(node);
        node.Invoke("ADD", config, "mac-b", pods[1].Path).EnsureSuccess("ADD b");
        node.Invoke("DEL", config, "mac-a", pods[0].Path).EnsureSuccess("DEL a");
        node.Invoke("ADD", config, "mac-c", pods[2].Path).EnsureSuccess("ADD c");
        node.Invoke("DEL", config, "mac-b", pods[1].Path).EnsureSuccess("DEL b");
        node.Invoke("DEL", config, "mac-c", pods[2].Path).EnsureSuccess("DEL c");

        Assert.NotEqual("00:00:00:00:00:00", macAtStart);
        Assert.Equal(macAtStart, BridgeMac(node));
    }

    private static string BridgeMac(TestNode node) =>
        node.Namespace.IpJson("link", "show", "humanz-cni0")[0].GetProperty("address").GetString()!;
}
