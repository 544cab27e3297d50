using System.Text.Json.Serialization;

namespace HumanzCni.Chain.Results;

/// <summary>
/// The result of an ADD, in one shape for every spec version: <see cref="ResultWriter"/> trims it to
/// the requested version when printing, and a prevResult of any version reads into it.
/// </summary>
public sealed class CniResult
{
    [JsonPropertyName("cniVersion")]
    public string? CniVersion { get; set; }

    [JsonPropertyName("interfaces")]
    public List<CniInterface>? Interfaces { get; set; }

    [JsonPropertyName("ips")]
    public List<CniIpConfig>? Ips { get; set; }

    [JsonPropertyName("routes")]
    public List<CniRoute>? Routes { get; set; }

    [JsonPropertyName("dns")]
    public CniDns? Dns { get; set; }
}
