using System.Text.Json.Nodes;

namespace HumanzCni.IntegrationTests.Agent;

/// <summary>Static cluster files for the agent tests, replaced atomically so a running agent never reads half a file.</summary>
internal static class StaticClusterFiles
{
    public static void Write(string path, IEnumerable<(string Name, string Address, string Subnet)> nodes)
    {
        var list = new JsonArray(nodes.Select(n => (JsonNode)new JsonObject { ["name"] = n.Name, ["address"] = n.Address, ["subnet"] = n.Subnet }).ToArray());
        File.WriteAllText(path + ".tmp", new JsonObject { ["nodes"] = list }.ToJsonString());
        File.Move(path + ".tmp", path, overwrite: true);
    }
}
