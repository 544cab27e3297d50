namespace HumanzCni.Agent.Health;

/// <summary>
/// The health rule: healthy while the last successful reconcile is at most three reconcile periods old.
/// Three, so one slow or failed pass (a route the kernel refused once) does not flap the probe, while an
/// agent that stopped converging (or stopped reconciling at all) is reported within half a minute at the
/// default period. Thread-safe: the reconciler records, the HTTP listener reads.
/// </summary>
internal sealed class ReconcileHealth(TimeSpan reconcilePeriod, TimeProvider clock)
{
    /// <summary>How many reconcile periods may pass without a success before the agent is unhealthy.</summary>
    public const int PeriodsWithoutSuccess = 3;

    private readonly Lock _lock = new();
    private readonly DateTimeOffset _started = clock.GetUtcNow();
    private DateTimeOffset? _lastSuccess;
    private string? _problem;

    /// <summary>The longest a healthy agent goes without a successful reconcile.</summary>
    public TimeSpan MaxAge { get; } = reconcilePeriod * PeriodsWithoutSuccess;

    public void Record(ReconcileOutcome outcome)
    {
        lock (_lock)
        {
            if (outcome.Result == ReconcileResult.Success)
            {
                _lastSuccess = clock.GetUtcNow();
                _problem = null;
            }
            else
            {
                _problem = outcome.Reason;
            }
        }
    }

    public HealthReport Check()
    {
        lock (_lock)
        {
            var now = clock.GetUtcNow();
            var age = now - (_lastSuccess ?? _started);
            if (_lastSuccess is not null && age <= MaxAge)
            {
                return new HealthReport(true, $"ok: last successful reconcile {Seconds(age)} ago");
            }

            // A stale success with no problem since means no pass ran at all: the reconciler is stuck or starved.
            var reason = _problem ?? (_lastSuccess is null ? "no reconcile pass ran yet" : "no reconcile pass ran since then");
            return new HealthReport(false, $"no successful reconcile for {Seconds(age)}: {reason}");
        }
    }

    private static string Seconds(TimeSpan span) => $"{(int)span.TotalSeconds} s";
}
