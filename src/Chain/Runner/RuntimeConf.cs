using System.Text.Json.Nodes;

namespace HumanzCni.Chain.Runner;

/// <summary>
/// What a runtime says about one attachment, beside the conflist (libcni's RuntimeConf): the container,
/// its netns and interface, CNI_ARGS pairs in order, and the capability arguments (e.g. portMappings)
/// that each plugin receives in runtimeConfig if it declares the capability.
/// </summary>
internal sealed class RuntimeConf
{
    /// <summary>CNI_CONTAINERID.</summary>
    public string ContainerId { get; init; } = "";

    /// <summary>CNI_NETNS.</summary>
    public string Netns { get; init; } = "";

    /// <summary>CNI_IFNAME.</summary>
    public string IfName { get; init; } = "";

    /// <summary>CNI_ARGS pairs, in order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> CniArgs { get; init; } = [];

    /// <summary>Capability arguments (CAP_ARGS), e.g. portMappings; null when none.</summary>
    public JsonObject? CapabilityArgs { get; init; }

    /// <summary>CNI_ARGS as the plugins receive it: "K=V;K=V".</summary>
    public string CniArgsText => string.Join(';', CniArgs.Select(p => $"{p.Key}={p.Value}"));
}
