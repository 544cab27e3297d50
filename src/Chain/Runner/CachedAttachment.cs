using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using HumanzCni.Chain.Results;

namespace HumanzCni.Chain.Runner;

/// <summary>
/// One file of the result cache, in libcni's format ("cniCacheV1"), so libcni-based runtimes and this
/// runner read each other's entries: config is the conflist's bytes (base64, as Go writes []byte),
/// cniArgs are [key, value] pairs, result is the list's final ADD result.
/// </summary>
internal sealed class CachedAttachment
{
    /// <summary>libcni's kind marker for this format.</summary>
    public const string KindV1 = "cniCacheV1";

    /// <summary>The format's kind; <see cref="KindV1"/>.</summary>
    [JsonPropertyName("kind")]
    public string Kind { get; set; } = KindV1;

    /// <summary>The container of the attachment.</summary>
    [JsonPropertyName("containerId")]
    public string ContainerId { get; set; } = "";

    /// <summary>The conflist's bytes as ADD used them.</summary>
    [JsonPropertyName("config")]
    public byte[]? Config { get; set; }

    /// <summary>The interface name in the container.</summary>
    [JsonPropertyName("ifName")]
    public string IfName { get; set; } = "";

    /// <summary>The network's name.</summary>
    [JsonPropertyName("networkName")]
    public string NetworkName { get; set; } = "";

    /// <summary>Newer libcni records the netns too, so GC can DEL a stale attachment in it.</summary>
    [JsonPropertyName("netns")]
    public string? Netns { get; set; }

    /// <summary>CNI_ARGS as [key, value] pairs.</summary>
    [JsonPropertyName("cniArgs")]
    public List<List<string>>? CniArgs { get; set; }

    /// <summary>The capability arguments of the ADD.</summary>
    [JsonPropertyName("capabilityArgs")]
    public JsonObject? CapabilityArgs { get; set; }

    /// <summary>The list's final ADD result.</summary>
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
