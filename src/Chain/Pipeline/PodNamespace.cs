using HumanzCni.Chain.Protocol;
using HumanzCni.Netlink;

namespace HumanzCni.Chain.Pipeline;

/// <summary>The pod's network namespace (CNI_NETNS), opened once per call and shared by the stages.</summary>
internal sealed class PodNamespace(NetworkNamespace ns) : IDisposable
{
    /// <summary>The open namespace; run work inside it with <see cref="NetworkNamespace.Run{T}"/>.</summary>
    public NetworkNamespace Namespace { get; } = ns;

    /// <inheritdoc />
    public void Dispose() => Namespace.Dispose();
}

/// <summary>`context.PodNamespace()`: the pod's namespace for any stage, opened once per call.</summary>
public static class PodNamespaceContextExtensions
{
    /// <summary>Opens CNI_NETNS on first use; a path that is missing or not a netns is an invalid environment (code 4).</summary>
    public static NetworkNamespace PodNamespace(this StageContext context) =>
        context.GetOrAdd(static c => new PodNamespace(Open(c))).Namespace;

    private static NetworkNamespace Open(StageContext context)
    {
        var path = context.Request.Netns;
        try
        {
            return NetworkNamespace.Open(path);
        }
        catch (FileNotFoundException)
        {
            throw new CniException(
                CniErrorCode.InvalidEnvironment,
                $"CNI_NETNS {path} does not exist: the container's network namespace must exist before {context.Request.Command.ToVerb()}");
        }
        catch (InvalidOperationException)
        {
            throw new CniException(CniErrorCode.InvalidEnvironment, $"CNI_NETNS {path} is not a network namespace: pass a path such as /var/run/netns/NAME or /proc/PID/ns/net");
        }
    }
}
