namespace HumanzCni.Chain.Pipeline;

/// <summary>
/// Composes a plugin type from stages, in order: `new PluginTypeBuilder("my-cni").Use(() => new A()).Use(() => new B()).Build()`.
/// </summary>
public sealed class PluginTypeBuilder
{
    private readonly string _name;
    private readonly List<Func<IStage>> _stages = [];
    private readonly HashSet<string> _cniArgKeys = new(StringComparer.Ordinal);

    /// <summary>Starts a plugin type answering to the config "type" <paramref name="name"/>.</summary>
    public PluginTypeBuilder(string name) => _name = name;

    /// <summary>Appends a stage; <paramref name="createStage"/> makes a fresh one per invocation.</summary>
    public PluginTypeBuilder Use(Func<IStage> createStage)
    {
        _stages.Add(createStage);
        return this;
    }

    /// <summary>Declares a CNI_ARGS key one of the stages reads, so it is not rejected as unknown.</summary>
    public PluginTypeBuilder AcceptCniArg(string key)
    {
        _cniArgKeys.Add(key);
        return this;
    }

    /// <summary>The plugin type, once its stages' contracts hold in this order.</summary>
    /// <exception cref="StageContractException">A stage requires a feature no earlier stage provides.</exception>
    public PluginType Build()
    {
        var factories = _stages.ToArray();
        StageContracts.Check(_name, Array.ConvertAll(factories, create => create()));
        return new PluginType(_name, () => Array.ConvertAll(factories, create => create()), _cniArgKeys);
    }
}
