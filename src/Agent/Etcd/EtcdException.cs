namespace HumanzCni.Agent.Etcd;

/// <summary>etcd could not be reached or refused a request. The agent treats both alike: keep what it has, retry later.</summary>
internal sealed class EtcdException : Exception
{
    public EtcdException()
    {
    }

    public EtcdException(string message)
        : base(message)
    {
    }

    public EtcdException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
