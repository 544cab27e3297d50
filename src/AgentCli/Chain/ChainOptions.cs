using System.Text.Json.Nodes;
using HumanzCni.Chain.Config;
using HumanzCni.Chain.Protocol;

namespace HumanzCni.AgentCli.Chain;

/// <summary>`humanz-cni chain VERB ...`, read and checked by <see cref="ChainCommandLine"/>.</summary>
internal sealed class ChainOptions
{
    public required CniCommand Command { get; init; }

    public required string Network { get; init; }

    public string Netns { get; init; } = "";

    public string ContainerId { get; init; } = "";

    public string IfName { get; init; } = "eth0";

    public required string ConfDir { get; init; }

    public required IReadOnlyList<string> CniPath { get; init; }

    public required string CacheDir { get; init; }

    public JsonObject? CapabilityArgs { get; init; }

    public required IReadOnlyList<KeyValuePair<string, string>> CniArgs { get; init; }

    public required IReadOnlyList<Attachment> ValidAttachments { get; init; }
}
