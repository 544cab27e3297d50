using HumanzCni.Chain.Pipeline;
using HumanzCni.Chain.Protocol;
using HumanzCni.Netlink;
using HumanzCni.Stages.Addresses;
using HumanzCni.Stages.Bridge;
using HumanzCni.Stages.Config;
using HumanzCni.Stages.Kernel;

namespace HumanzCni.Stages.Veth;

/// <summary>
/// Creates the pod's veth pair: the host end (named by <see cref="HostVethName"/>) on the bridge and up,
/// the pod end created directly inside CNI_NETNS as CNI_IFNAME, both in one netlink request, so a plugin killed
/// at any instant leaves either no pair or one on the bridge, never one GC or DEL would mistake for another
/// network's. Deleting the host end deletes both,
/// which is all DEL and undo need, with or without the pod's namespace.
/// </summary>
internal sealed class VethStage : IStage
{
    public string Name => "veth";

    public IReadOnlyList<Type> Provides => [typeof(HostVeth)];

    public IReadOnlyList<Type> Requires => [typeof(HumanzNetConf), typeof(PodAddresses), typeof(BridgeLink), typeof(StaleAttachments)];

    public void Add(StageContext context)
    {
        var conf = context.Get<HumanzNetConf>();
        var bridge = context.Get<BridgeLink>().Link;
        var netlink = context.HostNetlink();
        var hostName = HostVethName.For(context.Request.ContainerId, context.Request.IfName);

        CreatePair(context, hostName, bridge.Index, conf.Mtu, replaceLeftover: true);
        var host = netlink.GetLink(hostName)
            ?? throw new CniException(HumanzErrorCode.KernelRefused, $"veth {hostName} vanished right after it was created");
        context.OnUndo($"ip link del {hostName}", () => DeleteIfPresent(netlink, hostName));

        // Both in one datagram; whatever the kernel carried out goes with the veth the undo above deletes.
        var batch = netlink.CreateBatch();
        if (conf.HairpinMode)
        {
            batch.SetHairpin(host.Index, on: true);
        }

        batch.SetUp(host.Index).Send();
        context.Set(new HostVeth(host with { IsUp = true }));
    }

    /// <summary>Deletes the attachment's host veth (and the pod end with it), unless it is a port of another network's bridge.</summary>
    public void Del(StageContext context)
    {
        var request = context.Request;
        DeleteUnlessForeign(context, HostVethName.For(request.ContainerId, request.IfName));
    }

    public void Check(StageContext context)
    {
        var request = context.Request;
        var bridge = context.Get<BridgeLink>().Link;
        var hostName = HostVethName.For(request.ContainerId, request.IfName);
        var host = context.HostNetlink().GetLink(hostName)
            ?? throw new CniException(HumanzErrorCode.CheckFailed, $"host veth {hostName} of container {request.ContainerId} is missing");
        if (host.MasterIndex != bridge.Index)
        {
            throw new CniException(HumanzErrorCode.CheckFailed, $"host veth {hostName} is not attached to bridge {bridge.Name}");
        }

        if (!host.IsUp)
        {
            throw new CniException(HumanzErrorCode.CheckFailed, $"host veth {hostName} is down");
        }

        context.Set(new HostVeth(host));
    }

    /// <summary>
    /// GC: the host veths of this network's stale attachments go, and their pod ends with them, so an attachment
    /// whose DEL never came (a runtime that crashed) leaks no link. Which veths are this network's comes from its
    /// leases (<see cref="StaleAttachments"/>), not from the bridge's ports: a bridge may be shared by networks
    /// that must not collect each other's pods, and a veth left unattached by a killed ADD is found by name.
    /// GC runs in reverse, so this happens before IPAM releases the leases: a GC killed in between is finished by the next.
    /// </summary>
    public void Gc(StageContext context)
    {
        foreach (var lease in context.Get<StaleAttachments>().Leases)
        {
            // A lease of an old host-local names no interface, so no veth name can be derived from it.
            if (lease.IfName is not null)
            {
                DeleteUnlessForeign(context, HostVethName.For(lease.ContainerId, lease.IfName));
            }
        }
    }

    /// <summary>
    /// The pair in one request: on the bridge and in the pod from the start (see <see cref="RtNetlink.AddVethPair"/>).
    /// A host veth of this attachment that exists already, on this bridge or on none, is the leftover of an ADD
    /// that never completed when the attachment held no address before this ADD (a complete ADD holds its
    /// addresses until the DEL or GC that deletes its veth first): it is replaced. Otherwise the attachment is set
    /// up, or belongs to another network, and stays.
    /// </summary>
    private static void CreatePair(StageContext context, string hostName, int bridgeIndex, int mtu, bool replaceLeftover)
    {
        var request = context.Request;
        var netlink = context.HostNetlink();
        try
        {
            netlink.AddVethPair(hostName, request.IfName, context.PodNamespace(), mtu, bridgeIndex);
        }
        catch (NetlinkException e) when (e.IsAlreadyExists() && netlink.GetLink(hostName) is { } existing)
        {
            if (!replaceLeftover || context.Get<PodAddresses>().HeldBefore || existing.MasterIndex is not 0 && existing.MasterIndex != bridgeIndex)
            {
                throw new CniException(HumanzErrorCode.KernelRefused, $"veth {hostName} for container {request.ContainerId} ifname {request.IfName} already exists: this attachment is already set up; DEL it before adding it again");
            }

            context.Logger.LogReplacingLeftover(hostName, request.ContainerId, request.IfName);
            DeleteIfPresent(netlink, hostName);
            CreatePair(context, hostName, bridgeIndex, mtu, replaceLeftover: false);
        }
        catch (NetlinkException e) when (e.IsAlreadyExists())
        {
            throw new CniException(HumanzErrorCode.KernelRefused, $"an interface named {request.IfName} already exists in {request.Netns}: choose another CNI_IFNAME or remove it");
        }
    }

    /// <summary>A host veth attached to a bridge other than this network's belongs to another network: left alone.</summary>
    private static void DeleteUnlessForeign(StageContext context, string hostName)
    {
        var netlink = context.HostNetlink();
        if (netlink.GetLink(hostName) is not { } link)
        {
            return;
        }

        if (link.MasterIndex != 0 && netlink.GetLink(context.Get<HumanzNetConf>().BridgeName)?.Index != link.MasterIndex)
        {
            context.Logger.LogForeignVethKept(hostName, link.MasterIndex);
            return;
        }

        DeleteIfPresent(netlink, hostName);
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
