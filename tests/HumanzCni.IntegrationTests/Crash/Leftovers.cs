using System.Net;
using HumanzCni.IntegrationTests.Harness;

namespace HumanzCni.IntegrationTests.Crash;

/// <summary>What is left of an attachment on its node and in its pod, as text naming each thing (empty: nothing).</summary>
public static class Leftovers
{
    /// <summary>
    /// Host links named hz* (veths, hzb* ifbs: no other pod lives on the node), pod links but lo, pod routes but lo's,
    /// files in the lease directory other than the lock, the last-reserved markers, the boot record and blank spare lease
    /// files kept for reuse (leases, their index names, empty leases, temp files, spares holding anything but spaces:
    /// any other name of a spare is reported as what it is), result cache files naming the container (entries and their temp files), and
    /// nftables rules carrying the container's comment. With <paramref name="networkRulesToo"/>,
    /// also the network's own rules (hz-net:), which the DEL of its last pod takes away.
    /// </summary>
    public static IReadOnlyList<string> Of(PodAttachment attachment, bool networkRulesToo)
    {
        var found = new List<string>();
        found.AddRange(LinkNames(attachment.Node.Namespace).Where(name => name.StartsWith("hz", StringComparison.Ordinal)).Select(name => $"host link {name}"));
        found.AddRange(LinkNames(attachment.Pod).Where(name => name != "lo").Select(name => $"pod link {name}"));
        found.AddRange(PodRoutes(attachment.Pod, "-4").Concat(PodRoutes(attachment.Pod, "-6")));
        found.AddRange(LeaseDirectoryFiles(attachment.LeaseDirectory));
        found.AddRange(attachment.Node.CacheEntries().Where(name => name.Contains(attachment.ContainerId, StringComparison.Ordinal)).Select(name => $"result cache file {name}"));

        var ruleset = attachment.Node.NftRuleset();
        if (ruleset.Contains($"hz:{attachment.ContainerId}/", StringComparison.Ordinal))
        {
            found.Add($"nftables rules of {attachment.ContainerId}:\n{ruleset}");
        }

        if (networkRulesToo && ruleset.Contains("hz-net:", StringComparison.Ordinal))
        {
            found.Add($"the network's rules after its last pod went:\n{ruleset}");
        }

        return found;
    }

    /// <summary>The pod's routes but lo's (the plugin brings lo up, and the kernel gives it its local routes).</summary>
    private static IEnumerable<string> PodRoutes(TestNamespace pod, string family) =>
        pod.IpJson(family, "route", "show", "table", "all").EnumerateArray()
            .Where(route => !route.TryGetProperty("dev", out var dev) || dev.GetString() != "lo")
            .Select(route => $"pod route {route}");

    private static IEnumerable<string> LinkNames(TestNamespace where) =>
        where.IpJson("link", "show").EnumerateArray().Select(link => link.GetProperty("ifname").GetString()!);

    private static IEnumerable<string> LeaseDirectoryFiles(string directory)
    {
        if (!Directory.Exists(directory))
        {
            yield break;
        }

        foreach (var path in Directory.EnumerateFiles(directory))
        {
            var name = Path.GetFileName(path);
            if (name == "lock" || name.StartsWith("last_reserved_ip.", StringComparison.Ordinal) || name.StartsWith("humanz.boot_id", StringComparison.Ordinal)
                || (name.StartsWith("humanz.spare.", StringComparison.Ordinal) && File.ReadAllText(path).Trim().Length == 0))
            {
                continue;
            }

            var length = new FileInfo(path).Length;
            yield return IPAddress.TryParse(name, out _)
                ? $"lease {name} ({(length == 0 ? "EMPTY" : File.ReadAllText(path).ReplaceLineEndings(" "))})"
                : $"file {name} ({length} bytes) in the lease directory";
        }
    }
}
