using System.Text.Json;
using System.Text.Json.Serialization;
using HumanzCni.Chain.Config;

namespace HumanzCni.Chain.Results;

/// <summary>An entry of result.interfaces. Sandbox is the netns path for container-side interfaces, absent for host-side ones.</summary>
public sealed class CniInterface
{
    /// <summary>The interface's name.</summary>
    [JsonPropertyName("name")]
    public string Name { get; set; } = "";

    /// <summary>Its MAC address; absent when unknown.</summary>
    [JsonPropertyName("mac")]
    public string? Mac { get; set; }

    /// <summary>Since 1.1.0.</summary>
    [JsonPropertyName("mtu")]
    public int? Mtu { get; set; }

    /// <summary>The netns path of a container-side interface; absent for host-side ones.</summary>
    [JsonPropertyName("sandbox")]
    public string? Sandbox { get; set; }

    /// <summary>Since 1.1.0.</summary>
    [JsonPropertyName("socketPath")]
    public string? SocketPath { get; set; }

    /// <summary>Since 1.1.0.</summary>
    [JsonPropertyName("pciID")]
    public string? PciId { get; set; }

    /// <summary>Reads an entry of result.interfaces (<see cref="Config.JsonFields"/>).</summary>
    internal static CniInterface FromJson(JsonFields json) => new()
    {
        Name = json.String("name", ifAbsent: "")!,
        Mac = json.String("mac"),
        Mtu = json.Int32("mtu"),
        Sandbox = json.String("sandbox"),
        SocketPath = json.String("socketPath"),
        PciId = json.String("pciID"),
    };

    /// <summary>Writes the entry as the serializer context did (<see cref="OmitNullWriting"/>).</summary>
    internal void WriteTo(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteIfSet("name"u8, Name);
        writer.WriteIfSet("mac"u8, Mac);
        writer.WriteIfSet("mtu"u8, Mtu);
        writer.WriteIfSet("sandbox"u8, Sandbox);
        writer.WriteIfSet("socketPath"u8, SocketPath);
        writer.WriteIfSet("pciID"u8, PciId);
        writer.WriteEndObject();
    }
}
