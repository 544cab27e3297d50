namespace HumanzCni.Agent.Health;

/// <summary>
/// What one reconcile pass reports: its result, why it did not succeed (null on success), and how many
/// routes the agent owns afterwards (null when the pass could not tell: routes unread).
/// </summary>
internal sealed record ReconcileOutcome(ReconcileResult Result, string? Reason, int? RoutesOwned)
{
    public static ReconcileOutcome Waiting(string reason, int? routesOwned) => new(ReconcileResult.Waiting, reason, routesOwned);

    public static ReconcileOutcome Failure(string reason, int? routesOwned) => new(ReconcileResult.Failure, reason, routesOwned);
}
