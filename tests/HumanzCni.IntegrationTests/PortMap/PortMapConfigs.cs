using System.Text.Json.Nodes;

namespace HumanzCni.IntegrationTests.PortMap;

/// <summary>The conflist entries and CAP_ARGS the port mapping tests share.</summary>
public static class PortMapConfigs
{
    /// <summary>The humanz-portmap entry of a conflist, asking the runtime for port mappings.</summary>
    public static JsonObject PortMap(this TestNode node) => new()
    {
        ["type"] = "humanz-portmap",
        ["capabilities"] = new JsonObject { ["portMappings"] = true },
        ["logFile"] = node.LogFile,
    };

    /// <summary>CAP_ARGS for cnictl: {"portMappings": [...]}, keys spelled as containerd spells them.</summary>
    public static string Mappings(params (int HostPort, int ContainerPort, string Protocol)[] mappings) =>
        new JsonObject
        {
            ["portMappings"] = new JsonArray(mappings.Select(m => (JsonNode)new JsonObject
            {
                ["HostPort"] = m.HostPort,
                ["ContainerPort"] = m.ContainerPort,
                ["Protocol"] = m.Protocol.ToUpperInvariant(),
            }).ToArray()),
        }.ToJsonString();
}
