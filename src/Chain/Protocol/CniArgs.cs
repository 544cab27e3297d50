namespace HumanzCni.Chain.Protocol;

/// <summary>
/// CNI_ARGS: "K=V;K=V". Keys a plugin type does not know are an error unless IgnoreUnknown is
/// set to a true value, as in the reference plugins.
/// </summary>
public sealed class CniArgs
{
    /// <summary>Keys every plugin accepts: the ones kubelet's runtimes always send.</summary>
    public static readonly IReadOnlySet<string> WellKnownKeys = new HashSet<string>(StringComparer.Ordinal)
    {
        "IgnoreUnknown", "K8S_POD_NAMESPACE", "K8S_POD_NAME", "K8S_POD_INFRA_CONTAINER_ID", "K8S_POD_UID",
    };

    private readonly Dictionary<string, string> _values;

    private CniArgs(Dictionary<string, string> values) => _values = values;

    /// <summary>No arguments.</summary>
    public static CniArgs Empty { get; } = new([]);

    /// <summary>Every key and value, as given.</summary>
    public IReadOnlyDictionary<string, string> Values => _values;

    /// <summary>The value of <paramref name="key"/>; null when absent.</summary>
    public string? Get(string key) => _values.GetValueOrDefault(key);

    /// <summary>IgnoreUnknown is set to a true value (1 or true).</summary>
    public bool IgnoreUnknown => _values.TryGetValue("IgnoreUnknown", out var value) && IsTrue(value);

    /// <summary>Splits CNI_ARGS; a pair without '=' is an invalid environment (code 4).</summary>
    public static CniArgs Parse(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return Empty;
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in text.Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new CniException(
                    CniErrorCode.InvalidEnvironment,
                    $"CNI_ARGS: \"{pair}\" is not of the form KEY=VALUE; pass pairs separated by ';', e.g. K8S_POD_NAME=web-0;IgnoreUnknown=1");
            }

            values[pair[..equals]] = pair[(equals + 1)..];
        }

        return new CniArgs(values);
    }

    /// <summary>Rejects keys outside <see cref="WellKnownKeys"/> and the plugin type's own, unless IgnoreUnknown.</summary>
    public void EnsureKnown(IReadOnlySet<string> pluginKeys)
    {
        if (IgnoreUnknown)
        {
            return;
        }

        foreach (var key in _values.Keys)
        {
            if (!WellKnownKeys.Contains(key) && !pluginKeys.Contains(key))
            {
                throw new CniException(
                    CniErrorCode.InvalidEnvironment,
                    $"CNI_ARGS: unknown key \"{key}\"; remove it or add IgnoreUnknown=1 to CNI_ARGS to let plugins skip keys they do not know");
            }
        }
    }

    private static bool IsTrue(string value) =>
        value == "1" || value.Equals("true", StringComparison.OrdinalIgnoreCase);
}
