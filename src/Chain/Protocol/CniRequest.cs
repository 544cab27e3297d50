namespace HumanzCni.Chain.Protocol;

/// <summary>
/// One plugin invocation as the runtime describes it: the CNI_* environment and the config on stdin.
/// </summary>
public sealed class CniRequest
{
    /// <summary>CNI_COMMAND.</summary>
    public required CniCommand Command { get; init; }

    /// <summary>CNI_CONTAINERID; empty for VERSION, GC and STATUS.</summary>
    public string ContainerId { get; init; } = "";

    /// <summary>CNI_NETNS; empty when the runtime gave none (allowed on DEL).</summary>
    public string Netns { get; init; } = "";

    /// <summary>CNI_IFNAME.</summary>
    public string IfName { get; init; } = "";

    /// <summary>CNI_ARGS, parsed.</summary>
    public CniArgs Args { get; init; } = CniArgs.Empty;

    /// <summary>CNI_PATH split on ':'.</summary>
    public IReadOnlyList<string> Path { get; init; } = [];

    /// <summary>The network configuration bytes from stdin.</summary>
    public ReadOnlyMemory<byte> Config { get; init; }
}
