using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
using HumanzCni.Addressing;
using HumanzCni.Agent.Cluster;

namespace HumanzCni.Agent.Static;

/// <summary>
/// A cluster without etcd: every node with its name, underlay address and pod subnet, e.g.
/// `{"nodes": [{"name": "node1", "address": "200.0.0.10", "subnet": "100.100.1.0/24"}, ...]}`, or dual-stack
/// `{"name": "node1", "addresses": ["200.0.0.10", "fd00:200::10"], "subnets": ["100.100.1.0/24", "fd00:100:1::/64"]}`.
/// It is read as one <see cref="NodeRecord"/> per node and subnet.
/// </summary>
internal sealed class StaticClusterFile
{
    [JsonPropertyName("nodes")]
    public List<StaticNode>? Nodes { get; set; }

    /// <summary>Reads and checks a file: nodes present, each well-formed, names and subnets unique; what was left out goes to <paramref name="warnings"/>.</summary>
    public static IReadOnlyList<NodeRecord> Load(string path, ICollection<string>? warnings = null)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new FormatException($"cannot read static cluster file {path}: {e.Message}", e);
        }

        return Parse(text, path, warnings);
    }

    /// <summary>The records of a file's text (one per node and subnet); a subnet without an address of its family is left out, with a warning.</summary>
    public static IReadOnlyList<NodeRecord> Parse(string json, string source, ICollection<string>? warnings = null)
    {
        StaticClusterFile? file;
        try
        {
            file = JsonSerializer.Deserialize(json, AgentJsonContext.Default.StaticClusterFile);
        }
        catch (JsonException e)
        {
            throw new FormatException($"static cluster file {source} is not valid JSON: {e.Message}", e);
        }

        if (file?.Nodes is not { Count: > 0 } nodes)
        {
            throw new FormatException($"static cluster file {source} lists no nodes (expected {{\"nodes\": [{{\"name\", \"address\", \"subnet\"}}, ...]}})");
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        var subnets = new Dictionary<IPNetwork, string>();
        var records = new List<NodeRecord>();
        foreach (var node in nodes)
        {
            if (node is null)
            {
                throw new FormatException($"static cluster file {source}: a node entry is null");
            }

            var nodeRecords = WithSource(source, () => node.Records(warnings ?? []));
            if (!names.Add(nodeRecords[0].Name))
            {
                throw new FormatException($"static cluster file {source}: node {node.Name} is listed twice");
            }

            foreach (var record in nodeRecords)
            {
                var subnet = IPNetwork.Parse(record.Subnet);
                foreach (var (other, owner) in subnets)
                {
                    if (AddressArithmetic.Overlap(other, subnet))
                    {
                        throw new FormatException($"static cluster file {source}: subnets of {owner} ({other}) and {node.Name} ({subnet}) overlap");
                    }
                }

                subnets.Add(subnet, node.Name!);
                records.Add(record);
            }
        }

        return records;
    }

    private static T WithSource<T>(string source, Func<T> parse)
    {
        try
        {
            return parse();
        }
        catch (FormatException e)
        {
            throw new FormatException($"static cluster file {source}: {e.Message}", e);
        }
    }
}
