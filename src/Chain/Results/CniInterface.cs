using System.Text.Json.Serialization;

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
}
