using System.Net;
using System.Net.Sockets;
using System.Text.Json.Serialization;
using HumanzCni.Addressing;
using HumanzCni.Agent.Cluster;

namespace HumanzCni.Agent.Static;

/// <summary>
/// One node of a static cluster file: its name, its underlay addresses and pod subnets, each as a single field
/// (`address`, `subnet`) or a list (`addresses`, `subnets`: a dual-stack node's IPv4 and IPv6), or both.
/// </summary>
internal sealed class StaticNode
{
    [JsonPropertyName("name")]
    public string? Name { get; set; }

    [JsonPropertyName("address")]
    public string? Address { get; set; }

    [JsonPropertyName("addresses")]
    public List<string>? Addresses { get; set; }

    [JsonPropertyName("subnet")]
    public string? Subnet { get; set; }

    [JsonPropertyName("subnets")]
    public List<string>? Subnets { get; set; }

    /// <summary>
    /// One <see cref="NodeRecord"/> per subnet, with the node's address of the subnet's family; a subnet without an
    /// address of its family is left out with a warning (its pods cannot be routed via anything), unless no subnet
    /// has one: then the node is an error. Throws <see cref="FormatException"/> naming what is wrong.
    /// </summary>
    public IReadOnlyList<NodeRecord> Records(ICollection<string> warnings)
    {
        var name = Name ?? string.Empty;
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new FormatException("a node needs a name");
        }

        var subnets = Join(Subnet, Subnets);
        var addresses = Join(Address, Addresses);
        if (subnets.Count == 0)
        {
            throw new FormatException($"node {name} needs a subnet (\"subnet\", or \"subnets\": one IPv4 and/or one IPv6 CIDR)");
        }

        var parsed = addresses.Select(a => IPAddress.TryParse(a, out var address) ? address : throw new FormatException($"node {name}: address '{a}' is not an IP address")).ToList();
        OnePerFamily(name, "addresses", parsed.Select(a => a.AddressFamily));
        if (subnets.Count == 1 && addresses.Count <= 1)
        {
            // The single-family form: checked as it always was (a missing address or another family is an error).
            var record = new NodeRecord(name, addresses.FirstOrDefault() ?? string.Empty, subnets[0]);
            record.Parse();
            return [record];
        }

        var records = new List<NodeRecord>();
        var families = new List<AddressFamily>();
        foreach (var subnet in subnets)
        {
            var family = NodeRecord.ParseSubnet(name, subnet).BaseAddress.AddressFamily;
            families.Add(family);
            if (parsed.FirstOrDefault(a => a.AddressFamily == family) is { } address)
            {
                records.Add(new NodeRecord(name, address.ToString(), subnet));
            }
            else
            {
                warnings.Add($"node {name} has no {AddressFamilyName.Of(family)} address: its subnet {subnet} is left out");
            }
        }

        OnePerFamily(name, "subnets", families);
        return records.Count > 0
            ? records
            : throw new FormatException($"node {name}: none of its subnets ({string.Join(", ", subnets)}) has an address of its family ({string.Join(", ", addresses)})");
    }

    private static List<string> Join(string? single, List<string>? list) =>
        [.. single is null ? [] : new[] { single }, .. list ?? []];

    private static void OnePerFamily(string name, string what, IEnumerable<AddressFamily> families)
    {
        if (families.GroupBy(f => f).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            throw new FormatException($"node {name}: two {AddressFamilyName.Of(twice.Key)} {what}: give at most one per family");
        }
    }
}
