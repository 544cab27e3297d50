using System.Text.Json.Serialization;

namespace HumanzCni.Chain.Results;

/// <summary>An entry of result.routes (and of a config's ipam routes). The fields after gw exist since 1.1.0.</summary>
public sealed class CniRoute
{
    /// <summary>The destination in CIDR form.</summary>
    [JsonPropertyName("dst")]
    public string Dst { get; set; } = "";

    /// <summary>The next hop; absent for the interface's default gateway.</summary>
    [JsonPropertyName("gw")]
    public string? Gw { get; set; }

    /// <summary>The route's MTU (1.1.0).</summary>
    [JsonPropertyName("mtu")]
    public int? Mtu { get; set; }

    /// <summary>The MSS advertised on the route (1.1.0).</summary>
    [JsonPropertyName("advmss")]
    public int? AdvMss { get; set; }

    /// <summary>The route's metric (1.1.0).</summary>
    [JsonPropertyName("priority")]
    public int? Priority { get; set; }

    /// <summary>The routing table (1.1.0).</summary>
    [JsonPropertyName("table")]
    public int? Table { get; set; }

    /// <summary>The route's scope (1.1.0).</summary>
    [JsonPropertyName("scope")]
    public int? Scope { get; set; }
}
