using HumanzCni.Chain.Pipeline;
using HumanzCni.Chain.Protocol;
using HumanzCni.Netlink;
using HumanzCni.Stages.Kernel;

namespace HumanzCni.Stages.Bandwidth;

/// <summary>
/// The node-side veth of the pod's CNI_IFNAME, whichever plugin made it (humanz-cni's "hz...", the reference
/// bridge plugin's "veth..."). Found from the pod's side, which cannot be fooled by names: the pod
/// interface's IFLA_LINK is its peer's ifindex on the node, and that node link must be a veth whose own
/// IFLA_LINK points back at the pod interface. When the runtime passed prevResult, the link must also be one
/// of its host-side (sandbox-less) interfaces.
/// </summary>
internal sealed record PodHostVeth(LinkInfo Link)
{
    /// <summary>ADD and CHECK: the host veth, or a CNI error saying why there is none.</summary>
    public static LinkInfo Require(StageContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Find<PodHostVeth>() is { } found)
        {
            return found.Link;
        }

        var request = context.Request;
        var prev = context.PrevResult ?? throw BandwidthParseStage.MissingPrevResult();
        var pod = context.PodNamespace().Run(() => GetPodLink(request.IfName))
            ?? throw new CniException(CniErrorCode.InvalidConfig, $"the pod has no interface {request.IfName} in {request.Netns} to shape");
        var host = PeerOnNode(context.HostNetlink(), pod)
            ?? throw new CniException(CniErrorCode.InvalidConfig, $"{request.IfName} in {request.Netns} is not a veth whose other end is on this node ({pod.Kind ?? "unknown"} link, IFLA_LINK {pod.LinkIndex})");
        var hostSide = prev.Interfaces?.Where(i => string.IsNullOrEmpty(i.Sandbox)).Select(i => i.Name).ToList() ?? [];
        if (!hostSide.Contains(host.Name))
        {
            throw new CniException(
                CniErrorCode.InvalidConfig,
                $"the node end of {request.IfName} is {host.Name}, which prevResult does not list among its host interfaces [{string.Join(", ", hostSide)}]");
        }

        context.Set(new PodHostVeth(host));
        return host;
    }

    /// <summary>DEL: the host veth when the pod's namespace and interface still exist, else null (they took it with them).</summary>
    public static LinkInfo? TryFind(StageContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = context.Request;
        if (string.IsNullOrEmpty(request.Netns) || !File.Exists(request.Netns))
        {
            return null;
        }

        try
        {
            return context.PodNamespace().Run(() => GetPodLink(request.IfName)) is { } pod ? PeerOnNode(context.HostNetlink(), pod) : null;
        }
        catch (CniException)
        {
            // The path is not (or no longer) a network namespace: nothing of the pod's is left to shape.
            return null;
        }
    }

    private static LinkInfo? GetPodLink(string ifName)
    {
        using var netlink = RtNetlink.Open();
        return netlink.GetLink(ifName);
    }

    private static LinkInfo? PeerOnNode(RtNetlink host, LinkInfo pod) =>
        pod.Kind == "veth" && host.GetLink(pod.LinkIndex) is { Kind: "veth" } peer && peer.LinkIndex == pod.Index ? peer : null;
}
