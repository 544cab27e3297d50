using System.Text.Json;

namespace HumanzCni.Chain.Config;

/// <summary>
/// The members of one JSON object, read into a config model by hand with the rules the source-generated
/// serializer applied: keys match case-insensitively (as Go's decoder does; containerd sends "HostPort") and the
/// last of several spellings wins, unknown keys are ignored, null reads as null, a missing key leaves the model's
/// default, and a value of the wrong kind is a <see cref="JsonException"/> naming its path
/// (<c>$.ipam.ranges[0][1].subnet</c>). Not the serializer: before it decodes one byte it builds metadata for every
/// type the model reaches, by reflection, which cost a plugin call about 1 ms (bench/README.md, issue 9).
/// </summary>
internal readonly struct JsonFields
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip };

    private readonly (string Key, JsonElement Value)[] _members;

    private JsonFields(JsonElement element, string path)
    {
        _members = new (string, JsonElement)[element.GetPropertyCount()];
        var i = 0;
        foreach (var member in element.EnumerateObject())
        {
            _members[i++] = (member.Name, member.Value);
        }

        Path = path;
    }

    /// <summary>Where this object is in the document, e.g. <c>$.ipam</c>.</summary>
    public string Path { get; }

    /// <summary>
    /// Parses one JSON value, with trailing commas and comments allowed as in every CNI decoder here; malformed JSON is a
    /// <see cref="JsonException"/>. The elements point into <paramref name="json"/>, which must outlive them. Parse a call's
    /// config once and share the element (<see cref="NetworkConfig.Json"/>): the document is left to the garbage collector
    /// instead of being disposed, because a second buffer given back to the shared array pool (by a second parse or by
    /// disposing) sets up the pool's per-core lists, whose first use times the processor-id look-up: about 0.1 ms of a call.
    /// </summary>
    public static JsonElement Parse(ReadOnlyMemory<byte> json) => JsonDocument.Parse(json, DocumentOptions).RootElement;

    /// <summary>The object <paramref name="element"/> at <paramref name="path"/>; null for JSON null, any other kind is an error.</summary>
    public static JsonFields? Of(JsonElement element, string path) => element.ValueKind switch
    {
        JsonValueKind.Object => new JsonFields(element, path),
        JsonValueKind.Null => null,
        _ => throw WrongKind(element, path, "an object"),
    };

    /// <summary>The object at <paramref name="path"/> read by <paramref name="read"/>; null for JSON null.</summary>
    public static T? ReadObject<T>(JsonElement element, string path, Func<JsonFields, T> read)
        where T : class => Of(element, path) is { } fields ? read(fields) : null;

    /// <summary>The string at <paramref name="path"/>; null for JSON null.</summary>
    public static string? ReadString(JsonElement element, string path) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Null => null,
        _ => throw WrongKind(element, path, "a string"),
    };

    /// <summary>The array at <paramref name="path"/>, each entry read by <paramref name="readEntry"/> (entries that are null stay null); null for JSON null.</summary>
    public static List<T>? ReadList<T>(JsonElement element, string path, Func<JsonElement, string, T> readEntry)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Null:
                return null;
            case JsonValueKind.Array:
                var list = new List<T>(element.GetArrayLength());
                foreach (var entry in element.EnumerateArray())
                {
                    list.Add(readEntry(entry, $"{path}[{list.Count}]"));
                }

                return list;
            default:
                throw WrongKind(element, path, "an array");
        }
    }

    /// <summary>The array of strings under <paramref name="key"/> (entries that are null stay null); null when missing or null.</summary>
    public List<string>? Strings(string key) => List(key, static (entry, path) => ReadString(entry, path)!);

    /// <summary>The string under <paramref name="key"/>; <paramref name="ifAbsent"/> when the key is missing.</summary>
    public string? String(string key, string? ifAbsent = null) => Find(key, out var value, out var path) ? ReadString(value, path) : ifAbsent;

    /// <summary>The whole number under <paramref name="key"/>; null when missing or null.</summary>
    public int? Int32(string key) => NumberAt(key, out var path) is not { } value ? null
        : value.TryGetInt32(out var number) ? number : throw NotInRange(value, path, "32 bits");

    /// <summary>The whole number under <paramref name="key"/>; null when missing or null.</summary>
    public long? Int64(string key) => NumberAt(key, out var path) is not { } value ? null
        : value.TryGetInt64(out var number) ? number : throw NotInRange(value, path, "64 bits");

    /// <summary>true or false under <paramref name="key"/>; null when missing or null.</summary>
    public bool? Boolean(string key)
    {
        if (!Find(key, out var value, out var path))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Null => null,
            _ => throw WrongKind(value, path, "true or false"),
        };
    }

    /// <summary>The value under <paramref name="key"/> as it is, for a stage to read later; null when missing or null.</summary>
    public JsonElement? Element(string key) => Find(key, out var value, out _) && value.ValueKind != JsonValueKind.Null ? value : null;

    /// <summary>The object under <paramref name="key"/> read by <paramref name="read"/>; null when missing or null.</summary>
    public T? Object<T>(string key, Func<JsonFields, T> read)
        where T : class => Find(key, out var value, out var path) ? ReadObject(value, path, read) : null;

    /// <summary>The array under <paramref name="key"/>, each entry read by <paramref name="readEntry"/>; null when missing or null.</summary>
    public List<T>? List<T>(string key, Func<JsonElement, string, T> readEntry) =>
        Find(key, out var value, out var path) ? ReadList(value, path, readEntry) : null;

    /// <summary>The last member whose key equals <paramref name="key"/> ignoring case, and its path.</summary>
    private bool Find(string key, out JsonElement value, out string path)
    {
        for (var i = _members.Length - 1; i >= 0; i--)
        {
            if (_members[i].Key.Equals(key, StringComparison.OrdinalIgnoreCase))
            {
                value = _members[i].Value;
                path = ChildPath(_members[i].Key);
                return true;
            }
        }

        value = default;
        path = "";
        return false;
    }

    /// <summary>The number under <paramref name="key"/>; null when missing or null, any other kind is an error.</summary>
    private JsonElement? NumberAt(string key, out string path)
    {
        if (!Find(key, out var value, out path) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Number ? value : throw WrongKind(value, path, "a whole number");
    }

    /// <summary>JSONPath as System.Text.Json writes it: <c>$.name</c>, or <c>$['cni.dev/attachments']</c> for a key that is not a plain name.</summary>
    private string ChildPath(string key) =>
        IsPlainName(key) ? string.Concat(Path, ".", key) : string.Concat(Path, "['", key, "']");

    private static bool IsPlainName(string key)
    {
        foreach (var c in key)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '_')
            {
                return false;
            }
        }

        return key.Length > 0;
    }

    private static JsonException WrongKind(JsonElement value, string path, string expected) =>
        new($"{path} must be {expected}, not {value.ValueKind}", path, null, null);

    private static JsonException NotInRange(JsonElement value, string path, string size) =>
        new($"{path} must be a whole number of at most {size}, not {value.GetRawText()}", path, null, null);
}
