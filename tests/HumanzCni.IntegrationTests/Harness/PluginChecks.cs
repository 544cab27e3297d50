using System.Text.Json;
using System.Text.Json.Nodes;

namespace HumanzCni.IntegrationTests.Harness;

/// <summary>
/// Small look-ups and assertions the plugin tests share: what links a node holds, pings between
/// namespaces, the ADD result's pod address, and the shape of a CNI error.
/// </summary>
public static class PluginChecks
{
    /// <summary>Names of every link in the node's namespace (lo, the bridge, host veths...).</summary>
    public static IReadOnlyList<string> LinkNames(this TestNode node) =>
        node.Namespace.IpJson("link", "show").EnumerateArray().Select(l => l.GetProperty("ifname").GetString()!).ToList();

    /// <summary>Host veths (type veth) in the node's namespace.</summary>
    public static IReadOnlyList<string> HostVeths(this TestNode node) =>
        node.Namespace.IpJson("link", "show", "type", "veth").EnumerateArray().Select(l => l.GetProperty("ifname").GetString()!).ToList();

    /// <summary>Links enslaved to the bridge.</summary>
    public static IReadOnlyList<string> BridgePorts(this TestNode node, string bridge = "humanz-cni0") =>
        node.Namespace.IpJson("link", "show", "master", bridge).EnumerateArray().Select(l => l.GetProperty("ifname").GetString()!).ToList();

    /// <summary>`nft list ruleset` inside the node namespace: the text to compare before and after.</summary>
    public static string NftRuleset(this TestNode node)
    {
        var result = ProcessRunner.Run("ip", ["netns", "exec", node.Namespace.Name, "nft", "list", "ruleset"]);
        Assert.True(result.ExitCode == 0, $"nft list ruleset in {node.Namespace.Name}: {result.StandardError}");
        return result.StandardOutput;
    }

    /// <summary>
    /// The node's `nft list ruleset` with HumanzCni's table (`table inet humanz-cni { ... }`) cut out, and that
    /// table's text alone ("" when there is none).
    /// </summary>
    public static (string Others, string HumanzTable) NftRulesetParts(this TestNode node)
    {
        var lines = node.NftRuleset().Split('\n');
        var start = Array.IndexOf(lines, "table inet humanz-cni {");
        if (start < 0)
        {
            return (string.Join('\n', lines), "");
        }

        var end = Array.IndexOf(lines, "}", start);
        return (string.Join('\n', lines[..start].Concat(lines[(end + 1)..])), string.Join('\n', lines[start..(end + 1)]));
    }

    /// <summary>
    /// Asserts that after the DELs the node's ruleset is <paramref name="before"/> (taken with no HumanzCni table)
    /// but for the host port layout, which stays with no element and no commented rule in it, and that a GC of
    /// <paramref name="network"/> listing no attachment then deletes that too: the ruleset is exactly as before.
    /// </summary>
    public static void AssertRulesetAsBeforeButTheEmptyHostPortLayout(this TestNode node, string network, string before)
    {
        Assert.DoesNotContain("table inet humanz-cni", before);
        var (others, humanzTable) = node.NftRulesetParts();
        Assert.Equal(before, others);
        Assert.Contains("map hostports-any4", humanzTable);
        Assert.DoesNotContain("elements", humanzTable);
        Assert.DoesNotContain("comment", humanzTable);

        var gc = new JsonObject
        {
            ["cniVersion"] = "1.1.0",
            ["name"] = network,
            ["type"] = "humanz-portmap",
            ["logFile"] = node.LogFile,
            ["cni.dev/valid-attachments"] = new JsonArray(),
        };
        node.Invoke("GC", gc).EnsureSuccess("humanz-portmap GC");
        Assert.Equal(before, node.NftRuleset());
    }

    /// <summary>Runs nft commands (nft -f) inside the node namespace, e.g. to give it Docker's FORWARD chain.</summary>
    public static void Nft(this TestNode node, string commands)
    {
        var result = ProcessRunner.Run("ip", ["netns", "exec", node.Namespace.Name, "nft", "-f", "-"], stdin: commands);
        result.EnsureSuccess($"nft -f - in {node.Namespace.Name}");
    }

    /// <summary>Runs the plugin with a JSON config object.</summary>
    public static ProcessResult Invoke(this TestNode node, string command, JsonObject config, string containerId = "", string netns = "", string ifName = "eth0", string? cniArgs = null) =>
        node.Invoke(command, config.ToJsonString(), containerId, netns, ifName, cniArgs);

    /// <summary>One ICMP echo from inside a namespace (by name); true when a reply came back within 2 s.</summary>
    public static bool Ping(string fromNamespace, string address) =>
        NamespacePing.RoundTrip(HumanzCni.Netlink.NamedNetworkNamespaces.PathOf(fromNamespace), address) is not null;

    /// <summary>
    /// Asserts the plugin failed the way the spec says: exit != 0, stdout exactly one JSON error
    /// document with the code and a message holding every fragment, and no stack trace anywhere.
    /// Returns the message.
    /// </summary>
    public static string AssertCniError(ProcessResult result, int code, params string[] messageFragments)
    {
        Assert.True(result.ExitCode != 0, $"expected a failure, got exit 0 with {result.StandardOutput}");
        Assert.DoesNotContain("   at ", result.StandardOutput);
        Assert.DoesNotContain("   at ", result.StandardError);
        JsonElement error;
        try
        {
            // JsonDocument.Parse rejects trailing content, so this also proves there is one document only.
            error = result.Json();
        }
        catch (JsonException e)
        {
            throw new Xunit.Sdk.XunitException($"stdout is not exactly one JSON document ({e.Message}): {result.StandardOutput}");
        }

        Assert.Equal(JsonValueKind.Object, error.ValueKind);
        Assert.True(error.TryGetProperty("cniVersion", out _), $"error lacks cniVersion: {result.StandardOutput}");
        Assert.Equal(code, error.GetProperty("code").GetInt32());
        var message = error.GetProperty("msg").GetString() ?? "";
        foreach (var fragment in messageFragments)
        {
            Assert.Contains(fragment, message);
        }

        return message;
    }

    /// <summary>Address files in a lease directory, whichever network name.</summary>
    public static IReadOnlyList<string> AllLeaseFiles(this TestNode node)
    {
        if (!Directory.Exists(node.DataDir))
        {
            return [];
        }

        return Directory.EnumerateFiles(node.DataDir, "*", SearchOption.AllDirectories)
            .Select(Path.GetFileName)
            .Where(f => System.Net.IPAddress.TryParse(f, out _))
            .Select(f => f!)
            .ToList();
    }

    /// <summary>
    /// Deletes a namespace by hand, as when a pod went away before its DEL: closes the test's own handle
    /// on it too, so the kernel really destroys it (and the pod end of its veth). Dispose tolerates it later.
    /// </summary>
    public static void DeleteNamespace(TestNamespace ns)
    {
        ns.Handle.Dispose();
        var (exitCode, _, stderr) = ProcessRunner.Run("ip", ["netns", "del", ns.Name]);
        Assert.True(exitCode == 0, $"ip netns del {ns.Name}: {stderr}");
    }
}
