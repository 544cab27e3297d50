using HumanzCni.Native;
using static HumanzCni.Netlink.CtNetlinkConstants;
using static HumanzCni.Netlink.NetlinkConstants;
using static HumanzCni.Netlink.NfTablesConstants;

namespace HumanzCni.Netlink;

/// <summary>Listing set and map elements: `nft list set`, `nft list map`.</summary>
internal sealed partial class NfTables
{
    /// <summary>
    /// `nft list set FAMILY TABLE SET` (or `list map`), elements only: key, key end, value, comment as the kernel
    /// keeps them. A set or table that does not exist has none.
    /// </summary>
    public IReadOnlyList<NfSetElement> ListElements(string family, string table, string set)
    {
        var collector = new ElementCollector([]);
        BeginDump(NFT_MSG_GETSETELEM, FamilyNumber(family));
        _socket.Request.AddString(NFTA_SET_ELEM_LIST_TABLE, table);
        _socket.Request.AddString(NFTA_SET_ELEM_LIST_SET, set);
        var errno = _socket.Transact(ref collector, out var message);
        return errno switch
        {
            0 => collector.Elements,
            Errno.ENOENT => [],
            _ => throw new NetlinkException($"nft list set {family} {table} {set}", errno, message),
        };
    }

    /// <summary>Whether `nft list set FAMILY TABLE SET` (or `list map`) finds it.</summary>
    public bool HasSet(string family, string table, string set)
    {
        _socket.Request.Begin(NftMessageType(NFT_MSG_GETSET), NLM_F_REQUEST | NLM_F_ACK);
        _socket.Request.Append(new NfGenMsg { nfgen_family = FamilyNumber(family), version = NFNETLINK_V0 });
        _socket.Request.AddString(NFTA_SET_TABLE, table);
        _socket.Request.AddString(NFTA_SET_NAME, set);
        var ignore = default(IgnoreResponses);
        var errno = _socket.Transact(ref ignore, out var message);
        return errno switch
        {
            0 => true,
            Errno.ENOENT => false,
            _ => throw new NetlinkException($"nft list set {family} {table} {set}", errno, message),
        };
    }

    private readonly struct ElementCollector(List<NfSetElement> elements) : INetlinkResponseHandler
    {
        public List<NfSetElement> Elements { get; } = elements;

        public void Reset() => Elements.Clear();

        public void OnMessage(in NetlinkMessage message)
        {
            var attributes = message.AttributesAfter<NfGenMsg>();
            while (attributes.TryRead(out var attribute))
            {
                if (attribute.Type != NFTA_SET_ELEM_LIST_ELEMENTS)
                {
                    continue;
                }

                var list = attribute.Nested();
                while (list.TryRead(out var element))
                {
                    if (element.Type == NFTA_LIST_ELEM)
                    {
                        Elements.Add(Read(element.Nested()));
                    }
                }
            }
        }

        private static NfSetElement Read(RtAttributeReader attributes)
        {
            byte[]? key = null, keyEnd = null, data = null;
            string? comment = null;
            while (attributes.TryRead(out var attribute))
            {
                switch (attribute.Type)
                {
                    case NFTA_SET_ELEM_KEY:
                        key = Value(attribute.Nested());
                        break;
                    case NFTA_SET_ELEM_KEY_END:
                        keyEnd = Value(attribute.Nested());
                        break;
                    case NFTA_SET_ELEM_DATA:
                        data = Value(attribute.Nested());
                        break;
                    case NFTA_SET_ELEM_USERDATA:
                        comment = NfUserData.ReadComment(attribute.Value);
                        break;
                }
            }

            return new NfSetElement(key ?? [], keyEnd, data, comment);
        }

        /// <summary>The NFTA_DATA_VALUE inside an nft_data nest.</summary>
        private static byte[]? Value(RtAttributeReader data)
        {
            while (data.TryRead(out var attribute))
            {
                if (attribute.Type == NFTA_DATA_VALUE)
                {
                    return attribute.Value.ToArray();
                }
            }

            return null;
        }
    }
}
