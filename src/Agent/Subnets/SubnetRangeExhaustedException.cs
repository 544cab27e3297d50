namespace HumanzCni.Agent.Subnets;

/// <summary>Every subnet of the cluster range is leased to some node: this node cannot join until one is released.</summary>
internal sealed class SubnetRangeExhaustedException : Exception
{
    public SubnetRangeExhaustedException()
    {
    }

    public SubnetRangeExhaustedException(string message)
        : base(message)
    {
    }

    public SubnetRangeExhaustedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
