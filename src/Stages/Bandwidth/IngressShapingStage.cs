using HumanzCni.Chain.Pipeline;
using HumanzCni.Chain.Protocol;
using HumanzCni.Netlink;
using HumanzCni.Stages.Kernel;

namespace HumanzCni.Stages.Bandwidth;

/// <summary>
/// Traffic into the pod leaves the node through the host veth, so a TBF root qdisc (handle 1:) on the host
/// veth's egress shapes it. It goes with the veth; DEL removes it only while the veth is still there.
/// </summary>
internal sealed class IngressShapingStage : IStage
{
    public string Name => "bandwidth-ingress";

    public IReadOnlyList<Type> Requires => [typeof(BandwidthLimits)];

    public void Add(StageContext context)
    {
        if (context.Get<BandwidthLimits>().Ingress is not { } limit)
        {
            return;
        }

        var veth = PodHostVeth.Require(context);
        var netlink = context.HostNetlink();
        try
        {
            netlink.AddTbfQdisc(veth.Index, TcHandle.Root, BandwidthPlugin.TbfHandle, limit.ToTbf(PacketSchedulerClock.Kernel));
        }
        catch (NetlinkException e) when (e.IsAlreadyExists())
        {
            throw new CniException(HumanzErrorCode.KernelRefused, $"host veth {veth.Name} already has a root qdisc: the attachment is already shaped; DEL it before adding it again");
        }

        context.OnUndo($"tc qdisc del dev {veth.Name} root", () => DeleteOwnTbf(netlink, veth.Index));
    }

    public void Del(StageContext context)
    {
        if (PodHostVeth.TryFind(context) is { } veth)
        {
            DeleteOwnTbf(context.HostNetlink(), veth.Index);
        }
    }

    public void Check(StageContext context)
    {
        if (context.Get<BandwidthLimits>().Ingress is not { } limit)
        {
            return;
        }

        var veth = PodHostVeth.Require(context);
        var root = context.HostNetlink().ListQdiscs(veth.Index).FirstOrDefault(q => q.Parent == TcHandle.Root);
        if (root?.Tbf is not { } tbf || !limit.IsEnforcedBy(tbf, PacketSchedulerClock.Kernel))
        {
            throw new CniException(HumanzErrorCode.CheckFailed, $"ingress of {context.Request.IfName} should be shaped to {limit} by a tbf root qdisc on {veth.Name}, but its root qdisc is {Describe(root)}");
        }
    }

    internal static string Describe(QdiscInfo? qdisc) => qdisc switch
    {
        null => "the default",
        { Tbf: { } tbf } => $"tbf rate {tbf.RateBytesPerSecond * 8} bit/s burst {(ulong)tbf.BurstBytes * 8} bit limit {tbf.LimitBytes} B",
        _ => qdisc.Kind,
    };

    /// <summary>Removes the root qdisc only when it is the TBF this plugin puts there (handle 1:).</summary>
    private static void DeleteOwnTbf(RtNetlink netlink, int index)
    {
        try
        {
            if (netlink.ListQdiscs(index).Any(q => q.Parent == TcHandle.Root && q.Handle == BandwidthPlugin.TbfHandle && q.Kind == "tbf"))
            {
                netlink.DeleteQdisc(index, TcHandle.Root, BandwidthPlugin.TbfHandle);
            }
        }
        catch (NetlinkException e) when (e.IsAlreadyGone())
        {
            // The veth went away meanwhile, and its qdiscs with it.
        }
    }
}
