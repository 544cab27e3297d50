using System.Text.Json;
using System.Text.Unicode;
using HumanzCni.Chain.Protocol;

namespace HumanzCni.Chain.Config;

/// <summary>Decodes stdin into <see cref="NetworkConfig"/> and checks the fields every verb relies on.</summary>
internal static class NetworkConfigReader
{
    /// <summary>Decodes the config; empty input, input that is not UTF-8 or malformed JSON is a decode failure (code 6).</summary>
    public static NetworkConfig Read(ReadOnlyMemory<byte> json)
    {
        if (json.Span.Trim("\t\n\r "u8).IsEmpty)
        {
            throw new CniException(CniErrorCode.DecodeFailure, "the network configuration on stdin is empty; the runtime must pass the config JSON");
        }

        // The decoder checks the UTF-8 of a string only when something reads it, so a stage looking up a key of
        // runtimeConfig would fail on a stray byte with an exception instead of this error (found by fuzz/).
        if (!Utf8.IsValid(json.Span))
        {
            throw new CniException(CniErrorCode.DecodeFailure, "the network configuration is not valid UTF-8; JSON must be UTF-8 encoded");
        }

        NetworkConfig? config;
        try
        {
            var root = ParseOrExplain(json);
            config = JsonFields.Of(root, "$") is { } fields ? NetworkConfig.FromJson(fields, root) : null;
        }
        catch (JsonException e)
        {
            throw new CniException(
                CniErrorCode.DecodeFailure,
                $"the network configuration is not valid JSON: {e.Message}",
                inner: e);
        }

        if (config is null)
        {
            throw new CniException(CniErrorCode.DecodeFailure, "the network configuration is null; pass a JSON object");
        }

        RequireCompleteEntries(config);
        return config;
    }

    /// <summary>
    /// The parsed config. Malformed JSON is explained as the serializer has always worded it, with the JSONPath it was
    /// reading (which the document parser does not track): it decodes the input again, which builds its type metadata,
    /// a cost only this failure pays.
    /// </summary>
    private static JsonElement ParseOrExplain(ReadOnlyMemory<byte> json)
    {
        try
        {
            return JsonFields.Parse(json);
        }
        catch (JsonException)
        {
            JsonSerializer.Deserialize(json.Span, ChainJson.Context.NetworkConfig);
            throw;
        }
    }

    /// <summary>
    /// A list entry that is null, or lacks the string every reader of it relies on, decodes without complaint;
    /// the stage reading it later failed with a NullReferenceException, an internal error (found by fuzz/).
    /// </summary>
    private static void RequireCompleteEntries(NetworkConfig config)
    {
        RequireEntries(config.PrevResult?.Interfaces, "prevResult.interfaces");
        RequireEntries(config.PrevResult?.Ips, "prevResult.ips", ("address", ip => ip.Address));
        RequireEntries(config.PrevResult?.Routes, "prevResult.routes", ("dst", route => route.Dst));
        RequireEntries(config.ValidAttachments, "cni.dev/valid-attachments", ("containerID", a => a.ContainerId), ("ifname", a => a.IfName));
        RequireEntries(config.LegacyAttachments, "cni.dev/attachments", ("containerID", a => a.ContainerId), ("ifname", a => a.IfName));
    }

    private static void RequireEntries<T>(List<T>? entries, string field, params (string Name, Func<T, string?> Value)[] requiredStrings)
        where T : class
    {
        for (var i = 0; i < (entries?.Count ?? 0); i++)
        {
            var entry = entries![i] ?? throw new CniException(CniErrorCode.InvalidConfig, $"{field}[{i}] is null; each entry must be an object");
            foreach (var (name, value) in requiredStrings)
            {
                if (value(entry) is null)
                {
                    throw new CniException(CniErrorCode.InvalidConfig, $"{field}[{i}].{name} is missing or null; give it a string");
                }
            }
        }
    }

    /// <summary>The cniVersion must be one this plugin speaks (code 1 otherwise).</summary>
    public static string RequireSupportedVersion(NetworkConfig config)
    {
        var version = config.CniVersion;
        if (string.IsNullOrEmpty(version))
        {
            throw new CniException(
                CniErrorCode.IncompatibleVersion,
                $"the config has no cniVersion; set one of {string.Join(", ", CniVersion.Supported)}");
        }

        if (!CniVersion.IsSupported(version))
        {
            throw new CniException(
                CniErrorCode.IncompatibleVersion,
                $"cniVersion \"{version}\" is not supported; this plugin supports {string.Join(", ", CniVersion.Supported)}");
        }

        return version;
    }

    /// <summary>
    /// The top-level cniVersion, read without decoding the rest: VERSION needs only that, must answer
    /// whatever else the input holds, and should cost no more than the process start.
    /// </summary>
    public static string? PeekCniVersion(ReadOnlySpan<byte> json)
    {
        if (!Utf8.IsValid(json))
        {
            // Reading a key would throw: not JSON, so VERSION answers in the latest version, as for any other.
            return null;
        }

        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isVersion = reader.GetString()!.Equals("cniVersion", StringComparison.OrdinalIgnoreCase);
                reader.Read();
                if (isVersion && reader.TokenType == JsonTokenType.String)
                {
                    return reader.GetString();
                }

                reader.Skip();
            }
        }
        catch (JsonException)
        {
            // Not JSON at all: VERSION still answers, in the latest version.
        }

        return null;
    }
}
