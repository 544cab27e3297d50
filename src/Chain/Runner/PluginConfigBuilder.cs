using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using HumanzCni.Chain.Config;
using HumanzCni.Chain.Results;

namespace HumanzCni.Chain.Runner;

/// <summary>
/// The config one plugin of a list receives on stdin, built as libcni builds it: the plugin's own object
/// with the list's "name" and "cniVersion" set, "prevResult" (the previous plugin's result, or the cached
/// one, in the list's version), and "runtimeConfig" holding only the capability arguments the plugin
/// declares in its "capabilities" map (replacing any runtimeConfig the file had, as libcni does).
/// </summary>
internal static class PluginConfigBuilder
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>ADD, CHECK and DEL: the plugin's object with the list's name and version, <paramref name="prevResult"/> and the runtimeConfig the plugin's capabilities ask for.</summary>
    public static byte[] ForAttachment(JsonObject plugin, string network, string cniVersion, CniResult? prevResult, JsonObject? capabilityArgs)
    {
        var config = WithNameAndVersion(plugin, network, cniVersion);
        if (prevResult is not null)
        {
            config["prevResult"] = JsonSerializer.SerializeToNode(ResultWriter.ShapeFor(prevResult, cniVersion), ChainJson.Context.CniResult);
        }

        if (RuntimeConfigFor(plugin, capabilityArgs) is { } runtimeConfig)
        {
            config["runtimeConfig"] = runtimeConfig;
        }

        return ToBytes(config);
    }

    /// <summary>GC: name and version, and the attachments the runtime still uses (never runtimeConfig, as in libcni).</summary>
    public static byte[] ForGc(JsonObject plugin, string network, string cniVersion, IReadOnlyList<Attachment> validAttachments)
    {
        var config = WithNameAndVersion(plugin, network, cniVersion);
        config["cni.dev/valid-attachments"] = new JsonArray(validAttachments
            .Select(a => (JsonNode)new JsonObject { ["containerID"] = a.ContainerId, ["ifname"] = a.IfName })
            .ToArray());
        return ToBytes(config);
    }

    /// <summary>STATUS: the plugin's object with the list's name and version.</summary>
    public static byte[] ForStatus(JsonObject plugin, string network, string cniVersion) =>
        ToBytes(WithNameAndVersion(plugin, network, cniVersion));

    /// <summary>
    /// The capability arguments whose key the plugin declares with true in "capabilities"; null when
    /// none, so a plugin without capabilities gets no runtimeConfig at all.
    /// </summary>
    public static JsonObject? RuntimeConfigFor(JsonObject plugin, JsonObject? capabilityArgs)
    {
        if (capabilityArgs is null || Property(plugin, "capabilities") is not JsonObject capabilities)
        {
            return null;
        }

        var runtimeConfig = new JsonObject();
        foreach (var (capability, enabled) in capabilities)
        {
            // Capability keys are matched exactly, as libcni looks them up in a Go map.
            if (enabled is JsonValue flag && flag.TryGetValue<bool>(out var on) && on
                && capabilityArgs.TryGetPropertyValue(capability, out var value) && value is not null)
            {
                runtimeConfig[capability] = value.DeepClone();
            }
        }

        return runtimeConfig.Count > 0 ? runtimeConfig : null;
    }

    /// <summary>The plugin's "type" (matched case-insensitively, as Go decodes it); null when absent.</summary>
    public static string? TypeOf(JsonObject plugin) =>
        Property(plugin, "type") is JsonValue value && value.TryGetValue<string>(out var type) ? type : null;

    /// <summary>Compact UTF-8 JSON with readable quotes and angle brackets (configs are never embedded in HTML).</summary>
    public static byte[] ToBytes(JsonNode node)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            node.WriteTo(writer);
        }

        return buffer.ToArray();
    }

    private static JsonObject WithNameAndVersion(JsonObject plugin, string network, string cniVersion)
    {
        var config = (JsonObject)plugin.DeepClone();
        config["name"] = network;
        config["cniVersion"] = cniVersion;
        return config;
    }

    private static JsonNode? Property(JsonObject json, string name)
    {
        if (json.TryGetPropertyValue(name, out var exact))
        {
            return exact;
        }

        return json.FirstOrDefault(p => p.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Value;
    }
}
