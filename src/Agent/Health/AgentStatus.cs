namespace HumanzCni.Agent.Health;

/// <summary>
/// Everything the agent reports about itself: the health rule behind `/healthz`, the metrics behind
/// `/metrics`, and the clock both use (a fake one in tests). Kept whether or not --health-address serves it.
/// </summary>
internal sealed class AgentStatus(TimeSpan reconcilePeriod, TimeProvider clock)
{
    public TimeProvider Clock => clock;

    public ReconcileHealth Health { get; } = new(reconcilePeriod, clock);

    public AgentMetrics Metrics { get; } = new(clock);

    /// <summary>One reconcile pass, for both the health rule and the metrics.</summary>
    public void Record(ReconcileOutcome outcome, TimeSpan duration)
    {
        Health.Record(outcome);
        Metrics.Record(outcome, duration);
    }
}
