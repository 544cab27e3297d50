using System.Text.Json.Serialization;

namespace HumanzCni.Chain.Results;

/// <summary>An entry of result.ips: an address in CIDR form, its gateway and the index of its interface in result.interfaces.</summary>
public sealed class CniIpConfig
{
    /// <summary>"4" or "6"; only results before 1.0.0 carry it.</summary>
    [JsonPropertyName("version")]
    public string? Version { get; set; }

    [JsonPropertyName("interface")]
    public int? Interface { get; set; }

    [JsonPropertyName("address")]
    public string Address { get; set; } = "";

    [JsonPropertyName("gateway")]
    public string? Gateway { get; set; }
}
