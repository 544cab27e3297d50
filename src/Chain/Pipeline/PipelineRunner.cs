using HumanzCni.Chain.Protocol;

namespace HumanzCni.Chain.Pipeline;

/// <summary>Runs a plugin type's stages for one verb, with the undo, best-effort and timing rules of <see cref="IStage"/>.</summary>
internal static class PipelineRunner
{
    /// <summary>Runs Prepare, then the verb of <see cref="StageContext.Request"/> over <paramref name="stages"/>, recording each stage's time in <paramref name="timings"/>.</summary>
    public static void Run(IReadOnlyList<IStage> stages, StageContext context, StageTimings timings)
    {
        Prepare(stages, context, timings);
        switch (context.Request.Command)
        {
            case CniCommand.Add:
                RunAdd(stages, context, timings);
                break;
            case CniCommand.Del:
                RunBestEffort(stages, context, timings, reverse: true, static (stage, c) => stage.Del(c));
                break;
            case CniCommand.Gc:
                RunBestEffort(stages, context, timings, reverse: true, static (stage, c) => stage.Gc(c));
                break;
            case CniCommand.Check:
                RunInOrder(stages, context, timings, static (stage, c) => stage.Check(c));
                break;
            case CniCommand.Status:
                RunInOrder(stages, context, timings, static (stage, c) => stage.Status(c));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(context), context.Request.Command, "the pipeline does not run this verb");
        }
    }

    /// <summary>Every stage's Prepare, in order; timed as one "prepare" entry since most stages have none.</summary>
    private static void Prepare(IReadOnlyList<IStage> stages, StageContext context, StageTimings timings)
    {
        var start = StageTimings.Start();
        try
        {
            foreach (var stage in stages)
            {
                try
                {
                    stage.Prepare(context);
                }
                catch (Exception e) when (e is not CniException)
                {
                    throw StageFailure(stage, e);
                }
            }
        }
        finally
        {
            timings.Record("prepare", start);
        }
    }

    private static void RunAdd(IReadOnlyList<IStage> stages, StageContext context, StageTimings timings)
    {
        try
        {
            RunInOrder(stages, context, timings, static (stage, c) => stage.Add(c));
            if (context.Result is null)
            {
                throw new CniException(CniErrorCode.Internal, "the plugin type produced no result: its last stage must set one");
            }

            context.Undo.Clear();
        }
        catch
        {
            var start = StageTimings.Start();
            context.Logger.LogUndoingAdd(context.Undo.Count);
            context.Undo.UnwindAll(context.Logger);
            timings.Record("undo", start);
            throw;
        }
    }

    private static void RunInOrder(IReadOnlyList<IStage> stages, StageContext context, StageTimings timings, Action<IStage, StageContext> verb)
    {
        foreach (var stage in stages)
        {
            var start = StageTimings.Start();
            try
            {
                verb(stage, context);
            }
            catch (Exception e) when (e is not CniException)
            {
                throw StageFailure(stage, e);
            }
            finally
            {
                timings.Record(stage.Name, start);
            }
        }
    }

    /// <summary>Every stage runs even when an earlier one failed; the first failure is reported after all ran.</summary>
    private static void RunBestEffort(IReadOnlyList<IStage> stages, StageContext context, StageTimings timings, bool reverse, Action<IStage, StageContext> verb)
    {
        Exception? first = null;
        for (var i = 0; i < stages.Count; i++)
        {
            var stage = stages[reverse ? stages.Count - 1 - i : i];
            var start = StageTimings.Start();
            try
            {
                verb(stage, context);
            }
            catch (Exception e)
            {
                context.Logger.LogStageFailedBestEffort(stage.Name, context.Request.Command.ToVerb(), e.Message);
                first ??= e is CniException ? e : StageFailure(stage, e);
            }
            finally
            {
                timings.Record(stage.Name, start);
            }
        }

        if (first is not null)
        {
            throw first;
        }
    }

    /// <summary>Wraps an unexpected exception with the stage that threw it; the host turns it into a CNI error.</summary>
    private static StageFailedException StageFailure(IStage stage, Exception e) => new(stage.Name, e);
}
