using System.Buffers.Binary;
using HumanzCni.Native;
using static HumanzCni.Netlink.NfTablesConstants;

namespace HumanzCni.Netlink;

/// <summary>A chain: where it is and its name.</summary>
internal sealed record NfChainInfo(string Family, string Table, string Name);

/// <summary>A rule: where it is, its handle (what deletes it) and its comment, if any. Its expressions are not read.</summary>
internal sealed record NfRuleInfo(string Family, string Table, string Chain, ulong Handle, string? Comment);

/// <summary>Listing chains and rules: `nft list chains`, `nft -a list table`.</summary>
internal sealed partial class NfTables
{
    /// <summary>`nft list chains`: every chain of every table and family.</summary>
    public IReadOnlyList<NfChainInfo> ListChains()
    {
        var collector = new ChainCollector([]);
        BeginDump(NFT_MSG_GETCHAIN, family: 0);
        var errno = _socket.Transact(ref collector, out var message);
        return errno == 0 ? collector.Chains : throw new NetlinkException("nft list chains", errno, message);
    }

    /// <summary>
    /// `nft -a list table FAMILY TABLE` (or `nft -a list chain FAMILY TABLE CHAIN`), rules only: their chain, handle
    /// and comment. A table or chain that does not exist has none.
    /// </summary>
    public IReadOnlyList<NfRuleInfo> ListRules(string family, string table, string? chain = null)
    {
        var collector = new RuleCollector([]);
        BeginDump(NFT_MSG_GETRULE, FamilyNumber(family));
        _socket.Request.AddString(NFTA_RULE_TABLE, table);
        if (chain is not null)
        {
            _socket.Request.AddString(NFTA_RULE_CHAIN, chain);
        }

        var errno = _socket.Transact(ref collector, out var message);
        return errno switch
        {
            0 => collector.Rules,
            Errno.ENOENT => [],
            _ => throw new NetlinkException(chain is null ? $"nft list table {family} {table}" : $"nft list chain {family} {table} {chain}", errno, message),
        };
    }

    private readonly struct ChainCollector(List<NfChainInfo> chains) : INetlinkResponseHandler
    {
        public List<NfChainInfo> Chains { get; } = chains;

        public void Reset() => Chains.Clear();

        public void OnMessage(in NetlinkMessage message)
        {
            if (!message.TryReadHeader<NfGenMsg>(out var header))
            {
                return;
            }

            string? table = null, name = null;
            var attributes = message.AttributesAfter<NfGenMsg>();
            while (attributes.TryRead(out var attribute))
            {
                switch (attribute.Type)
                {
                    case NFTA_CHAIN_TABLE:
                        table = attribute.GetString();
                        break;
                    case NFTA_CHAIN_NAME:
                        name = attribute.GetString();
                        break;
                }
            }

            if (table is not null && name is not null)
            {
                Chains.Add(new NfChainInfo(FamilyName(header.nfgen_family), table, name));
            }
        }
    }

    private readonly struct RuleCollector(List<NfRuleInfo> rules) : INetlinkResponseHandler
    {
        public List<NfRuleInfo> Rules { get; } = rules;

        public void Reset() => Rules.Clear();

        public void OnMessage(in NetlinkMessage message)
        {
            if (!message.TryReadHeader<NfGenMsg>(out var header))
            {
                return;
            }

            string? table = null, chain = null, comment = null;
            ulong handle = 0;
            var attributes = message.AttributesAfter<NfGenMsg>();
            while (attributes.TryRead(out var attribute))
            {
                switch (attribute.Type)
                {
                    case NFTA_RULE_TABLE:
                        table = attribute.GetString();
                        break;
                    case NFTA_RULE_CHAIN:
                        chain = attribute.GetString();
                        break;
                    case NFTA_RULE_HANDLE when attribute.Value.Length == sizeof(ulong):
                        handle = BinaryPrimitives.ReadUInt64BigEndian(attribute.Value);
                        break;
                    case NFTA_RULE_USERDATA:
                        comment = NfUserData.ReadComment(attribute.Value);
                        break;
                }
            }

            if (table is not null && chain is not null)
            {
                Rules.Add(new NfRuleInfo(FamilyName(header.nfgen_family), table, chain, handle, comment));
            }
        }
    }
}
