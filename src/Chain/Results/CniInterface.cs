using System.Text.Json.Serialization;

namespace HumanzCni.Chain.Results;

/// <summary>An entry of result.interfaces. Sandbox is the netns path for container-side interfaces, absent for host-side ones.</summary>
public sealed class CniInterface
{
    [JsonPropertyName("name")]
    public string Name { get; set; } = "";

    [JsonPropertyName("mac")]
    public string? Mac { get; set; }

    /// <summary>Since 1.1.0.</summary>
    [JsonPropertyName("mtu")]
    public int? Mtu { get; set; }

    [JsonPropertyName("sandbox")]
    public string? Sandbox { get; set; }

    /// <summary>Since 1.1.0.</summary>
    [JsonPropertyName("socketPath")]
    public string? SocketPath { get; set; }

    /// <summary>Since 1.1.0.</summary>
    [JsonPropertyName("pciID")]
    public string? PciId { get; set; }
}
