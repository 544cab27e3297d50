using HumanzCni.Chain.Config;
using HumanzCni.Chain.Pipeline;
using HumanzCni.Chain.Protocol;
using HumanzCni.Stages;
using Microsoft.Extensions.Logging.Abstractions;

namespace HumanzCni.Tests.Chain;

/// <summary>The runner's contract from <see cref="IStage"/>: order per verb, undo on a failed ADD, best-effort DEL, timings.</summary>
public sealed class PipelineRunnerTests
{
    private readonly List<string> _journal = [];

    private static StageContext Context(CniCommand command) => new(
        new CniRequest { Command = command, ContainerId = "ctr-1", IfName = "eth0", Netns = "/var/run/netns/pod-1" },
        new NetworkConfig { CniVersion = "1.1.0", Name = "net", Type = "fake" },
        "1.1.0",
        NullLogger.Instance);

    private RecordingStage Stage(string name, string? failOn = null, bool setsResult = false) =>
        new(name, _journal) { FailOn = failOn, SetsResult = setsResult };

    private List<string> Journal(string verb) => _journal.Where(entry => entry.EndsWith('.' + verb)).ToList();

    [Fact]
    public void Add_runs_stages_in_order_after_every_prepare_and_keeps_no_undo_on_success()
    {
        IStage[] stages = [Stage("s1"), Stage("s2"), Stage("s3", setsResult: true)];
        using var context = Context(CniCommand.Add);

        PipelineRunner.Run(stages, context, new StageTimings());

        Assert.Equal(["s1.prepare", "s2.prepare", "s3.prepare", "s1.add", "s2.add", "s3.add"], _journal);
        Assert.NotNull(context.Result);
        Assert.Equal(0, context.Undo.Count); // a successful ADD must never be taken back later
    }

    [Fact]
    public void Add_failing_in_stage_3_undoes_stages_3_2_1_newest_first_and_runs_no_later_stage()
    {
        IStage[] stages = [Stage("s1"), Stage("s2"), Stage("s3", failOn: "add"), Stage("s4", setsResult: true)];
        using var context = Context(CniCommand.Add);

        var error = Assert.Throws<StageFailedException>(() => PipelineRunner.Run(stages, context, new StageTimings()));

        Assert.Equal("s3", error.Stage);
        Assert.Equal("s3: s3 broke", error.Message);
        Assert.Equal(
            ["s1.prepare", "s2.prepare", "s3.prepare", "s4.prepare", "s1.add", "s2.add", "s3.add", "s3.undo", "s2.undo", "s1.undo"],
            _journal);
        Assert.Equal(0, context.Undo.Count);
    }

    [Fact]
    public void Add_rethrows_a_cni_exception_from_a_stage_unchanged_after_undo()
    {
        var refusal = new CniException(HumanzErrorCode.AddressesExhausted, "no address left");
        IStage[] stages = [Stage("s1"), new RecordingStage("s2", _journal) { FailOn = "add", Failure = () => refusal }];
        using var context = Context(CniCommand.Add);

        var error = Assert.Throws<CniException>(() => PipelineRunner.Run(stages, context, new StageTimings()));

        Assert.Same(refusal, error);
        Assert.Equal(["s2.undo", "s1.undo"], Journal("undo"));
    }

    [Fact]
    public void Add_with_no_stage_setting_a_result_is_an_internal_error_and_is_undone()
    {
        IStage[] stages = [Stage("s1"), Stage("s2")];
        using var context = Context(CniCommand.Add);

        var error = Assert.Throws<CniException>(() => PipelineRunner.Run(stages, context, new StageTimings()));

        Assert.Equal(CniErrorCode.Internal, error.Code);
        Assert.Contains("produced no result", error.Message);
        Assert.Equal(["s2.undo", "s1.undo"], Journal("undo"));
    }

    [Fact]
    public void A_failing_undo_does_not_stop_the_other_undos()
    {
        IStage[] stages = [Stage("s1"), new ThrowingUndoStage(), Stage("s3", failOn: "add")];
        using var context = Context(CniCommand.Add);

        Assert.Throws<StageFailedException>(() => PipelineRunner.Run(stages, context, new StageTimings()));

        Assert.Equal(["s3.undo", "s1.undo"], Journal("undo"));
    }

    [Fact]
    public void Del_runs_every_stage_in_reverse_even_when_some_throw_then_reports_the_first_failure()
    {
        IStage[] stages = [Stage("s1", failOn: "del"), Stage("s2"), Stage("s3", failOn: "del"), Stage("s4")];
        using var context = Context(CniCommand.Del);

        var error = Assert.Throws<StageFailedException>(() => PipelineRunner.Run(stages, context, new StageTimings()));

        Assert.Equal(["s4.del", "s3.del", "s2.del", "s1.del"], Journal("del"));
        Assert.Equal("s3", error.Stage); // s3 fails first, since DEL runs backwards
    }

    [Fact]
    public void Del_reports_a_cni_exception_as_is()
    {
        var refusal = new CniException(CniErrorCode.IoFailure, "lease dir unreadable");
        IStage[] stages = [Stage("s1"), new RecordingStage("s2", _journal) { FailOn = "del", Failure = () => refusal }];
        using var context = Context(CniCommand.Del);

        Assert.Same(refusal, Assert.Throws<CniException>(() => PipelineRunner.Run(stages, context, new StageTimings())));
        Assert.Equal(["s2.del", "s1.del"], Journal("del"));
    }

    [Fact]
    public void Gc_runs_every_stage_in_reverse_best_effort_as_del_does()
    {
        IStage[] stages = [Stage("s1"), Stage("s2", failOn: "gc")];
        using var context = Context(CniCommand.Gc);

        Assert.Throws<StageFailedException>(() => PipelineRunner.Run(stages, context, new StageTimings()));

        Assert.Equal(["s2.gc", "s1.gc"], Journal("gc"));
    }

    [Theory]
    [InlineData(CniCommand.Check, "check")]
    [InlineData(CniCommand.Status, "status")]
    public void Check_and_status_run_in_order_and_stop_at_the_first_failure(CniCommand command, string verb)
    {
        IStage[] stages = [Stage("s1"), Stage("s2", failOn: verb), Stage("s3")];
        using var context = Context(command);

        Assert.Throws<StageFailedException>(() => PipelineRunner.Run(stages, context, new StageTimings()));

        Assert.Equal([$"s1.{verb}", $"s2.{verb}"], Journal(verb));
        Assert.Empty(Journal("undo"));
    }

    [Theory]
    [InlineData(CniCommand.Add)]
    [InlineData(CniCommand.Del)]
    [InlineData(CniCommand.Check)]
    [InlineData(CniCommand.Gc)]
    [InlineData(CniCommand.Status)]
    public void Prepare_runs_first_in_forward_order_for_every_verb(CniCommand command)
    {
        IStage[] stages = [Stage("s1"), Stage("s2"), Stage("s3", setsResult: true)];
        using var context = Context(command);

        PipelineRunner.Run(stages, context, new StageTimings());

        Assert.Equal(["s1.prepare", "s2.prepare", "s3.prepare"], _journal.Take(3));
        Assert.Equal(3, Journal("prepare").Count);
    }

    [Fact]
    public void A_failing_prepare_stops_before_any_verb_runs()
    {
        IStage[] stages = [Stage("s1"), Stage("s2", failOn: "prepare"), Stage("s3")];
        using var context = Context(CniCommand.Del);

        var error = Assert.Throws<StageFailedException>(() => PipelineRunner.Run(stages, context, new StageTimings()));

        Assert.Equal("s2", error.Stage);
        Assert.Equal(["s1.prepare", "s2.prepare"], _journal);
    }

    [Fact]
    public void Timings_have_one_prepare_entry_then_one_per_stage_in_run_order()
    {
        IStage[] stages = [Stage("parse"), Stage("ipam"), Stage("result", setsResult: true)];
        using var context = Context(CniCommand.Add);
        var timings = new StageTimings();

        PipelineRunner.Run(stages, context, timings);

        Assert.Equal(["prepare", "parse", "ipam", "result"], timings.Entries.Select(e => e.Stage));
        Assert.All(timings.Entries, e => Assert.True(e.Elapsed >= TimeSpan.Zero));
        Assert.Matches(@"^prepare=[0-9.]+ms parse=[0-9.]+ms ipam=[0-9.]+ms result=[0-9.]+ms$", timings.ToString());
    }

    [Fact]
    public void Timings_record_the_failing_stage_and_the_undo()
    {
        IStage[] stages = [Stage("s1"), Stage("s2", failOn: "add")];
        using var context = Context(CniCommand.Add);
        var timings = new StageTimings();

        Assert.Throws<StageFailedException>(() => PipelineRunner.Run(stages, context, timings));

        Assert.Equal(["prepare", "s1", "s2", "undo"], timings.Entries.Select(e => e.Stage));
    }

    [Fact]
    public void Del_timings_follow_the_reverse_order()
    {
        IStage[] stages = [Stage("s1"), Stage("s2")];
        using var context = Context(CniCommand.Del);
        var timings = new StageTimings();

        PipelineRunner.Run(stages, context, timings);

        Assert.Equal(["prepare", "s2", "s1"], timings.Entries.Select(e => e.Stage));
    }

    /// <summary>Registers an undo that itself fails, as when the kernel object vanished meanwhile.</summary>
    private sealed class ThrowingUndoStage : IStage
    {
        public string Name => "s2";

        public void Add(StageContext context) => context.OnUndo("s2 change", () => throw new IOException("already gone"));

        public void Del(StageContext context)
        {
        }
    }
}
