using System.Text.Json.Serialization;

namespace HumanzCni.Chain.Config;

/// <summary>One container attachment named in a GC request.</summary>
public sealed class Attachment
{
    [JsonPropertyName("containerID")]
    public string ContainerId { get; set; } = "";

    [JsonPropertyName("ifname")]
    public string IfName { get; set; } = "";
}
