using HumanzCni.Chain.Pipeline;
using HumanzCni.Chain.Protocol;
using HumanzCni.Netlink;
using HumanzCni.Stages.Kernel;
using HumanzCni.Stages.Nat;

namespace HumanzCni.Stages.PortMap;

/// <summary>
/// Host port DNAT for one attachment: elements of the node-wide host port maps (<see cref="HostPortLayout"/>,
/// <see cref="PortMapElements"/>), commented `hz:CONTAINERID/IFNAME@NET` (<see cref="NftTag"/>). ADD replaces the
/// attachment's elements in one transaction (a repeated ADD leaves one set of them), DEL lists the commented
/// elements and deletes exactly those, needing neither prevResult nor netns, and GC deletes the network's elements
/// of attachments the runtime no longer lists (an ADD killed after its elements went in, whose DEL never came).
/// No call creates or deletes a chain or rule for one pod; the rules of older versions' per-pod layout, found by
/// the same comments, go with the DEL or GC that finds them.
/// Both flush the conntrack entries of the mapped UDP host ports: a UDP flow that began before the mapping
/// (or towards a pod now gone) would otherwise keep its old NAT verdict until it idles out.
/// </summary>
internal sealed class PortMapStage : IStage
{
    public string Name => "portmap";

    public IReadOnlyList<Type> Requires => [typeof(PortMappings), typeof(ContainerAddresses)];

    public void Add(StageContext context)
    {
        var mappings = context.Get<PortMappings>();
        var addresses = context.Get<ContainerAddresses>();
        EnableLocalnetRouting(context, mappings, addresses);

        var tag = Tag(context);
        var elements = PortMapElements.For(mappings, addresses, tag.Value);
        var nodeRules = context.NodeRules();
        using (NodeRules.Lock())
        {
            nodeRules.ReplaceElements(tag.IsOwn, elements);
        }

        context.OnUndo($"delete nft elements \"{tag}\"", () => Remove(context));
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
        var expected = PortMapElements.For(context.Get<PortMappings>(), context.Get<ContainerAddresses>(), tag.Value);
        var present = context.NodeRules().FindElements(tag.IsOwn);
        foreach (var set in HostPortLayout.Sets)
        {
            var wanted = expected.Where(e => e.Set == set).ToList();
            var found = present.Where(e => e.Set == set).ToList();
            var matching = wanted.Count(w => found.Any(f => f.SameKey(w) && (f.Element.Data ?? []).AsSpan().SequenceEqual(w.Element.Data ?? [])));
            if (found.Count != wanted.Count || matching != wanted.Count)
            {
                throw new CniException(
                    HumanzErrorCode.CheckFailed,
                    $"{(set.Data is null ? "set" : "map")} {HumanzTable.Family} {HumanzTable.Name} {set.Name} holds {found.Count} element(s) commented \"{tag}\" ({matching} as expected); the port mappings need {wanted.Count}");
            }
        }
    }

    public void Gc(StageContext context)
    {
        var nodeRules = context.NodeRules();
        if (!nodeRules.HasHumanzTable())
        {
            return;
        }

        var isStale = IsStale(context);
        using (NodeRules.Lock())
        {
            nodeRules.ReplaceElements(isStale, []);
            nodeRules.DeleteTableIfUnused();
        }
    }

    /// <summary>Which comments are the attachment's: its tag, or one an earlier version wrote (<see cref="AttachmentTag"/>).</summary>
    private static AttachmentTag Tag(StageContext context) =>
        new(context.Config.Name ?? "", context.Request.ContainerId, context.Request.IfName);

    /// <summary>
    /// Tags of the network's attachments that the runtime no longer lists. Earlier versions' tags (a shorter network
    /// mark, <see cref="Sha256Tag"/>) are hashed only when a comment has their shape.
    /// </summary>
    private static Func<string, bool> IsStale(StageContext context)
    {
        var network = context.Config.Name ?? "";
        var mark = NftTag.NetworkMark(network);
        var earlierMark = new Lazy<string>(() => Sha256Tag.NetworkMark(network));
        var kept = context.Config.AttachmentsToKeep().Select(a => new AttachmentTag(network, a.ContainerId, a.IfName)).ToList();
        var keep = kept.Select(k => k.Value).ToHashSet(StringComparer.Ordinal);
        return comment => comment.StartsWith(NftTag.AttachmentPrefix, StringComparison.Ordinal)
            && (comment.EndsWith(mark, StringComparison.Ordinal)
                ? !keep.Contains(comment)
                : Sha256Tag.HasNetworkMark(comment) && comment.EndsWith(earlierMark.Value, StringComparison.Ordinal) && !kept.Any(k => k.IsOwn(comment)));
    }

    private static void Remove(StageContext context)
    {
        var tag = Tag(context);
        var nodeRules = context.NodeRules();
        using (NodeRules.Lock())
        {
            nodeRules.ReplaceElements(tag.IsOwn, []);
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
        var networks = PortMapElements.LocalnetNetworks(mappings, addresses).ToList();
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

        var deleted = context.NodeRules().Conntrack.DeleteUdpByOriginalDestinationPort(mappings.UdpHostPorts);
        context.Logger.LogUdpConntrackFlushed(deleted, string.Join(',', mappings.UdpHostPorts));
    }
}
