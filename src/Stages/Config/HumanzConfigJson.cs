using System.Text.Json;
using System.Text.Json.Serialization;
using HumanzCni.Chain.Config;
using HumanzCni.Chain.Results;

namespace HumanzCni.Stages.Config;

/// <summary>
/// The humanz-cni fields of a network configuration, as written (validated into <see cref="HumanzNetConf"/>). Each type
/// here reads itself (<c>FromJson</c>); the [JsonPropertyName]s name the same keys for SerializerAgreementTests, which
/// decodes every test config with System.Text.Json too and compares.
/// </summary>
internal sealed class HumanzConfigJson
{
    [JsonPropertyName("bridge")]
    public string? Bridge { get; set; }

    /// <summary>Shorthand for ipam.ranges = [[{"subnet": ...}]].</summary>
    [JsonPropertyName("subnet")]
    public string? Subnet { get; set; }

    /// <summary>Gateway for the <see cref="Subnet"/> shorthand; default: the subnet's first address.</summary>
    [JsonPropertyName("gateway")]
    public string? Gateway { get; set; }

    [JsonPropertyName("mtu")]
    public int? Mtu { get; set; }

    /// <summary>Give the pod a default route via the gateway (default true).</summary>
    [JsonPropertyName("isDefaultGateway")]
    public bool? IsDefaultGateway { get; set; }

    [JsonPropertyName("ipam")]
    public IpamJson? Ipam { get; set; }

    /// <summary>Other nodes' pod subnets and the node address each is reached via.</summary>
    [JsonPropertyName("peers")]
    public List<PeerJson>? Peers { get; set; }

    [JsonPropertyName("dns")]
    public CniDns? Dns { get; set; }

    /// <summary>Masquerade pod traffic leaving the node (default false).</summary>
    [JsonPropertyName("ipMasq")]
    public bool? IpMasq { get; set; }

    /// <summary>Destinations pod traffic keeps its source address to, e.g. the cluster's pod range.</summary>
    [JsonPropertyName("nonMasqueradeCidrs")]
    public List<string>? NonMasqueradeCidrs { get; set; }

    /// <summary>Let the bridge send a pod's frames back to it (default true).</summary>
    [JsonPropertyName("hairpinMode")]
    public bool? HairpinMode { get; set; }

    /// <summary>Reads the config object's humanz-cni fields (<see cref="JsonFields"/>: the serializer's rules without its metadata).</summary>
    public static HumanzConfigJson FromJson(JsonFields json) => new()
    {
        Bridge = json.String("bridge"),
        Subnet = json.String("subnet"),
        Gateway = json.String("gateway"),
        Mtu = json.Int32("mtu"),
        IsDefaultGateway = json.Boolean("isDefaultGateway"),
        Ipam = json.Object("ipam", IpamJson.FromJson),
        Peers = json.List("peers", static (entry, path) => JsonFields.ReadObject(entry, path, PeerJson.FromJson)!),
        Dns = json.Object("dns", CniDns.FromJson),
        IpMasq = json.Boolean("ipMasq"),
        NonMasqueradeCidrs = json.Strings("nonMasqueradeCidrs"),
        HairpinMode = json.Boolean("hairpinMode"),
    };
}

/// <summary>
/// A host-local style ipam block. Its own subnet, rangeStart, rangeEnd and gateway (inherited) are host-local's
/// older single-range form: one range at the top of ipam instead of in ranges.
/// </summary>
internal sealed class IpamJson : RangeJson
{
    [JsonPropertyName("type")]
    public string? Type { get; set; }

    [JsonPropertyName("ranges")]
    public List<List<RangeJson>>? Ranges { get; set; }

    [JsonPropertyName("routes")]
    public List<CniRoute>? Routes { get; set; }

    [JsonPropertyName("dataDir")]
    public string? DataDir { get; set; }

    /// <summary>Reads an ipam block: its own fields and the single range at its top.</summary>
    public static IpamJson FromJson(JsonFields json)
    {
        var ipam = new IpamJson
        {
            Type = json.String("type"),
            Ranges = json.List("ranges", static (set, path) => JsonFields.ReadList(set, path, RangeJson.ReadEntry)!),
            Routes = json.List("routes", CniRoute.ReadEntry),
            DataDir = json.String("dataDir"),
        };
        ipam.ReadRange(json);
        return ipam;
    }
}

/// <summary>One range of a range set.</summary>
internal class RangeJson
{
    [JsonPropertyName("subnet")]
    public string? Subnet { get; set; }

    [JsonPropertyName("rangeStart")]
    public string? RangeStart { get; set; }

    [JsonPropertyName("rangeEnd")]
    public string? RangeEnd { get; set; }

    [JsonPropertyName("gateway")]
    public string? Gateway { get; set; }

    /// <summary>Reads an entry of a range set; a null entry stays null for the validator to refuse.</summary>
    public static RangeJson ReadEntry(JsonElement entry, string path) => JsonFields.ReadObject(entry, path, json =>
    {
        var range = new RangeJson();
        range.ReadRange(json);
        return range;
    })!;

    /// <summary>Reads the range's fields, for an entry of a range set and for the range at the top of ipam.</summary>
    protected void ReadRange(JsonFields json)
    {
        Subnet = json.String("subnet");
        RangeStart = json.String("rangeStart");
        RangeEnd = json.String("rangeEnd");
        Gateway = json.String("gateway");
    }
}

internal sealed class PeerJson
{
    [JsonPropertyName("subnet")]
    public string? Subnet { get; set; }

    [JsonPropertyName("via")]
    public string? Via { get; set; }

    /// <summary>Reads an entry of peers.</summary>
    public static PeerJson FromJson(JsonFields json) => new() { Subnet = json.String("subnet"), Via = json.String("via") };
}
