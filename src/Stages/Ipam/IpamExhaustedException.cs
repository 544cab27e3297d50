namespace HumanzCni.Stages.Ipam;

/// <summary>Every address of a range set is leased or reserved for a gateway.</summary>
internal sealed class IpamExhaustedException : Exception
{
    public IpamExhaustedException()
    {
    }

    public IpamExhaustedException(string message)
        : base(message)
    {
    }

    public IpamExhaustedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
