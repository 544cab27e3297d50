namespace HumanzCni.Netlink;

/// <summary>
/// A handle on a network namespace (a file such as /var/run/netns/NAME or /proc/PID/ns/net).
/// Work runs inside it on a dedicated OS thread that enters the namespace with setns(2) and then
/// ends, so no thread of the process is ever left in the wrong namespace.
/// </summary>
public sealed class NetworkNamespace : IDisposable
{
    /// <summary>Opens the namespace file. A path that does not exist throws <see cref="FileNotFoundException"/>;
    /// a file that is not a network namespace throws <see cref="InvalidOperationException"/>.</summary>
    public static NetworkNamespace Open(string path) => throw new NotImplementedException();

    /// <summary>The open namespace file descriptor (for IFLA_NET_NS_FD).</summary>
    public int FileDescriptor => throw new NotImplementedException();

    public string Path => throw new NotImplementedException();

    /// <summary>Runs <paramref name="work"/> on a fresh thread inside this namespace and returns its result;
    /// an exception thrown by the work is rethrown here with its original stack.</summary>
    public T Run<T>(Func<T> work) => throw new NotImplementedException();

    public void Run(Action work) => throw new NotImplementedException();

    public void Dispose() => throw new NotImplementedException();
}
