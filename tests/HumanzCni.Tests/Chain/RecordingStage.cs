using HumanzCni.Chain.Pipeline;
using HumanzCni.Chain.Results;

namespace HumanzCni.Tests.Chain;

/// <summary>
/// A stage that writes "name.verb" into a shared journal for every call, so tests can see the exact
/// order the runner called stages in. On ADD it registers an undo that journals "name.undo". It can be
/// told to throw on one verb, and the last stage of a pipeline can be told to set the ADD result.
/// </summary>
public sealed class RecordingStage(string name, List<string> journal) : IStage
{
    public string Name => name;

    /// <summary>The verb ("prepare", "add", "del", ...) on which this stage throws <see cref="Failure"/>.</summary>
    public string? FailOn { get; init; }

    public Func<Exception> Failure { get; init; } = () => new InvalidOperationException($"{name} broke");

    public bool SetsResult { get; init; }

    public void Prepare(StageContext context) => Record("prepare");

    public void Add(StageContext context)
    {
        // Like a real stage: register the undo right after the change succeeded, before anything can fail later.
        context.OnUndo($"{name} change", () => journal.Add($"{name}.undo"));
        Record("add");
        if (SetsResult)
        {
            context.Result = new CniResult { Interfaces = [new CniInterface { Name = "eth0" }] };
        }
    }

    public void Del(StageContext context) => Record("del");

    public void Check(StageContext context) => Record("check");

    public void Gc(StageContext context) => Record("gc");

    public void Status(StageContext context) => Record("status");

    private void Record(string verb)
    {
        journal.Add($"{name}.{verb}");
        if (FailOn == verb)
        {
            throw Failure();
        }
    }
}
