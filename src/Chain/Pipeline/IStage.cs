namespace HumanzCni.Chain.Pipeline;

/// <summary>
/// One step of a plugin type. ADD runs the stages in order; when one fails, everything the earlier
/// stages registered with <see cref="StageContext.OnUndo"/> is undone in reverse. DEL runs every stage
/// in reverse, best effort, and must succeed when what it removes is already gone. CHECK runs in order
/// and throws when something drifted. GC and STATUS matter only to stages that own state; GC runs in reverse,
/// best effort, as DEL does: what was made last (links) goes before what was recorded first (leases), so a GC
/// killed halfway leaves the records the next GC needs.
/// Before any verb's pass, every stage's <see cref="Prepare"/> runs in order: that is where a stage
/// decodes and validates what later stages need, whatever direction the verb then runs in.
/// A stage reports failures by throwing <see cref="Protocol.CniException"/>.
/// A stage states what it hands to later stages (<see cref="Provides"/>) and what it needs from earlier
/// ones (<see cref="Requires"/>); <see cref="PluginTypeBuilder.Build"/> checks the order against them, so a
/// plugin type missing a stage fails when it is composed, not at its first ADD.
/// </summary>
public interface IStage
{
    /// <summary>Short name used in logs and timings, e.g. "ipam".</summary>
    string Name { get; }

    /// <summary>Feature types this stage puts into the context (<see cref="StageContext.Set{T}"/>) for the stages after it.</summary>
    IReadOnlyList<Type> Provides => [];

    /// <summary>Feature types this stage reads with <see cref="StageContext.Get{T}"/>: an earlier stage must provide each.</summary>
    IReadOnlyList<Type> Requires => [];

    /// <summary>Runs first, in order, for every verb (e.g. config parsing).</summary>
    void Prepare(StageContext context)
    {
    }

    /// <summary>Makes this stage's part of the attachment, registering each change with <see cref="StageContext.OnUndo"/>.</summary>
    void Add(StageContext context);

    /// <summary>Removes what <see cref="Add"/> made; a stage that makes nothing lasting needs no body.</summary>
    void Del(StageContext context)
    {
    }

    /// <summary>Throws a <see cref="Protocol.CniException"/> when what <see cref="Add"/> made has drifted.</summary>
    void Check(StageContext context)
    {
    }

    /// <summary>Removes state of attachments the runtime no longer lists (CNI 1.1.0 GC).</summary>
    void Gc(StageContext context)
    {
    }

    /// <summary>Throws when the stage cannot serve ADDs now (CNI 1.1.0 STATUS, e.g. code 50).</summary>
    void Status(StageContext context)
    {
    }
}
