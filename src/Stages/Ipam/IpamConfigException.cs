namespace HumanzCni.Stages.Ipam;

/// <summary>
/// The IPAM part of a network configuration is unusable. The message names the offending
/// field (e.g. "ipam.ranges[0][0].rangeStart") and says what to change.
/// </summary>
internal sealed class IpamConfigException : Exception
{
    public IpamConfigException()
    {
    }

    public IpamConfigException(string message)
        : base(message)
    {
    }

    public IpamConfigException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
