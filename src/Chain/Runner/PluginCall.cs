using HumanzCni.Chain.Protocol;

namespace HumanzCni.Chain.Runner;

/// <summary>One plugin invocation of a chain: its type, the verb, the CNI_* environment and the config for stdin.</summary>
public sealed class PluginCall
{
    public required string Type { get; init; }

    public required CniCommand Command { get; init; }

    /// <summary>CNI_COMMAND, CNI_CONTAINERID, CNI_NETNS, CNI_IFNAME, CNI_ARGS and CNI_PATH.</summary>
    public required IReadOnlyDictionary<string, string> Environment { get; init; }

    public required byte[] Config { get; init; }
}
