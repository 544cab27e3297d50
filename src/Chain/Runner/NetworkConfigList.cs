using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Unicode;
using HumanzCni.Chain.Protocol;

namespace HumanzCni.Chain.Runner;

/// <summary>
/// A conflist as libcni reads it: the network's name and version, the list-level switches, and each
/// plugin's config object untouched (plugins decode their own fields). <see cref="Bytes"/> is what
/// the result cache records as the attachment's config.
/// </summary>
internal sealed class NetworkConfigList
{
    /// <summary>The network's name.</summary>
    public required string Name { get; init; }

    /// <summary>The version every plugin is called with: "cniVersion", or the highest supported entry of "cniVersions".</summary>
    public required string CniVersion { get; init; }

    /// <summary>The list's disableCheck: CHECK does nothing.</summary>
    public bool DisableCheck { get; init; }

    /// <summary>The list's disableGC: GC does nothing.</summary>
    public bool DisableGc { get; init; }

    /// <summary>Each plugin's config object, in order.</summary>
    public required IReadOnlyList<JsonObject> Plugins { get; init; }

    /// <summary>The conflist's bytes, as the result cache records them.</summary>
    public required byte[] Bytes { get; init; }

    /// <summary>Parses a conflist; <paramref name="source"/> (a file name) goes into error messages.</summary>
    public static NetworkConfigList Parse(byte[] bytes, string source)
    {
        var list = ParseObject(bytes, source);
        var name = list["name"] is JsonValue nameValue && nameValue.TryGetValue<string>(out var n)
            ? n
            : throw Invalid(source, "\"name\" is missing or not a string");
        var version = ReadVersion(list, source);
        if (list["plugins"] is not JsonArray plugins)
        {
            throw Invalid(source, "\"plugins\" is missing or not a list");
        }

        if (plugins.Count == 0)
        {
            throw Invalid(source, "\"plugins\" is empty; a conflist needs at least one plugin");
        }

        var configs = new List<JsonObject>(plugins.Count);
        for (var i = 0; i < plugins.Count; i++)
        {
            if (plugins[i] is not JsonObject plugin || string.IsNullOrEmpty(PluginConfigBuilder.TypeOf(plugin)))
            {
                throw Invalid(source, $"plugin {i} is not an object with a \"type\"");
            }

            configs.Add(plugin);
        }

        return new NetworkConfigList
        {
            Name = name,
            CniVersion = version,
            DisableCheck = ReadBool(list, "disableCheck", source),
            DisableGc = ReadBool(list, "disableGC", source),
            Plugins = configs,
            Bytes = bytes,
        };
    }

    /// <summary>A single-plugin config (.conf/.json) wrapped into a list of one, as libcni "upconverts" it.</summary>
    public static NetworkConfigList FromSingleConfig(byte[] bytes, string source)
    {
        var config = ParseObject(bytes, source);
        if (string.IsNullOrEmpty(PluginConfigBuilder.TypeOf(config)))
        {
            throw Invalid(source, "it has no \"type\"");
        }

        var list = new JsonObject
        {
            ["name"] = config["name"]?.DeepClone(),
            ["cniVersion"] = config["cniVersion"]?.DeepClone(),
            ["plugins"] = new JsonArray(config),
        };
        return Parse(PluginConfigBuilder.ToBytes(list), source);
    }

    /// <summary>
    /// libcni's choice: with "cniVersions", the highest entry it can speak (cniVersion counts as one more
    /// entry); the runner speaks <see cref="Protocol.CniVersion.Supported"/>. Without it, cniVersion as written.
    /// </summary>
    private static string ReadVersion(JsonObject list, string source)
    {
        var version = list["cniVersion"] switch
        {
            null => "",
            JsonValue v when v.TryGetValue<string>(out var s) => s,
            _ => throw Invalid(source, "\"cniVersion\" is not a string"),
        };
        if (list["cniVersions"] is null)
        {
            return version;
        }

        if (list["cniVersions"] is not JsonArray versions)
        {
            throw Invalid(source, "\"cniVersions\" is not a list of strings");
        }

        var candidates = new List<string>();
        foreach (var entry in versions)
        {
            if (entry is not JsonValue v || !v.TryGetValue<string>(out var s))
            {
                throw Invalid(source, "\"cniVersions\" holds an entry that is not a string");
            }

            candidates.Add(s);
        }

        candidates.Add(version);
        var best = candidates.Where(Protocol.CniVersion.IsSupported).OrderBy(v => v, Comparer<string>.Create(Protocol.CniVersion.Compare)).LastOrDefault();
        return best ?? version;
    }

    /// <summary>libcni accepts true/false and the strings "true"/"false" in any case.</summary>
    private static bool ReadBool(JsonObject list, string key, string source) => list[key] switch
    {
        null => false,
        JsonValue v when v.TryGetValue<bool>(out var b) => b,
        JsonValue v when v.TryGetValue<string>(out var s) && bool.TryParse(s, out var b) => b,
        _ => throw Invalid(source, $"\"{key}\" must be true or false"),
    };

    private static JsonObject ParseObject(byte[] bytes, string source)
    {
        // JsonNode.Parse leaves the UTF-8 of strings unchecked until they are read, which then throws (found by fuzz/).
        if (!Utf8.IsValid(bytes))
        {
            throw new CniException(CniErrorCode.DecodeFailure, $"{source}: not valid JSON: it is not UTF-8 encoded");
        }

        try
        {
            // A key given twice is refused here: JsonObject would throw on the first look-up (found by fuzz/), and
            // which of the two values a plugin would see is a guess (libcni keeps the last, System.Text.Json the first).
            var options = new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip, AllowDuplicateProperties = false };
            return JsonNode.Parse(bytes, documentOptions: options) as JsonObject
                ?? throw Invalid(source, "it is not a JSON object");
        }
        catch (JsonException e)
        {
            throw new CniException(CniErrorCode.DecodeFailure, $"{source}: not valid JSON: {e.Message}", inner: e);
        }
    }

    private static CniException Invalid(string source, string problem) =>
        new(CniErrorCode.InvalidConfig, $"{source}: {problem}");
}
