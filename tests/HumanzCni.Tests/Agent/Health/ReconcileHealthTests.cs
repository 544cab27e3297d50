using HumanzCni.Agent.Health;
using Microsoft.Extensions.Time.Testing;

namespace HumanzCni.Tests.Agent.Health;

/// <summary>The /healthz rule: healthy while the last successful reconcile is at most three periods old.</summary>
public sealed class ReconcileHealthTests
{
    private static readonly TimeSpan Period = TimeSpan.FromSeconds(10);
    private static readonly ReconcileOutcome Success = new(ReconcileResult.Success, null, 2);

    private readonly FakeTimeProvider _clock = new(DateTimeOffset.Parse("2026-11-30T20:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public void Never_reconciled_is_unhealthy_and_says_what_it_waits_for()
    {
        var health = new ReconcileHealth(Period, _clock);
        _clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(new HealthReport(false, "no successful reconcile for 2 s: no reconcile pass ran yet"), health.Check());

        health.Record(ReconcileOutcome.Waiting("waiting for this node's subnet", null));
        Assert.Equal(new HealthReport(false, "no successful reconcile for 2 s: waiting for this node's subnet"), health.Check());
    }

    [Fact]
    public void A_success_stays_fresh_for_three_periods_then_goes_stale()
    {
        var health = new ReconcileHealth(Period, _clock);
        health.Record(Success);
        Assert.Equal(new HealthReport(true, "ok: last successful reconcile 0 s ago"), health.Check());

        _clock.Advance(Period * 3);
        Assert.True(health.Check().Healthy);

        // No pass at all since: the reconciler is stuck, and the report says so.
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(new HealthReport(false, "no successful reconcile for 31 s: no reconcile pass ran since then"), health.Check());
    }

    [Fact]
    public void Failures_within_the_window_do_not_flap_and_a_stale_one_is_the_reason()
    {
        var health = new ReconcileHealth(Period, _clock);
        health.Record(Success);
        _clock.Advance(TimeSpan.FromSeconds(11));
        health.Record(ReconcileOutcome.Failure("cannot read the node's routes: EPERM", null));
        Assert.True(health.Check().Healthy);

        _clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(new HealthReport(false, "no successful reconcile for 41 s: cannot read the node's routes: EPERM"), health.Check());

        health.Record(Success);
        Assert.Equal(new HealthReport(true, "ok: last successful reconcile 0 s ago"), health.Check());
    }

    [Fact]
    public void The_latest_problem_is_the_reason()
    {
        var health = new ReconcileHealth(Period, _clock);
        health.Record(ReconcileOutcome.Waiting("waiting for this node's subnet", null));
        health.Record(ReconcileOutcome.Failure("route add 100.100.3.0/24 via 10.9.9.9 failed: Network is unreachable", 1));
        _clock.Advance(TimeSpan.FromSeconds(5));

        Assert.Equal(new HealthReport(false, "no successful reconcile for 5 s: route add 100.100.3.0/24 via 10.9.9.9 failed: Network is unreachable"), health.Check());
    }
}
