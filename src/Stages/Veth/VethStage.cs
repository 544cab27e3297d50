using HumanzCni.Chain.Pipeline;
using HumanzCni.Chain.Protocol;
using HumanzCni.Netlink;
using HumanzCni.Stages.Bridge;
using HumanzCni.Stages.Config;
using HumanzCni.Stages.Kernel;

namespace HumanzCni.Stages.Veth;

/// <summary>
/// Creates the pod's veth pair: the host end (named by <see cref="HostVethName"/>) on the bridge and up,
/// the pod end created directly inside CNI_NETNS as CNI_IFNAME. Deleting the host end deletes both,
/// which is all DEL and undo need, with or without the pod's namespace.
/// </summary>
public sealed class VethStage : IStage
{
    public string Name => "veth";

    public IReadOnlyList<Type> Provides => [typeof(HostVeth)];

    public IReadOnlyList<Type> Requires => [typeof(HumanzNetConf), typeof(BridgeLink)];

    public void Add(StageContext context)
    {
        var conf = context.Get<HumanzNetConf>();
        var bridge = context.Get<BridgeLink>().Link;
        var netlink = context.HostNetlink();
        var request = context.Request;
        var podNamespace = context.PodNamespace();
        var hostName = HostVethName.For(request.ContainerId, request.IfName);

        try
        {
            netlink.AddVethPair(hostName, request.IfName, podNamespace, conf.Mtu);
        }
        catch (NetlinkException e) when (e.IsAlreadyExists())
        {
            throw netlink.GetLink(hostName) is not null
                ? new CniException(CniErrorCode.KernelRefused, $"veth {hostName} for container {request.ContainerId} ifname {request.IfName} already exists: this attachment is already set up; DEL it before adding it again")
                : new CniException(CniErrorCode.KernelRefused, $"an interface named {request.IfName} already exists in {request.Netns}: choose another CNI_IFNAME or remove it");
        }

        var host = netlink.GetLink(hostName)
            ?? throw new CniException(CniErrorCode.KernelRefused, $"veth {hostName} vanished right after it was created");
        context.OnUndo($"ip link del {hostName}", () => DeleteIfPresent(netlink, hostName));

        netlink.SetMaster(host.Index, bridge.Index);
        if (conf.HairpinMode)
        {
            netlink.SetHairpin(host.Index, on: true);
        }

        netlink.SetUp(host.Index);
        context.Set(new HostVeth(host with { MasterIndex = bridge.Index, IsUp = true }));
    }

    public void Del(StageContext context)
    {
        var request = context.Request;
        DeleteIfPresent(context.HostNetlink(), HostVethName.For(request.ContainerId, request.IfName));
    }

    public void Check(StageContext context)
    {
        var request = context.Request;
        var bridge = context.Get<BridgeLink>().Link;
        var hostName = HostVethName.For(request.ContainerId, request.IfName);
        var host = context.HostNetlink().GetLink(hostName)
            ?? throw new CniException(CniErrorCode.CheckFailed, $"host veth {hostName} of container {request.ContainerId} is missing");
        if (host.MasterIndex != bridge.Index)
        {
            throw new CniException(CniErrorCode.CheckFailed, $"host veth {hostName} is not attached to bridge {bridge.Name}");
        }

        if (!host.IsUp)
        {
            throw new CniException(CniErrorCode.CheckFailed, $"host veth {hostName} is down");
        }

        context.Set(new HostVeth(host));
    }

    /// <summary>
    /// GC: host veths on this network's bridge whose attachment the runtime no longer lists go, and their pod
    /// ends with them, so an attachment whose DEL never came (a runtime that crashed) leaks no link.
    /// </summary>
    public void Gc(StageContext context)
    {
        var netlink = context.HostNetlink();
        if (netlink.GetLink(context.Get<HumanzNetConf>().BridgeName) is not { } bridge)
        {
            return;
        }

        var keep = context.Config.AttachmentsToKeep().Select(a => HostVethName.For(a.ContainerId, a.IfName)).ToHashSet(StringComparer.Ordinal);
        foreach (var port in netlink.ListLinks(bridge.Index))
        {
            if (port.Kind == "veth" && port.Name.StartsWith(HostVethName.Prefix, StringComparison.Ordinal) && !keep.Contains(port.Name))
            {
                DeleteIfPresent(netlink, port.Name);
            }
        }
    }

    private static void DeleteIfPresent(RtNetlink netlink, string name)
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
            // Its namespace went away between look-up and delete, taking the pair with it.
        }
    }
}
