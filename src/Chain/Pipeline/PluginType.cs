namespace HumanzCni.Chain.Pipeline;

/// <summary>
/// A plugin type: the config "type" it answers to and its ordered stages. Stages are created per
/// invocation by <see cref="CreateStages"/>, so they may keep state for the length of one call.
/// </summary>
public sealed class PluginType
{
    private readonly Func<IReadOnlyList<IStage>> _createStages;

    /// <summary>A type answering to <paramref name="name"/>; prefer <see cref="PluginTypeBuilder"/>, which also checks the stages' contracts.</summary>
    public PluginType(string name, Func<IReadOnlyList<IStage>> createStages, IReadOnlySet<string>? cniArgKeys = null)
    {
        Name = name;
        _createStages = createStages;
        CniArgKeys = cniArgKeys ?? new HashSet<string>();
    }

    /// <summary>The config "type" this plugin type answers to.</summary>
    public string Name { get; }

    /// <summary>CNI_ARGS keys this type understands beyond the well-known ones.</summary>
    public IReadOnlySet<string> CniArgKeys { get; }

    /// <summary>A fresh set of stages for one invocation.</summary>
    public IReadOnlyList<IStage> CreateStages() => _createStages();
}
