namespace HumanzCni.Chain.Pipeline;

/// <summary>Checks that every stage's <see cref="IStage.Requires"/> is met by the <see cref="IStage.Provides"/> of a stage before it.</summary>
internal static class StageContracts
{
    /// <exception cref="StageContractException">The first requirement that no earlier stage provides.</exception>
    public static void Check(string pluginType, IReadOnlyList<IStage> stages)
    {
        var provided = new HashSet<Type>();
        foreach (var stage in stages)
        {
            foreach (var required in stage.Requires)
            {
                if (!provided.Contains(required))
                {
                    var later = stages.FirstOrDefault(s => s != stage && s.Provides.Contains(required));
                    throw new StageContractException(later is null
                        ? $"plugin type {pluginType}: {stage.Name} requires {required.Name}; no earlier stage provides it"
                        : $"plugin type {pluginType}: {stage.Name} requires {required.Name}; no earlier stage provides it ({later.Name} does, but runs after {stage.Name})");
                }
            }

            provided.UnionWith(stage.Provides);
        }
    }
}
