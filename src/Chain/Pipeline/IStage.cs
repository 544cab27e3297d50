namespace HumanzCni.Chain.Pipeline;

/// <summary>
/// One step of a plugin type. ADD runs the stages in order; when one fails, everything the earlier
/// stages registered with <see cref="StageContext.OnUndo"/> is undone in reverse. DEL runs every stage
/// in reverse, best effort, and must succeed when what it removes is already gone. CHECK runs in order
/// and throws when something drifted. GC and STATUS matter only to stages that own state.
/// Before any verb's pass, every stage's <see cref="Prepare"/> runs in order: that is where a stage
/// decodes and validates what later stages need, whatever direction the verb then runs in.
/// A stage reports failures by throwing <see cref="Protocol.CniException"/>.
/// </summary>
public interface IStage
{
    /// <summary>Short name used in logs and timings, e.g. "ipam".</summary>
    string Name { get; }

    /// <summary>Runs first, in order, for every verb (e.g. config parsing).</summary>
    void Prepare(StageContext context)
    {
    }

    void Add(StageContext context);

    void Del(StageContext context);

    void Check(StageContext context)
    {
    }

    void Gc(StageContext context)
    {
    }

    void Status(StageContext context)
    {
    }
}
