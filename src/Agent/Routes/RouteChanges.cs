namespace HumanzCni.Agent.Routes;

/// <summary>What one reconcile pass changed, what the kernel refused, and how many routes the agent owns afterwards.</summary>
internal sealed class RouteChanges
{
    public int Added { get; set; }

    public int Replaced { get; set; }

    public int Deleted { get; set; }

    /// <summary>Routes with the agent's protocol in the table after the pass.</summary>
    public int Owned { get; set; }

    /// <summary>One line per change the kernel refused, e.g. "route add 100.100.3.0/24 via 10.9.9.9 failed: ...".</summary>
    public List<string> Failures { get; } = [];

    public bool Any => Added + Replaced + Deleted > 0;

    /// <summary>Adds the counts and failures of another pass (the reconciler makes one per address family).</summary>
    public void Include(RouteChanges other)
    {
        Added += other.Added;
        Replaced += other.Replaced;
        Deleted += other.Deleted;
        Owned += other.Owned;
        Failures.AddRange(other.Failures);
    }

    public override string ToString() => $"added {Added}, replaced {Replaced}, deleted {Deleted}";
}
