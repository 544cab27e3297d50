using HumanzCni.Chain.Pipeline;
using HumanzCni.Chain.Protocol;
using HumanzCni.Netlink;
using HumanzCni.Stages.Kernel;
using HumanzCni.Stages.Nat;
using Microsoft.Extensions.Logging;

namespace HumanzCni.Stages.PortMap;

/// <summary>
/// Host port DNAT for one attachment (<see cref="PortMapRules"/>), tagged `hz:CONTAINERID/IFNAME@NET`
/// (<see cref="NftTag"/>): ADD replaces the attachment's rules in one transaction (a repeated ADD leaves one
/// set), DEL lists the tagged rules and deletes them by handle, needing neither prevResult nor netns, and GC
/// deletes the network's rules of attachments the runtime no longer lists (an ADD killed after its rules
/// went in, whose DEL never came).
/// Both flush the conntrack entries of the mapped UDP host ports: a UDP flow that began before the mapping
/// (or towards a pod now gone) would otherwise keep its old NAT verdict until it idles out.
/// </summary>
public sealed class PortMapStage : IStage
{
    public string Name => "portmap";

    public IReadOnlyList<Type> Requires => [typeof(PortMappings), typeof(ContainerAddresses)];

    public void Add(StageContext context)
    {
        var mappings = context.Get<PortMappings>();
        var addresses = context.Get<ContainerAddresses>();
        EnableLocalnetRouting(context, mappings, addresses);

        var rules = PortMapRules.For(mappings, addresses);
        var nodeRules = context.NodeRules();
        using (NodeRules.Lock())
        {
            nodeRules.Replace(nodeRules.Find(IsOwn(context)), rules, Tag(context));
        }

        context.OnUndo($"delete nft rules \"{Tag(context)}\"", () => Remove(context));
        FlushUdpConntrack(context, mappings);
    }

    public void Del(StageContext context)
    {
        Remove(context);
        FlushUdpConntrack(context, context.Get<PortMappings>());
    }

    public void Check(StageContext context)
    {
        var tag = Tag(context);
        var expected = PortMapRules.For(context.Get<PortMappings>(), context.Get<ContainerAddresses>());
        var present = context.NodeRules().Find(IsOwn(context));
        foreach (var chain in expected.GroupBy(r => r.Chain))
        {
            var found = present.Count(r => r.Chain == chain.Key && r.Table == HumanzTable.Name);
            if (found != chain.Count())
            {
                throw new CniException(
                    CniErrorCode.CheckFailed,
                    $"table {HumanzTable.Family} {HumanzTable.Name} chain {chain.Key} holds {found} rule(s) commented \"{tag}\"; the port mappings need {chain.Count()}");
            }
        }
    }

    public void Gc(StageContext context)
    {
        var network = context.Config.Name ?? "";
        if (!NodeRules.MayHoldRules(NftTag.AttachmentPrefix))
        {
            return;
        }

        var mark = NftTag.NetworkMark(network);
        var keep = context.Config.AttachmentsToKeep().Select(a => NftTag.Attachment(network, a.ContainerId, a.IfName)).ToHashSet(StringComparer.Ordinal);
        var nodeRules = context.NodeRules();
        using (NodeRules.Lock())
        {
            var stale = nodeRules.Find(c => c.StartsWith(NftTag.AttachmentPrefix, StringComparison.Ordinal) && c.EndsWith(mark, StringComparison.Ordinal) && !keep.Contains(c));
            nodeRules.Replace(stale, [], mark);
        }
    }

    private static string Tag(StageContext context) =>
        NftTag.Attachment(context.Config.Name ?? "", context.Request.ContainerId, context.Request.IfName);

    /// <summary>The attachment's rules: tagged with its network, or by a version from before tags carried it.</summary>
    private static Func<string, bool> IsOwn(StageContext context)
    {
        var tag = Tag(context);
        var legacy = NftTag.LegacyAttachment(context.Request.ContainerId, context.Request.IfName);
        return comment => comment == tag || comment == legacy;
    }

    private static void Remove(StageContext context)
    {
        var nodeRules = context.NodeRules();
        using (NodeRules.Lock())
        {
            nodeRules.Replace(nodeRules.Find(IsOwn(context)), [], Tag(context));
        }
    }

    /// <summary>
    /// `sysctl net.ipv4.conf.IFACE.route_localnet=1` on the interface holding the pod network's gateway (the
    /// bridge): without it the kernel refuses to route a packet from 127.0.0.1 out of it, so DNATing
    /// 127.0.0.1:hostPort to the pod would fail. Per interface rather than "all", to open no more than needed;
    /// left on at DEL since other pods on the bridge may use it.
    /// </summary>
    private static void EnableLocalnetRouting(StageContext context, PortMappings mappings, ContainerAddresses addresses)
    {
        var networks = PortMapRules.LocalnetNetworks(mappings, addresses).ToList();
        if (networks.Count == 0)
        {
            return;
        }

        var netlink = context.HostNetlink();
        var linkIndexes = netlink.ListAddresses(0).Where(a => networks.Any(n => n.Contains(a.Address))).Select(a => a.LinkIndex).Distinct();
        foreach (var index in linkIndexes)
        {
            if (netlink.GetLink(index) is { } link && Sysctl.Read($"net/ipv4/conf/{link.Name}/route_localnet") != "1")
            {
                Sysctl.Write($"net/ipv4/conf/{link.Name}/route_localnet", "1");
            }
        }
    }

    private static void FlushUdpConntrack(StageContext context, PortMappings mappings)
    {
        if (mappings.UdpHostPorts.Count == 0)
        {
            return;
        }

        using var conntrack = Conntrack.Open();
        var deleted = conntrack.DeleteUdpByOriginalDestinationPort(mappings.UdpHostPorts);
        context.Logger.LogDebug("deleted {Count} conntrack entries of UDP host ports {Ports}", deleted, string.Join(',', mappings.UdpHostPorts));
    }
}
