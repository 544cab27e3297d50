using System.Net.Sockets;
using HumanzCni.Chain.Pipeline;
using HumanzCni.Chain.Protocol;
using HumanzCni.Chain.Results;
using HumanzCni.Netlink;
using HumanzCni.Stages.Config;

namespace HumanzCni.Stages.NetnsConfig;

/// <summary>
/// Inside the pod's namespace, in one visit: addresses on CNI_IFNAME, the link and lo up, the default
/// route via the gateway and the configured routes. IPv6 addresses skip duplicate address detection
/// (the veth's other end is ours, so no one else can hold the address) so ADD never waits on it.
/// Nothing to undo or delete: the addresses and routes go with the veth.
/// </summary>
internal sealed class NetnsConfigStage : IStage
{
    public string Name => "netns-config";

    public IReadOnlyList<Type> Provides => [typeof(PodInterface)];

    public IReadOnlyList<Type> Requires => [typeof(HumanzNetConf), typeof(PodAddresses)];

    public void Add(StageContext context)
    {
        var conf = context.Get<HumanzNetConf>();
        var addresses = context.Get<PodAddresses>();
        var routes = PodRoutes.For(conf, addresses);
        var ifName = context.Request.IfName;
        var configured = context.PodNamespace().Run(() => Configure(ifName, addresses, routes));
        context.Set(configured);
    }

    public void Check(StageContext context)
    {
        var prev = context.PrevResult
            ?? throw new CniException(CniErrorCode.InvalidConfig, "CHECK needs prevResult: the runtime must pass the result of ADD");
        var ifName = context.Request.IfName;
        var podIndex = prev.Interfaces?.FindIndex(i => i.Name == ifName && !string.IsNullOrEmpty(i.Sandbox)) ?? -1;
        var expectedAddresses = prev.Ips?.Where(ip => ip.Interface is null || ip.Interface == podIndex).Select(ip => ip.Address).ToList() ?? [];
        var expectedRoutes = prev.Routes ?? [];
        context.PodNamespace().Run(() => Verify(context.Request.Netns, ifName, expectedAddresses, expectedRoutes));
    }

    private static PodInterface Configure(string ifName, PodAddresses addresses, IReadOnlyList<PodRoute> routes)
    {
        using var netlink = RtNetlink.Open();
        var link = netlink.GetLink(ifName)
            ?? throw new CniException(HumanzErrorCode.KernelRefused, $"{ifName} is missing in the pod namespace right after the veth was created");

        // The rest needs no answer but its ack: one datagram, in the order the kernel must carry it out (a route via
        // the gateway needs the address and the link up). Nothing to undo when the kernel refuses part of it: the
        // addresses and routes it did add go with the veth, which the failed ADD deletes.
        var batch = netlink.CreateBatch();
        foreach (var address in addresses.Addresses)
        {
            var isV6 = address.Address.AddressFamily == AddressFamily.InterNetworkV6;
            if (isV6)
            {
                // Also off for addresses the kernel adds itself (link-local), not just ours.
                Sysctl.Write($"net/ipv6/conf/{ifName}/accept_dad", "0");
            }

            batch.AddAddress(link.Index, address.Address, address.PrefixLength, noDad: isV6);
        }

        batch.SetUp(link.Index);
        // Setting lo up when it is up already changes nothing, so it is not looked up first.
        batch.SetUp(RtNetlink.LoopbackIndex);
        foreach (var route in routes)
        {
            batch.AddRoute(new RouteInfo(route.Destination.BaseAddress, route.Destination.PrefixLength, route.Gateway, link.Index));
        }

        batch.Send();
        return new PodInterface(link.Index, link.Name, link.Mac, link.Mtu, routes);
    }

    private static void Verify(string netns, string ifName, List<string> expectedAddresses, List<CniRoute> expectedRoutes)
    {
        using var netlink = RtNetlink.Open();
        var link = netlink.GetLink(ifName)
            ?? throw new CniException(HumanzErrorCode.CheckFailed, $"interface {ifName} is missing in {netns}");
        if (!link.IsUp)
        {
            throw new CniException(HumanzErrorCode.CheckFailed, $"interface {ifName} in {netns} is down");
        }

        var present = netlink.ListAddresses(link.Index).Select(a => $"{a.Address}/{a.PrefixLength}").ToHashSet();
        foreach (var expected in expectedAddresses)
        {
            if (!present.Contains(expected))
            {
                throw new CniException(
                    HumanzErrorCode.CheckFailed,
                    $"interface {ifName} in {netns} no longer has address {expected} that ADD assigned (it has: {(present.Count == 0 ? "none" : string.Join(", ", present))})");
            }
        }

        var routes = netlink.ListRoutes(AddressFamily.InterNetwork).Concat(netlink.ListRoutes(AddressFamily.InterNetworkV6)).ToList();
        foreach (var expected in expectedRoutes)
        {
            if (!routes.Any(r => RouteMatches(r, expected)))
            {
                throw new CniException(
                    HumanzErrorCode.CheckFailed,
                    $"route {expected.Dst}{(expected.Gw is null ? "" : " via " + expected.Gw)} that ADD installed is missing in {netns}");
            }
        }
    }

    private static bool RouteMatches(RouteInfo route, CniRoute expected) =>
        $"{route.Destination}/{route.PrefixLength}" == NormalizeCidr(expected.Dst)
        && (expected.Gw is null || route.Gateway?.ToString() == expected.Gw);

    private static string NormalizeCidr(string cidr) =>
        System.Net.IPNetwork.TryParse(cidr, out var network) ? network.ToString() : cidr;
}
