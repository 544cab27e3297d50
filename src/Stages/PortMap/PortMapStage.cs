using HumanzCni.Chain.Pipeline;
using HumanzCni.Chain.Protocol;
using HumanzCni.Netlink;
using HumanzCni.Stages.Kernel;
using HumanzCni.Stages.Nat;
using Microsoft.Extensions.Logging;

namespace HumanzCni.Stages.PortMap;

/// <summary>
/// Host port DNAT for one attachment (<see cref="PortMapRules"/>), tagged `hz:CONTAINERID/IFNAME`
/// (<see cref="NftTag"/>): ADD replaces the attachment's rules in one transaction (a repeated ADD leaves one
/// set), DEL lists the tagged rules and deletes them by handle, needing neither prevResult nor netns.
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
        var tag = Tag(context);
        EnableLocalnetRouting(context, mappings, addresses);

        var rules = PortMapRules.For(mappings, addresses);
        var nodeRules = context.NodeRules();
        using (NodeRules.Lock())
        {
            nodeRules.Replace(nodeRules.Find(c => c == tag), rules, tag);
        }

        context.OnUndo($"delete nft rules \"{tag}\"", () => Remove(context));
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
        var present = context.NodeRules().Find(c => c == tag);
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

    private static string Tag(StageContext context) => NftTag.Attachment(context.Request.ContainerId, context.Request.IfName);

    private static void Remove(StageContext context)
    {
        var tag = Tag(context);
        var nodeRules = context.NodeRules();
        using (NodeRules.Lock())
        {
            nodeRules.Replace(nodeRules.Find(c => c == tag), [], tag);
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
