namespace HumanzCni.Chain.Pipeline;

/// <summary>The plugin types one binary serves, found by the config's "type".</summary>
public sealed class PluginTypeRegistry
{
    private readonly Dictionary<string, PluginType> _types = new(StringComparer.Ordinal);

    public PluginTypeRegistry Add(PluginType type)
    {
        _types.Add(type.Name, type);
        return this;
    }

    public PluginType? Find(string? name) => name is null ? null : _types.GetValueOrDefault(name);

    public IEnumerable<string> Names => _types.Keys;
}
