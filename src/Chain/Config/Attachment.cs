using System.Text.Json;
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

    /// <summary>Reads an entry of a GC request's list; a null entry stays null, as the serializer left it (<see cref="NetworkConfigReader"/> refuses it).</summary>
    internal static Attachment ReadEntry(JsonElement entry, string path) => JsonFields.ReadObject(entry, path, json => new Attachment
    {
        ContainerId = json.String("containerID", ifAbsent: "")!,
        IfName = json.String("ifname", ifAbsent: "")!,
    })!;
}
