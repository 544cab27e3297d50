using System.Text.Json.Serialization;

namespace HumanzCni.Chain.Config;

/// <summary>One container attachment named in a GC request.</summary>
public sealed class Attachment
{
    /// <summary>The container's id (CNI_CONTAINERID of its ADD).</summary>
    [JsonPropertyName("containerID")]
    public string ContainerId { get; set; } = "";

    /// <summary>The interface name inside the container (CNI_IFNAME of its ADD).</summary>
    [JsonPropertyName("ifname")]
    public string IfName { get; set; } = "";
}
