namespace HumanzCni.Agent.Health;

/// <summary>How one reconcile pass ended; its name in lower case is the `outcome` label of the reconcile counter.</summary>
internal enum ReconcileResult
{
    /// <summary>This node's subnet is held, its conflist written and every peer route in place.</summary>
    Success,

    /// <summary>The conflist could not be written, the routes could not be read, or the kernel refused a route.</summary>
    Failure,

    /// <summary>Nothing to fail yet: the source has not delivered this node's subnet or the cluster's nodes.</summary>
    Waiting,
}
