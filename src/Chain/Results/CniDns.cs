using System.Text.Json.Serialization;

namespace HumanzCni.Chain.Results;

/// <summary>result.dns, also the shape of a config's "dns" field.</summary>
public sealed class CniDns
{
    [JsonPropertyName("nameservers")]
    public List<string>? Nameservers { get; set; }

    [JsonPropertyName("domain")]
    public string? Domain { get; set; }

    [JsonPropertyName("search")]
    public List<string>? Search { get; set; }

    [JsonPropertyName("options")]
    public List<string>? Options { get; set; }
}
