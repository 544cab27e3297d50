using System.Text.Json.Nodes;
using HumanzCni.Chain.Protocol;
using HumanzCni.Chain.Results;
using HumanzCni.Chain.Runner;

namespace HumanzCni.Tests.Runner;

/// <summary>
/// Stands in for the plugins of a chain: records every call with its config, and on ADD returns the
/// prevResult plus one interface named after the plugin's type (the first plugin starts from nothing).
/// A type in <see cref="Failing"/> fails with code 11.
/// </summary>
internal sealed class RecordingExecutor : IPluginExecutor
{
    public List<(string Type, CniCommand Command, JsonObject Config, IReadOnlyDictionary<string, string> Environment)> Calls { get; } = [];

    public HashSet<string> Failing { get; } = [];

    public CniResult? Execute(PluginCall call)
    {
        var config = (JsonObject)JsonNode.Parse(call.Config)!;
        Calls.Add((call.Type, call.Command, config, call.Environment));
        if (Failing.Contains(call.Type))
        {
            throw new CniException(CniErrorCode.TryAgainLater, $"{call.Type} is not in the mood", "details here");
        }

        if (call.Command != CniCommand.Add)
        {
            return null;
        }

        var previous = config["prevResult"]?["interfaces"]?.AsArray().Select(i => new CniInterface { Name = i!["name"]!.GetValue<string>() }).ToList() ?? [];
        previous.Add(new CniInterface { Name = call.Type });
        return new CniResult
        {
            CniVersion = config["cniVersion"]!.GetValue<string>(),
            Interfaces = previous,
            Ips = [new CniIpConfig { Address = "10.0.0.5/24", Interface = 0 }],
        };
    }

    public IEnumerable<string> Sequence(CniCommand command) => Calls.Where(c => c.Command == command).Select(c => c.Type);
}
