using static HumanzCni.Netlink.CtNetlinkConstants;
using static HumanzCni.Netlink.NetlinkConstants;
using static HumanzCni.Netlink.NfTablesConstants;

namespace HumanzCni.Netlink;

/// <summary>One nftables table: its family as nft spells it ("ip", "ip6", "inet", ...) and its name.</summary>
internal sealed record NfTable(string Family, string Name);

/// <summary>
/// nftables over nf_tables netlink, without libnftables (and without its cache): listings of tables, chains,
/// rules and set elements, each one dump request, and changes as one batch (<see cref="NfBatch"/>), which the
/// kernel applies as one transaction, as `nft -f` does. The socket belongs to the network namespace of the
/// thread that opened it. Every method names its `nft` twin. Failures throw <see cref="NetlinkException"/>.
/// </summary>
/// <remarks>The requests live in partial files: NfTables.Rules.cs (chains, rules), NfTables.Sets.cs (set elements).</remarks>
internal sealed partial class NfTables : IDisposable
{
    private readonly NetlinkSocket _socket;

    private NfTables(NetlinkSocket socket) => _socket = socket;

    /// <summary>Opens a netfilter netlink socket in the calling thread's network namespace.</summary>
    public static NfTables Open() => new(NetlinkSocket.Open(NETLINK_NETFILTER));

    /// <summary>`nft list tables`.</summary>
    public IReadOnlyList<NfTable> ListTables()
    {
        var collector = new TableCollector([]);
        BeginDump(NFT_MSG_GETTABLE, family: 0);
        var errno = _socket.Transact(ref collector, out var message);
        return errno == 0 ? collector.Tables : throw new NetlinkException("nft list tables", errno, message);
    }

    /// <summary>The connection tracking table over this socket: ctnetlink is a netfilter subsystem too, so a call needs one socket for both.</summary>
    public Conntrack Conntrack => new(_socket);

    /// <summary>Starts a batch of changes; nothing reaches the kernel before <see cref="NfBatch.Commit"/>.</summary>
    public NfBatch BeginBatch() => new(_socket);

    /// <inheritdoc />
    public void Dispose() => _socket.Dispose();

    /// <summary>NFPROTO_* of a family as nft names it.</summary>
    internal static byte FamilyNumber(string family) => family switch
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
    internal static string FamilyName(byte family) => family switch
    {
        1 => "inet",
        2 => "ip",
        3 => "arp",
        5 => "netdev",
        7 => "bridge",
        10 => "ip6",
        _ => family.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private void BeginDump(ushort message, byte family)
    {
        _socket.Request.Begin(NftMessageType(message), NLM_F_REQUEST | NLM_F_DUMP);
        _socket.Request.Append(new NfGenMsg { nfgen_family = family, version = NFNETLINK_V0 });
    }

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
