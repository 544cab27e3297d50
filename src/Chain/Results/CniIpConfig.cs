using System.Text.Json;
using System.Text.Json.Serialization;
using HumanzCni.Chain.Config;

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

    /// <summary>Reads an entry of result.ips (<see cref="Config.JsonFields"/>).</summary>
    internal static CniIpConfig FromJson(JsonFields json) => new()
    {
        Version = json.String("version"),
        Interface = json.Int32("interface"),
        Address = json.String("address", ifAbsent: "")!,
        Gateway = json.String("gateway"),
    };

    /// <summary>Writes the entry as the serializer context did (<see cref="OmitNullWriting"/>).</summary>
    internal void WriteTo(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteIfSet("version"u8, Version);
        writer.WriteIfSet("interface"u8, Interface);
        writer.WriteIfSet("address"u8, Address);
        writer.WriteIfSet("gateway"u8, Gateway);
        writer.WriteEndObject();
    }
}
