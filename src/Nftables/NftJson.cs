using System.Text.Json.Serialization;

namespace HumanzCni.Nftables;

/// <summary>libnftables' JSON output (libnftables-json(5)): {"nftables": [{"metainfo": ...}, {"table": ...}, {"chain": ...}, {"rule": ...}]}.</summary>
public sealed class NftDocument
{
    [JsonPropertyName("nftables")]
    public List<NftObject>? Nftables { get; set; }
}

/// <summary>One entry of the list: exactly one of its properties is set; the kinds this project does not read (sets, maps...) leave all null.</summary>
public sealed class NftObject
{
    [JsonPropertyName("table")]
    public NftTable? Table { get; set; }

    [JsonPropertyName("chain")]
    public NftChain? Chain { get; set; }

    [JsonPropertyName("rule")]
    public NftRule? Rule { get; set; }
}

public sealed class NftTable
{
    [JsonPropertyName("family")]
    public string Family { get; set; } = "";

    [JsonPropertyName("name")]
    public string Name { get; set; } = "";

    [JsonPropertyName("handle")]
    public long Handle { get; set; }
}

public sealed class NftChain
{
    [JsonPropertyName("family")]
    public string Family { get; set; } = "";

    [JsonPropertyName("table")]
    public string Table { get; set; } = "";

    [JsonPropertyName("name")]
    public string Name { get; set; } = "";

    [JsonPropertyName("handle")]
    public long Handle { get; set; }
}

/// <summary>A rule with what identifies it (its handle) and its comment; the expressions are not read.</summary>
public sealed class NftRule
{
    [JsonPropertyName("family")]
    public string Family { get; set; } = "";

    [JsonPropertyName("table")]
    public string Table { get; set; } = "";

    [JsonPropertyName("chain")]
    public string Chain { get; set; } = "";

    [JsonPropertyName("handle")]
    public long Handle { get; set; }

    [JsonPropertyName("comment")]
    public string? Comment { get; set; }
}

/// <summary>Source-generated JSON for libnftables' output: no reflection, NativeAOT-safe. Unknown properties (expr, metainfo...) are skipped.</summary>
[JsonSerializable(typeof(NftDocument))]
public sealed partial class NftJsonContext : JsonSerializerContext;
