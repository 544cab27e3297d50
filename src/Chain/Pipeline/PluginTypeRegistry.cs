namespace HumanzCni.Chain.Pipeline;

/// <summary>The plugin types one binary serves, found by the config's "type".</summary>
public sealed class PluginTypeRegistry
{
    private readonly Dictionary<string, Lazy<PluginType>> _types = new(StringComparer.Ordinal);

    /// <summary>Adds a type; a second type of the same name throws.</summary>
    public PluginTypeRegistry Add(PluginType type)
    {
        _types.Add(type.Name, new Lazy<PluginType>(type));
        return this;
    }

    /// <summary>
    /// Adds the type named <paramref name="name"/>, composed by <paramref name="compose"/> (with its stages' contracts
    /// checked) the first time it is found: a plugin process serves one type, and composing every type it could serve
    /// cost each call as much as composing its own. A second type of the same name throws.
    /// </summary>
    public PluginTypeRegistry Add(string name, Func<PluginType> compose)
    {
        _types.Add(name, new Lazy<PluginType>(() => Composed(name, compose), LazyThreadSafetyMode.ExecutionAndPublication));
        return this;
    }

    /// <summary>The type named <paramref name="name"/>; null when none.</summary>
    /// <exception cref="StageContractException">A type added by name whose stages' contracts do not hold.</exception>
    public PluginType? Find(string? name) => name is not null && _types.TryGetValue(name, out var type) ? type.Value : null;

    /// <summary>The names of the registered types.</summary>
    public IEnumerable<string> Names => _types.Keys;

    private static PluginType Composed(string name, Func<PluginType> compose)
    {
        var type = compose();
        return type.Name == name
            ? type
            : throw new InvalidOperationException($"the plugin type registered as \"{name}\" was composed as \"{type.Name}\"; register it under its own name");
    }
}
