namespace HumanzCni.Agent.Hosting;

/// <summary>
/// The command line parsed, but names what this node does not have (e.g. --node-interface of a link that is
/// not there): found while running, so exit code 1 with the message, not the usage.
/// </summary>
internal sealed class UsageException : Exception
{
    public UsageException()
    {
    }

    public UsageException(string message)
        : base(message)
    {
    }

    public UsageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
