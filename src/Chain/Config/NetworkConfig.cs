using System.Text.Json;
using System.Text.Json.Serialization;
using HumanzCni.Chain.Results;

namespace HumanzCni.Chain.Config;

/// <summary>
/// The fields of a network configuration that the framework itself reads. Each plugin type reads
/// its own fields from the same bytes (<see cref="Pipeline.StageContext.RawConfig"/>).
/// Keys match case-insensitively, as Go's encoding/json does for the reference plugins.
/// </summary>
public sealed class NetworkConfig
{
    /// <summary>The spec version the config is written in; the result is printed in it.</summary>
    [JsonPropertyName("cniVersion")]
    public string? CniVersion { get; set; }

    /// <summary>The network's name.</summary>
    [JsonPropertyName("name")]
    public string? Name { get; set; }

    /// <summary>The plugin type, which picks the <see cref="Pipeline.PluginType"/> that runs.</summary>
    [JsonPropertyName("type")]
    public string? Type { get; set; }

    /// <summary>Conventions: "args" holds per-plugin arguments (e.g. args.cni.ips); kept raw for stages.</summary>
    [JsonPropertyName("args")]
    public JsonElement? Args { get; set; }

    /// <summary>The capabilities the plugin declares (`{"portMappings": true}`): the runtime passes their arguments in <see cref="RuntimeConfig"/>; kept raw for stages.</summary>
    [JsonPropertyName("capabilities")]
    public JsonElement? Capabilities { get; set; }

    /// <summary>Whether <see cref="Capabilities"/> declares <paramref name="capability"/> with true (key in any case, as Go's decoder reads it).</summary>
    public bool Declares(string capability) =>
        Capabilities is { } declared && declared.TryGetPropertyIgnoreCase(capability, out var value) && value.ValueKind == JsonValueKind.True;

    /// <summary>Capability arguments the runtime injected (CONVENTIONS.md); kept raw for stages.</summary>
    [JsonPropertyName("runtimeConfig")]
    public JsonElement? RuntimeConfig { get; set; }

    /// <summary>The result of the plugins before this one in a chain (and the cached ADD result on CHECK and DEL).</summary>
    [JsonPropertyName("prevResult")]
    public CniResult? PrevResult { get; set; }

    /// <summary>Where this plugin logs; when absent, the host's default log file (<see cref="Hosting.PluginHost"/>), if it has one.</summary>
    [JsonPropertyName("logFile")]
    public string? LogFile { get; set; }

    /// <summary>Trace, Debug, Information (default), Warning, Error or None.</summary>
    [JsonPropertyName("logLevel")]
    public string? LogLevel { get; set; }

    /// <summary>The log file's size at which it is rotated to logFile.1; 0 never rotates; default 10 MiB.</summary>
    [JsonPropertyName("logMaxBytes")]
    public long? LogMaxBytes { get; set; }

    /// <summary>How many rotated log files (logFile.1 ... logFile.N) are kept; default 3.</summary>
    [JsonPropertyName("logMaxFiles")]
    public int? LogMaxFiles { get; set; }

    /// <summary>GC: the attachments the runtime still uses (SPEC 1.1.0).</summary>
    [JsonPropertyName("cni.dev/valid-attachments")]
    public List<Attachment>? ValidAttachments { get; set; }

    /// <summary>GC: the name a 1.1.0 draft used for <see cref="ValidAttachments"/>; still read.</summary>
    [JsonPropertyName("cni.dev/attachments")]
    public List<Attachment>? LegacyAttachments { get; set; }

    /// <summary>GC: the attachments to keep, from whichever key the runtime used.</summary>
    public IReadOnlyList<Attachment> AttachmentsToKeep() => ValidAttachments ?? LegacyAttachments ?? [];

    /// <summary>The whole config as parsed: stages read their own fields from it (<see cref="JsonFields"/>) instead of parsing <see cref="Pipeline.StageContext.RawConfig"/> again.</summary>
    [JsonIgnore]
    public JsonElement Json { get; init; }

    /// <summary>Reads the framework's fields of the config object <paramref name="root"/> (<see cref="JsonFields"/>: the serializer's rules without its metadata).</summary>
    internal static NetworkConfig FromJson(JsonFields json, JsonElement root) => new()
    {
        Json = root,
        CniVersion = json.String("cniVersion"),
        Name = json.String("name"),
        Type = json.String("type"),
        Args = json.Element("args"),
        Capabilities = json.Element("capabilities"),
        RuntimeConfig = json.Element("runtimeConfig"),
        PrevResult = json.Object("prevResult", CniResult.FromJson),
        LogFile = json.String("logFile"),
        LogLevel = json.String("logLevel"),
        LogMaxBytes = json.Int64("logMaxBytes"),
        LogMaxFiles = json.Int32("logMaxFiles"),
        ValidAttachments = json.List("cni.dev/valid-attachments", Attachment.ReadEntry),
        LegacyAttachments = json.List("cni.dev/attachments", Attachment.ReadEntry),
    };
}
