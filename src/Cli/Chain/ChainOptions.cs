using System.Text.Json;
using System.Text.Json.Nodes;
using HumanzCni.Chain.Config;
using HumanzCni.Chain.Protocol;

namespace HumanzCni.Cli.Chain;

/// <summary>
/// `humanz-cni chain VERB ...` parsed. Every option falls back to the variable cnictl reads
/// (NETCONFPATH, CNI_PATH, CNI_CACHE_DIR, CAP_ARGS, ARGS), then to the runtimes' usual default, so the
/// runner is a drop-in for cnictl in scripts.
/// </summary>
internal sealed class ChainOptions
{
    public const string Usage = """
        usage:
          humanz-cni chain add|check|del NET NETNS [CONTAINERID] [IFNAME] [options]
          humanz-cni chain gc NET [--valid CONTAINERID/IFNAME]... [options]
          humanz-cni chain status NET [options]
        options (default: the variable cnictl reads, then the usual path):
          --conf-dir DIR     where the network's conflist is     (NETCONFPATH, /etc/cni/net.d)
          --cni-path DIRS    ':'-separated plugin directories    (CNI_PATH, /opt/cni/bin)
          --cache-dir DIR    result cache, results/ below it     (CNI_CACHE_DIR, /var/lib/cni)
          --cap-args JSON    capability arguments, e.g. '{"portMappings":[...]}'  (CAP_ARGS)
          --args K=V;...     CNI_ARGS for every plugin           (ARGS)
          --valid ID/IFNAME  gc: an attachment still in use; repeat for each (none: all are stale)
        CONTAINERID defaults to "chain" + NETNS with '/' as '-', IFNAME to eth0.
        """;

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

    /// <summary>Parses the arguments after "chain"; a mistake throws <see cref="UsageException"/>.</summary>
    public static ChainOptions Parse(ReadOnlySpan<string> args, Func<string, string?> getVariable)
    {
        var positional = new List<string>();
        var named = new Dictionary<string, string>(StringComparer.Ordinal);
        var valid = new List<Attachment>();
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                positional.Add(arg);
                continue;
            }

            if (arg is not ("--conf-dir" or "--cni-path" or "--cache-dir" or "--cap-args" or "--args" or "--valid"))
            {
                throw new UsageException($"unknown option {arg}");
            }

            if (i + 1 >= args.Length)
            {
                throw new UsageException($"{arg} needs a value");
            }

            var value = args[++i];
            if (arg == "--valid")
            {
                valid.Add(ParseAttachment(value));
            }
            else
            {
                named[arg] = value;
            }
        }

        if (positional.Count == 0)
        {
            throw new UsageException("name a verb: add, check, del, gc or status");
        }

        var command = positional[0] switch
        {
            "add" => CniCommand.Add,
            "check" => CniCommand.Check,
            "del" => CniCommand.Del,
            "gc" => CniCommand.Gc,
            "status" => CniCommand.Status,
            var other => throw new UsageException($"unknown verb \"{other}\"; use add, check, del, gc or status"),
        };
        var attachment = command is CniCommand.Add or CniCommand.Check or CniCommand.Del;
        var (min, max) = attachment ? (3, 5) : (2, 2);
        if (positional.Count < min || positional.Count > max)
        {
            throw new UsageException(attachment
                ? $"{positional[0]} takes NET NETNS [CONTAINERID] [IFNAME]"
                : $"{positional[0]} takes NET only");
        }

        if (valid.Count > 0 && command != CniCommand.Gc)
        {
            throw new UsageException("--valid is for gc only");
        }

        string Option(string name, string variable, string fallback) =>
            named.GetValueOrDefault(name) ?? (getVariable(variable) is { Length: > 0 } set ? set : fallback);

        var netns = attachment ? positional[2] : "";
        return new ChainOptions
        {
            Command = command,
            Network = positional[1],
            Netns = netns,
            ContainerId = positional.Count > 3 ? positional[3] : "chain" + netns.Replace('/', '-'),
            IfName = positional.Count > 4 ? positional[4] : "eth0",
            ConfDir = Option("--conf-dir", "NETCONFPATH", "/etc/cni/net.d"),
            CniPath = Option("--cni-path", "CNI_PATH", "/opt/cni/bin").Split(':', StringSplitOptions.RemoveEmptyEntries),
            CacheDir = Option("--cache-dir", "CNI_CACHE_DIR", "/var/lib/cni"),
            CapabilityArgs = ParseCapabilityArgs(Option("--cap-args", "CAP_ARGS", "")),
            CniArgs = HumanzCni.Chain.Protocol.CniArgs.Parse(Option("--args", "ARGS", "")).Values.ToList(),
            ValidAttachments = valid,
        };
    }

    private static JsonObject? ParseCapabilityArgs(string text)
    {
        if (text.Length == 0)
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(text) as JsonObject ?? throw new UsageException($"--cap-args must be a JSON object, got {text}");
        }
        catch (JsonException e)
        {
            throw new UsageException($"--cap-args is not valid JSON: {e.Message}");
        }
    }

    private static Attachment ParseAttachment(string text)
    {
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 && slash < text.Length - 1
            ? new Attachment { ContainerId = text[..slash], IfName = text[(slash + 1)..] }
            : throw new UsageException($"--valid takes CONTAINERID/IFNAME, got \"{text}\"");
    }
}
