using System.Text.Json.Serialization;

namespace HumanzCni.Chain.Results;

/// <summary>An entry of result.routes (and of a config's ipam routes). The fields after gw exist since 1.1.0.</summary>
public sealed class CniRoute
{
    [JsonPropertyName("dst")]
    public string Dst { get; set; } = "";

    [JsonPropertyName("gw")]
    public string? Gw { get; set; }

    [JsonPropertyName("mtu")]
    public int? Mtu { get; set; }

    [JsonPropertyName("advmss")]
    public int? AdvMss { get; set; }

    [JsonPropertyName("priority")]
    public int? Priority { get; set; }

    [JsonPropertyName("table")]
    public int? Table { get; set; }

    [JsonPropertyName("scope")]
    public int? Scope { get; set; }
}
