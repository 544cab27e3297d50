using System.Text.Json.Serialization;

namespace HumanzCni.Chain.Results;

/// <summary>
/// The result of an ADD, in one shape for every spec version: <see cref="ResultWriter"/> trims it to
/// the requested version when printing, and a prevResult of any version reads into it.
/// </summary>
public sealed class CniResult
{
    /// <summary>The version the result was printed in.</summary>
    [JsonPropertyName("cniVersion")]
    public string? CniVersion { get; set; }

    /// <summary>The interfaces the chain made.</summary>
    [JsonPropertyName("interfaces")]
    public List<CniInterface>? Interfaces { get; set; }

    /// <summary>The addresses assigned.</summary>
    [JsonPropertyName("ips")]
    public List<CniIpConfig>? Ips { get; set; }

    /// <summary>The routes set in the container.</summary>
    [JsonPropertyName("routes")]
    public List<CniRoute>? Routes { get; set; }

    /// <summary>DNS settings for the container.</summary>
    [JsonPropertyName("dns")]
    public CniDns? Dns { get; set; }

    /// <summary>
    /// Prints ips without "version" even in 0.3.x and 0.4.0. Only the loopback type sets it, to answer exactly as
    /// the reference loopback does: that builds libcni's 1.x result stamped with the config's version, which
    /// libcni then prints unconverted, so its ips carry no version in any spec version.
    /// </summary>
    [JsonIgnore]
    public bool OmitsIpVersion { get; set; }
}
