using System.Net;
using System.Text.Json.Serialization;
using HumanzCni.Addressing;

namespace HumanzCni.Agent.Cluster;

/// <summary>
/// One node as the cluster knows it: its name, underlay address and pod subnet. The value of a subnet
/// lease in etcd (JSON) and one entry of a static cluster file.
/// </summary>
internal sealed record NodeRecord(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("address")] string Address,
    [property: JsonPropertyName("subnet")] string Subnet)
{
    /// <summary>The record checked and parsed: a non-empty name, an IP address, a CIDR without host bits, of the same family.</summary>
    public (IPAddress Address, IPNetwork Subnet) Parse()
    {
        if (string.IsNullOrWhiteSpace(Name))
        {
            throw new FormatException("a node needs a name");
        }

        if (!IPAddress.TryParse(Address ?? string.Empty, out var address))
        {
            throw new FormatException($"node {Name}: address '{Address}' is not an IP address");
        }

        var subnet = ParseSubnet(Name, Subnet);
        if (subnet.BaseAddress.AddressFamily != address.AddressFamily)
        {
            throw new FormatException($"node {Name}: subnet {Subnet} and address {Address} are of different families");
        }

        return (address, subnet);
    }

    /// <summary>A node's subnet as a CIDR without host bits, or a <see cref="FormatException"/> naming the node.</summary>
    public static IPNetwork ParseSubnet(string node, string subnet) =>
        CidrText.TryParseExact(subnet, out var network)
            ? network
            : throw new FormatException($"node {node}: subnet '{subnet}' is not a CIDR without host bits (e.g. 100.100.1.0/24)");
}
