using static HumanzCni.Netlink.CtNetlinkConstants;
using static HumanzCni.Netlink.NetlinkConstants;

namespace HumanzCni.Netlink;

/// <summary>One nftables table: its family as nft spells it ("ip", "ip6", "inet", ...) and its name.</summary>
public sealed record NfTable(string Family, string Name);

/// <summary>
/// The nftables tables of the calling thread's network namespace, read straight over nf_tables netlink.
/// A table dump is one small request; libnftables builds its whole cache first, which costs a plugin call
/// milliseconds, so callers ask this first and go to libnftables only when there is something to do.
/// </summary>
public static class NfTables
{
    private const ushort NFNL_SUBSYS_NFTABLES = 10;
    private const ushort NFT_MSG_GETTABLE = 1;
    private const ushort NFTA_TABLE_NAME = 1;

    /// <summary>`nft list tables`.</summary>
    public static IReadOnlyList<NfTable> List()
    {
        using var socket = NetlinkSocket.Open(NETLINK_NETFILTER);
        var collector = new TableCollector([]);
        socket.Request.Begin((ushort)((NFNL_SUBSYS_NFTABLES << 8) | NFT_MSG_GETTABLE), NLM_F_REQUEST | NLM_F_DUMP);
        socket.Request.Append(new NfGenMsg { nfgen_family = 0, version = NFNETLINK_V0 });
        var errno = socket.Transact(ref collector, out var message);
        return errno == 0 ? collector.Tables : throw new NetlinkException("nft list tables", errno, message);
    }

    /// <summary>NFPROTO_* as nft names them.</summary>
    private static string FamilyName(byte family) => family switch
    {
        1 => "inet",
        2 => "ip",
        3 => "arp",
        5 => "netdev",
        7 => "bridge",
        10 => "ip6",
        _ => family.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private readonly struct TableCollector(List<NfTable> tables) : INetlinkResponseHandler
    {
        public List<NfTable> Tables { get; } = tables;

        public void Reset() => Tables.Clear();

        public void OnMessage(in NetlinkMessage message)
        {
            if (!message.TryReadHeader<NfGenMsg>(out var header))
            {
                return;
            }

            var attributes = message.AttributesAfter<NfGenMsg>();
            while (attributes.TryRead(out var attribute))
            {
                if (attribute.Type == NFTA_TABLE_NAME)
                {
                    Tables.Add(new NfTable(FamilyName(header.nfgen_family), attribute.GetString()));
                }
            }
        }
    }
}
