using HumanzCni.Chain.Pipeline;
using HumanzCni.Chain.Protocol;
using HumanzCni.Netlink;
using HumanzCni.Stages.Kernel;

namespace HumanzCni.Stages.Bandwidth;

/// <summary>
/// Traffic from the pod arrives on the host veth's ingress, where no qdisc can queue. So an ingress qdisc
/// there redirects every packet (u32 match-all, mirred egress redirect) to an ifb named by <see cref="IfbName"/>,
/// and a TBF root qdisc on the ifb's egress shapes it; the ifb then hands packets back to the node's stack.
/// DEL deletes the ifb (its qdisc goes with it) and the ingress qdisc while the veth is still there; GC deletes
/// the ifbs nothing feeds any more.
/// </summary>
internal sealed class EgressShapingStage : IStage
{
    private const ushort FilterPriority = 1;

    public string Name => "bandwidth-egress";

    public IReadOnlyList<Type> Requires => [typeof(BandwidthLimits)];

    public void Add(StageContext context)
    {
        if (context.Get<BandwidthLimits>().Egress is not { } limit)
        {
            return;
        }

        var veth = PodHostVeth.Require(context);
        var netlink = context.HostNetlink();
        var ifbName = IfbName.For(context.Request.ContainerId, context.Request.IfName);
        try
        {
            netlink.AddIfb(ifbName, veth.Mtu);
        }
        catch (NetlinkException e) when (e.IsAlreadyExists())
        {
            throw new CniException(HumanzErrorCode.KernelRefused, $"ifb {ifbName} for container {context.Request.ContainerId} ifname {context.Request.IfName} already exists: the attachment is already shaped; DEL it before adding it again");
        }

        var ifb = netlink.GetLink(ifbName)
            ?? throw new CniException(HumanzErrorCode.KernelRefused, $"ifb {ifbName} vanished right after it was created");
        context.OnUndo($"ip link del {ifbName}", () => DeleteLinkIfPresent(netlink, ifbName));
        netlink.SetUp(ifb.Index);
        netlink.AddTbfQdisc(ifb.Index, TcHandle.Root, BandwidthPlugin.TbfHandle, limit.ToTbf(PacketSchedulerClock.Kernel));

        try
        {
            netlink.AddIngressQdisc(veth.Index);
        }
        catch (NetlinkException e) when (e.IsAlreadyExists())
        {
            throw new CniException(HumanzErrorCode.KernelRefused, $"host veth {veth.Name} already has an ingress qdisc: the attachment is already shaped; DEL it before adding it again");
        }

        context.OnUndo($"tc qdisc del dev {veth.Name} ingress", () => DeleteIngressQdisc(netlink, veth.Index));
        netlink.AddRedirectFilter(veth.Index, TcHandle.IngressQdisc, FilterPriority, ifb.Index);
    }

    public void Del(StageContext context)
    {
        var netlink = context.HostNetlink();
        var ifbName = IfbName.For(context.Request.ContainerId, context.Request.IfName);
        var ifb = netlink.GetLink(ifbName);
        if (ifb is not null && PodHostVeth.TryFind(context) is { } veth && RedirectsTo(netlink, veth, ifb))
        {
            DeleteIngressQdisc(netlink, veth.Index);
        }

        DeleteLinkIfPresent(netlink, ifbName);
    }

    public void Check(StageContext context)
    {
        if (context.Get<BandwidthLimits>().Egress is not { } limit)
        {
            return;
        }

        var veth = PodHostVeth.Require(context);
        var netlink = context.HostNetlink();
        var ifbName = IfbName.For(context.Request.ContainerId, context.Request.IfName);
        var ifb = netlink.GetLink(ifbName);
        if (ifb is not { Kind: "ifb", IsUp: true })
        {
            throw new CniException(HumanzErrorCode.CheckFailed, $"egress of {context.Request.IfName} should be shaped on ifb {ifbName}, which is {(ifb is null ? "missing" : "down or not an ifb")}");
        }

        var root = netlink.ListQdiscs(ifb.Index).FirstOrDefault(q => q.Parent == TcHandle.Root);
        if (root?.Tbf is not { } tbf || !limit.IsEnforcedBy(tbf, PacketSchedulerClock.Kernel))
        {
            throw new CniException(HumanzErrorCode.CheckFailed, $"egress of {context.Request.IfName} should be shaped to {limit} by a tbf root qdisc on {ifbName}, but its root qdisc is {IngressShapingStage.Describe(root)}");
        }

        if (!RedirectsTo(netlink, veth, ifb))
        {
            throw new CniException(HumanzErrorCode.CheckFailed, $"host veth {veth.Name} does not redirect its ingress to {ifbName}: the pod's egress is not shaped");
        }
    }

    /// <summary>
    /// GC: the ifbs of attachments the runtime no longer lists that nothing feeds any more (no veth's ingress
    /// redirects into them: the veth, and its ingress qdisc with it, went with the attachment's DEL or GC, or an
    /// ADD was killed before the redirect was in place). An ifb still fed belongs to a pod that is there, whatever
    /// the runtime's list says, and its DEL will take it.
    /// </summary>
    public void Gc(StageContext context)
    {
        var netlink = context.HostNetlink();
        var keep = context.Config.AttachmentsToKeep().Select(a => IfbName.For(a.ContainerId, a.IfName)).ToHashSet(StringComparer.Ordinal);
        var links = netlink.ListLinks();
        var candidates = links.Where(l => l.Kind == "ifb" && l.Name.StartsWith(IfbName.Prefix, StringComparison.Ordinal) && !keep.Contains(l.Name)).ToList();
        if (candidates.Count == 0)
        {
            return;
        }

        var fed = links
            .Where(l => l.Kind == "veth" && netlink.ListQdiscs(l.Index).Any(q => q.Kind == "ingress"))
            .SelectMany(veth => netlink.ListFilters(veth.Index, TcHandle.IngressQdisc))
            .Select(f => f.RedirectIndex)
            .ToHashSet();
        foreach (var ifb in candidates.Where(i => !fed.Contains(i.Index)))
        {
            DeleteLinkIfPresent(netlink, ifb.Name);
        }
    }

    private static bool RedirectsTo(RtNetlink netlink, LinkInfo veth, LinkInfo ifb) =>
        netlink.ListQdiscs(veth.Index).Any(q => q.Kind == "ingress")
        && netlink.ListFilters(veth.Index, TcHandle.IngressQdisc).Any(f => f.RedirectIndex == ifb.Index);

    private static void DeleteIngressQdisc(RtNetlink netlink, int index)
    {
        try
        {
            netlink.DeleteQdisc(index, TcHandle.Ingress, TcHandle.IngressQdisc);
        }
        catch (NetlinkException e) when (e.IsAlreadyGone())
        {
            // Gone with the veth, or never made.
        }
    }

    internal static void DeleteLinkIfPresent(RtNetlink netlink, string name)
    {
        if (netlink.GetLink(name) is not { } link)
        {
            return;
        }

        try
        {
            netlink.DeleteLink(link.Index);
        }
        catch (NetlinkException e) when (e.IsAlreadyGone())
        {
            // A concurrent DEL of the same attachment won.
        }
    }
}
