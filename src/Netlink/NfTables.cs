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
    private const ushort NFT_MSG_GETRULE = 7;
    private const ushort NFTA_TABLE_NAME = 1;
    private const ushort NFTA_RULE_TABLE = 1;
    private const ushort NFTA_RULE_USERDATA = 7;

    /// <summary>libnftnl's user-data TLV type under which nft keeps a rule's comment.</summary>
    private const byte NFTNL_UDATA_RULE_COMMENT = 0;

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

    /// <summary>
    /// The comments of the rules in one table (`nft list table FAMILY NAME`, comments only): enough to tell
    /// whose rules are there without libnftables. A table that does not exist has none.
    /// </summary>
    public static IReadOnlyList<string> RuleComments(string family, string table)
    {
        using var socket = NetlinkSocket.Open(NETLINK_NETFILTER);
        var collector = new CommentCollector([]);
        socket.Request.Begin((ushort)((NFNL_SUBSYS_NFTABLES << 8) | NFT_MSG_GETRULE), NLM_F_REQUEST | NLM_F_DUMP);
        socket.Request.Append(new NfGenMsg { nfgen_family = FamilyNumber(family), version = NFNETLINK_V0 });
        socket.Request.AddString(NFTA_RULE_TABLE, table);
        var errno = socket.Transact(ref collector, out var message);
        return errno switch
        {
            0 => collector.Comments,
            Native.Errno.ENOENT => [],
            _ => throw new NetlinkException($"nft list table {family} {table}", errno, message),
        };
    }

    private static byte FamilyNumber(string family) => family switch
    {
        "inet" => 1,
        "ip" => 2,
        "arp" => 3,
        "netdev" => 5,
        "bridge" => 7,
        "ip6" => 10,
        _ => throw new ArgumentException($"unknown nftables family {family}", nameof(family)),
    };

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

    private readonly struct CommentCollector(List<string> comments) : INetlinkResponseHandler
    {
        public List<string> Comments { get; } = comments;

        public void Reset() => Comments.Clear();

        public void OnMessage(in NetlinkMessage message)
        {
            var attributes = message.AttributesAfter<NfGenMsg>();
            while (attributes.TryRead(out var attribute))
            {
                if (attribute.Type == NFTA_RULE_USERDATA && Comment(attribute.Value) is { } comment)
                {
                    Comments.Add(comment);
                }
            }
        }

        /// <summary>User data is a list of (type u8, length u8, value) records; the comment is NUL-terminated.</summary>
        private static string? Comment(ReadOnlySpan<byte> userData)
        {
            while (userData.Length >= 2)
            {
                var (type, length) = (userData[0], userData[1]);
                if (userData.Length < 2 + length)
                {
                    return null;
                }

                if (type == NFTNL_UDATA_RULE_COMMENT)
                {
                    var value = userData.Slice(2, length);
                    var end = value.IndexOf((byte)0);
                    return System.Text.Encoding.UTF8.GetString(end >= 0 ? value[..end] : value);
                }

                userData = userData[(2 + length)..];
            }

            return null;
        }
    }
}
