using System.Text.Json.Serialization;

namespace HumanzCni.Chain.Results;

/// <summary>result.dns, also the shape of a config's "dns" field.</summary>
public sealed class CniDns
{
    /// <summary>Name server addresses.</summary>
    [JsonPropertyName("nameservers")]
    public List<string>? Nameservers { get; set; }

    /// <summary>The local domain.</summary>
    [JsonPropertyName("domain")]
    public string? Domain { get; set; }

    /// <summary>Search domains.</summary>
    [JsonPropertyName("search")]
    public List<string>? Search { get; set; }

    /// <summary>Resolver options.</summary>
    [JsonPropertyName("options")]
    public List<string>? Options { get; set; }
}
