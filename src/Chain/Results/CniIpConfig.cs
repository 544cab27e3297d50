using System.Text.Json.Serialization;

namespace HumanzCni.Chain.Results;

/// <summary>An entry of result.ips: an address in CIDR form, its gateway and the index of its interface in result.interfaces.</summary>
public sealed class CniIpConfig
{
    /// <summary>"4" or "6"; only results before 1.0.0 carry it.</summary>
    [JsonPropertyName("version")]
    public string? Version { get; set; }

    /// <summary>The index of the address's interface in result.interfaces.</summary>
    [JsonPropertyName("interface")]
    public int? Interface { get; set; }

    /// <summary>The address in CIDR form, e.g. 10.1.0.5/24.</summary>
    [JsonPropertyName("address")]
    public string Address { get; set; } = "";

    /// <summary>The gateway; absent when none.</summary>
    [JsonPropertyName("gateway")]
    public string? Gateway { get; set; }
}
