using System.Text.Json;
using System.Text.Json.Serialization;
using HumanzCni.Chain.Config;

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

    /// <summary>Reads an entry of result.routes or of a config's routes (<see cref="Config.JsonFields"/>); a null entry stays null for the caller to refuse.</summary>
    internal static CniRoute ReadEntry(JsonElement entry, string path) => JsonFields.ReadObject(entry, path, json => new CniRoute
    {
        Dst = json.String("dst", ifAbsent: "")!,
        Gw = json.String("gw"),
        Mtu = json.Int32("mtu"),
        AdvMss = json.Int32("advmss"),
        Priority = json.Int32("priority"),
        Table = json.Int32("table"),
        Scope = json.Int32("scope"),
    })!;

    /// <summary>Writes the entry as the serializer context did (<see cref="OmitNullWriting"/>).</summary>
    internal void WriteTo(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteIfSet("dst"u8, Dst);
        writer.WriteIfSet("gw"u8, Gw);
        writer.WriteIfSet("mtu"u8, Mtu);
        writer.WriteIfSet("advmss"u8, AdvMss);
        writer.WriteIfSet("priority"u8, Priority);
        writer.WriteIfSet("table"u8, Table);
        writer.WriteIfSet("scope"u8, Scope);
        writer.WriteEndObject();
    }
}
