namespace HumanzCni.IntegrationTests.Harness;

/// <summary>Looks at a test node's shaping with `tc` and `ip`: its ifbs and the qdiscs of a link.</summary>
public static class TrafficControl
{
    /// <summary>The node's ifb links, by name.</summary>
    public static List<string> Ifbs(this TestNode node) =>
        node.Namespace.IpJson("link", "show", "type", "ifb").EnumerateArray().Select(l => l.GetProperty("ifname").GetString()!).ToList();

    /// <summary>The link's qdiscs other than the kernel's default (noqueue), sorted by kind.</summary>
    public static List<string> QdiscKinds(this TestNode node, string link)
    {
        using var document = System.Text.Json.JsonDocument.Parse(node.Tc("-j", "qdisc", "show", "dev", link));
        return document.RootElement.EnumerateArray().Select(q => q.GetProperty("kind").GetString()!).Where(k => k != "noqueue").Order().ToList();
    }

    /// <summary>`tc -n NODE ARGS...`; its output.</summary>
    public static string Tc(this TestNode node, params string[] args) =>
        ProcessRunner.Run("tc", ["-n", node.Namespace.Name, .. args]).EnsureSuccess($"tc {string.Join(' ', args)}").StandardOutput;
}
