namespace HumanzCni.Chain.Pipeline;

/// <summary>The plugin types one binary serves, found by the config's "type".</summary>
public sealed class PluginTypeRegistry
{
    private readonly Dictionary<string, PluginType> _types = new(StringComparer.Ordinal);

    /// <summary>Adds a type; a second type of the same name throws.</summary>
    public PluginTypeRegistry Add(PluginType type)
    {
        _types.Add(type.Name, type);
        return this;
    }

    /// <summary>The type named <paramref name="name"/>; null when none.</summary>
    public PluginType? Find(string? name) => name is null ? null : _types.GetValueOrDefault(name);

    /// <summary>The names of the registered types.</summary>
    public IEnumerable<string> Names => _types.Keys;
}
