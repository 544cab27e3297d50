using System.Net.Sockets;
using HumanzCni.Chain.Pipeline;
using HumanzCni.Chain.Protocol;
using HumanzCni.Netlink;
using HumanzCni.Stages.Config;
using HumanzCni.Stages.Kernel;

namespace HumanzCni.Stages.Bridge;

/// <summary>
/// Ensures the node bridge exists, is up and holds each range's gateway address. Many ADDs may race
/// to create it: whoever loses gets EEXIST and uses the winner's. The bridge is shared by every pod,
/// so neither undo nor DEL removes it.
/// </summary>
internal sealed class BridgeStage : IStage
{
    public string Name => "bridge";

    public IReadOnlyList<Type> Provides => [typeof(BridgeLink)];

    public IReadOnlyList<Type> Requires => [typeof(HumanzNetConf)];

    public void Add(StageContext context)
    {
        var conf = context.Get<HumanzNetConf>();
        var netlink = context.HostNetlink();
        var bridge = EnsureBridge(netlink, conf);
        if (!bridge.IsUp)
        {
            netlink.SetUp(bridge.Index);
        }

        EnsureGatewayAddresses(netlink, bridge, conf);
        EnableForwarding(conf);
        context.Set(new BridgeLink(bridge));
    }

    public void Check(StageContext context)
    {
        var conf = context.Get<HumanzNetConf>();
        var bridge = context.HostNetlink().GetLink(conf.BridgeName)
            ?? throw new CniException(HumanzErrorCode.CheckFailed, $"bridge {conf.BridgeName} does not exist on the node");
        if (!bridge.IsUp)
        {
            throw new CniException(HumanzErrorCode.CheckFailed, $"bridge {conf.BridgeName} is down");
        }

        context.Set(new BridgeLink(bridge));
    }

    private static LinkInfo EnsureBridge(RtNetlink netlink, HumanzNetConf conf)
    {
        var existing = netlink.GetLink(conf.BridgeName);
        if (existing is null)
        {
            try
            {
                netlink.AddBridge(conf.BridgeName, conf.Mtu);
            }
            catch (NetlinkException e) when (e.IsAlreadyExists())
            {
                // Another ADD created it between our look-up and our create: use theirs.
            }

            existing = netlink.GetLink(conf.BridgeName)
                ?? throw new CniException(HumanzErrorCode.KernelRefused, $"bridge {conf.BridgeName} vanished right after it was created");

            // Pin the bridge's random MAC: otherwise it follows its lowest-MAC port and changes as pods come
            // and go, leaving every pod's ARP entry for the gateway stale.
            netlink.SetMac(existing.Index, existing.Mac);
        }

        if (existing.Kind != "bridge")
        {
            throw new CniException(
                CniErrorCode.InvalidConfig,
                $"bridge: a link named {conf.BridgeName} exists but is a {existing.Kind ?? "non-bridge"} link; choose another bridge name or remove that link");
        }

        return existing;
    }

    private static void EnsureGatewayAddresses(RtNetlink netlink, LinkInfo bridge, HumanzNetConf conf)
    {
        var present = netlink.ListAddresses(bridge.Index);
        foreach (var set in conf.RangeSets)
        {
            foreach (var range in set.Ranges)
            {
                if (range.Gateway is not { } gateway || present.Any(a => a.Address.Equals(gateway)))
                {
                    continue;
                }

                try
                {
                    netlink.AddAddress(bridge.Index, gateway, range.Subnet.PrefixLength, noDad: gateway.AddressFamily == AddressFamily.InterNetworkV6);
                }
                catch (NetlinkException e) when (e.IsAlreadyExists())
                {
                    // A concurrent ADD added it first.
                }
            }
        }
    }

    /// <summary>The bridge is the pods' gateway, so the node must forward their packets (other nodes, the outside).</summary>
    private static void EnableForwarding(HumanzNetConf conf)
    {
        if (conf.RangeSets.Any(s => s.Family == AddressFamily.InterNetwork) && Sysctl.Read("net.ipv4.ip_forward") != "1")
        {
            Sysctl.Write("net.ipv4.ip_forward", "1");
        }

        if (conf.RangeSets.Any(s => s.Family == AddressFamily.InterNetworkV6) && Sysctl.Read("net.ipv6.conf.all.forwarding") != "1")
        {
            Sysctl.Write("net.ipv6.conf.all.forwarding", "1");
        }
    }
}
