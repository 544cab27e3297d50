using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using HumanzCni.Chain.Results;

namespace HumanzCni.Chain.Runner;

/// <summary>
/// One file of the result cache, in libcni's format ("cniCacheV1"), so libcni-based runtimes and this
/// runner read each other's entries: config is the conflist's bytes (base64, as Go writes []byte),
/// cniArgs are [key, value] pairs, result is the list's final ADD result.
/// </summary>
public sealed class CachedAttachment
{
    public const string KindV1 = "cniCacheV1";

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = KindV1;

    [JsonPropertyName("containerId")]
    public string ContainerId { get; set; } = "";

    [JsonPropertyName("config")]
    public byte[]? Config { get; set; }

    [JsonPropertyName("ifName")]
    public string IfName { get; set; } = "";

    [JsonPropertyName("networkName")]
    public string NetworkName { get; set; } = "";

    /// <summary>Newer libcni records the netns too, so GC can DEL a stale attachment in it.</summary>
    [JsonPropertyName("netns")]
    public string? Netns { get; set; }

    [JsonPropertyName("cniArgs")]
    public List<List<string>>? CniArgs { get; set; }

    [JsonPropertyName("capabilityArgs")]
    public JsonObject? CapabilityArgs { get; set; }

    [JsonPropertyName("result")]
    public CniResult? Result { get; set; }

    /// <summary>The runtime config this entry was made with (GC DELs stale attachments with it).</summary>
    public RuntimeConf ToRuntimeConf() => new()
    {
        ContainerId = ContainerId,
        Netns = Netns ?? "",
        IfName = IfName,
        CniArgs = (CniArgs ?? []).Where(p => p.Count == 2).Select(p => KeyValuePair.Create(p[0], p[1])).ToList(),
        CapabilityArgs = CapabilityArgs,
    };
}
