namespace HumanzCni.Agent.Routes;

/// <summary>What one reconcile pass changed.</summary>
public sealed class RouteChanges
{
    public int Added { get; set; }

    public int Replaced { get; set; }

    public int Deleted { get; set; }

    public bool Any => Added + Replaced + Deleted > 0;

    public override string ToString() => $"added {Added}, replaced {Replaced}, deleted {Deleted}";
}
