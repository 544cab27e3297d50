using System.Text.Json;
using System.Text.Json.Serialization;
using HumanzCni.Chain.Config;

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

    /// <summary>Reads a prevResult of any version (<see cref="Config.JsonFields"/>: the serializer's rules without its metadata).</summary>
    internal static CniResult FromJson(JsonFields json) => new()
    {
        CniVersion = json.String("cniVersion"),
        Interfaces = json.List("interfaces", static (entry, path) => JsonFields.ReadObject(entry, path, CniInterface.FromJson)!),
        Ips = json.List("ips", static (entry, path) => JsonFields.ReadObject(entry, path, CniIpConfig.FromJson)!),
        Routes = json.List("routes", CniRoute.ReadEntry),
        Dns = json.Object("dns", CniDns.FromJson),
    };

    /// <summary>Writes the result as the serializer context did (<see cref="OmitNullWriting"/>); <see cref="ResultWriter"/> shapes it for a version first.</summary>
    internal void WriteTo(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteIfSet("cniVersion"u8, CniVersion);
        writer.WriteIfSet("interfaces"u8, Interfaces, static (w, entry) => entry.WriteTo(w));
        writer.WriteIfSet("ips"u8, Ips, static (w, entry) => entry.WriteTo(w));
        writer.WriteIfSet("routes"u8, Routes, static (w, entry) => entry.WriteTo(w));
        writer.WriteIfSet("dns"u8, Dns, static (w, dns) => dns.WriteTo(w));
        writer.WriteEndObject();
    }
}
