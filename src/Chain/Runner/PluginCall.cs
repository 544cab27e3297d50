using HumanzCni.Chain.Protocol;

namespace HumanzCni.Chain.Runner;

/// <summary>One plugin invocation of a chain: its type, the verb, the CNI_* environment and the config for stdin.</summary>
internal sealed class PluginCall
{
    /// <summary>The plugin's type: the file looked up in CNI_PATH.</summary>
    public required string Type { get; init; }

    /// <summary>The verb.</summary>
    public required CniCommand Command { get; init; }

    /// <summary>CNI_COMMAND, CNI_CONTAINERID, CNI_NETNS, CNI_IFNAME, CNI_ARGS and CNI_PATH.</summary>
    public required IReadOnlyDictionary<string, string> Environment { get; init; }

    /// <summary>The config for the plugin's stdin.</summary>
    public required byte[] Config { get; init; }
}
