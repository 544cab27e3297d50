using static HumanzCni.Netlink.CtNetlinkConstants;
using static HumanzCni.Netlink.NetlinkConstants;
using static HumanzCni.Netlink.NfTablesConstants;

namespace HumanzCni.Netlink;

/// <summary>A base chain's hook: `type TYPE hook HOOK priority PRIORITY; policy accept;` (hooks: prerouting 0, output 3, postrouting 4).</summary>
internal sealed record NfHook(string Type, uint Hook, int Priority)
{
    /// <summary>NF_INET_PRE_ROUTING.</summary>
    public const uint Prerouting = 0;
    /// <summary>NF_INET_LOCAL_OUT.</summary>
    public const uint Output = 3;
    /// <summary>NF_INET_POST_ROUTING.</summary>
    public const uint Postrouting = 4;
}

/// <summary>
/// Changes to the ruleset, written one message each into a buffer of the batch's own as they are called, and sent as
/// one nfnetlink batch by <see cref="Commit"/>: the kernel applies all of them or none, as it does an `nft -f`
/// file. Every message asks for its ack, so a refusal names the change that was refused.
/// </summary>
internal sealed class NfBatch
{
    /// <summary>BEGIN's and END's header: res_id (big endian) names the subsystem the batch is for.</summary>
    private static readonly NfGenMsg BatchHeader = new() { nfgen_family = 0, version = NFNETLINK_V0, res_id = (NFNL_SUBSYS_NFTABLES >> 8) | (NFNL_SUBSYS_NFTABLES << 8) };

    private readonly NetlinkSocket _socket;
    private readonly List<string> _changes = [];

    internal NfBatch(NetlinkSocket socket)
    {
        _socket = socket;
        Request.BeginBatch();
        Request.BeginNext(NFNL_MSG_BATCH_BEGIN, NLM_F_REQUEST);
        Request.Append(BatchHeader);
    }

    /// <summary>How many changes the batch holds.</summary>
    public int Count => _changes.Count;

    /// <summary>The batch's own buffer: listings on the socket in between leave it alone.</summary>
    private NetlinkMessageBuilder Request { get; } = new();

    /// <summary>`nft add table FAMILY NAME` (an existing table is left as it is).</summary>
    public NfBatch AddTable(string family, string name)
    {
        Begin(NFT_MSG_NEWTABLE, NLM_F_CREATE, family, $"add table {family} {name}");
        Request.AddString(NFTA_TABLE_NAME, name);
        return this;
    }

    /// <summary>`nft delete table FAMILY NAME`: the table with everything in it.</summary>
    public NfBatch DeleteTable(string family, string name)
    {
        Begin(NFT_MSG_DELTABLE, 0, family, $"delete table {family} {name}");
        Request.AddString(NFTA_TABLE_NAME, name);
        return this;
    }

    /// <summary>`nft add chain FAMILY TABLE NAME { type T hook H priority P; policy accept; }` (an existing chain is left as it is).</summary>
    public NfBatch AddBaseChain(string family, string table, string name, NfHook hook)
    {
        Begin(NFT_MSG_NEWCHAIN, NLM_F_CREATE, family, $"add chain {family} {table} {name} {{ type {hook.Type} hook {hook.Hook} priority {hook.Priority}; policy accept; }}");
        Request.AddString(NFTA_CHAIN_TABLE, table);
        Request.AddString(NFTA_CHAIN_NAME, name);
        var nest = Request.BeginNested(NFTA_CHAIN_HOOK | NLA_F_NESTED);
        Request.AddBigEndianUInt32(NFTA_HOOK_HOOKNUM, hook.Hook);
        Request.AddBigEndianUInt32(NFTA_HOOK_PRIORITY, unchecked((uint)hook.Priority));
        Request.EndNested(nest);
        Request.AddBigEndianUInt32(NFTA_CHAIN_POLICY, 1); // NF_ACCEPT
        Request.AddString(NFTA_CHAIN_TYPE, hook.Type);
        return this;
    }

    /// <summary>`nft add set FAMILY TABLE NAME { type ...; }` or `nft add map ...` (an identical existing one is left as it is).</summary>
    public NfBatch AddSet(string family, string table, NfSet set)
    {
        Begin(NFT_MSG_NEWSET, NLM_F_CREATE, family, $"add {set.Declaration.Replace(set.Name, $"{family} {table} {set.Name}", StringComparison.Ordinal)}");
        Request.AddString(NFTA_SET_TABLE, table);
        Request.AddString(NFTA_SET_NAME, set.Name);
        // The kernel wants an id unique in the transaction (by which later messages could name the new set).
        Request.AddBigEndianUInt32(NFTA_SET_ID, (uint)_changes.Count);
        var concat = set.Key.Count > 1;
        Request.AddBigEndianUInt32(NFTA_SET_FLAGS, (set.Data is null ? 0 : NFT_SET_MAP) | (set.Interval ? NFT_SET_INTERVAL : 0) | (concat && set.Interval ? NFT_SET_CONCAT : 0));
        Request.AddBigEndianUInt32(NFTA_SET_KEY_TYPE, NfSet.TypeId(set.Key));
        Request.AddBigEndianUInt32(NFTA_SET_KEY_LEN, (uint)set.KeyLength);
        if (set.Data is not null)
        {
            Request.AddBigEndianUInt32(NFTA_SET_DATA_TYPE, NfSet.TypeId(set.Data));
            Request.AddBigEndianUInt32(NFTA_SET_DATA_LEN, (uint)set.DataLength);
        }

        if (concat && set.Interval)
        {
            // Ranges in a concatenation: the field sizes let the kernel pick a set type matching ranges per field
            // (pipapo). The kernel refuses them for any other set.
            var description = Request.BeginNested(NFTA_SET_DESC | NLA_F_NESTED);
            var fields = Request.BeginNested(NFTA_SET_DESC_CONCAT | NLA_F_NESTED);
            foreach (var field in set.Key)
            {
                var element = Request.BeginNested(NFTA_LIST_ELEM | NLA_F_NESTED);
                Request.AddBigEndianUInt32(NFTA_SET_FIELD_LEN, (uint)NfSet.Size(field));
                Request.EndNested(element);
            }

            Request.EndNested(fields);
            Request.EndNested(description);
        }

        return this;
    }

    /// <summary>`nft add rule FAMILY TABLE CHAIN EXPRESSIONS comment "COMMENT"`, or with <paramref name="first"/> `nft insert rule ...` (at the top).</summary>
    public NfBatch AddRule(string family, string table, string chain, IReadOnlyList<NfExpression> expressions, string? comment = null, bool first = false)
    {
        Begin(NFT_MSG_NEWRULE, (ushort)(NLM_F_CREATE | (first ? 0 : NLM_F_APPEND)), family, $"{(first ? "insert" : "add")} rule {family} {table} {chain} ({expressions.Count} expressions){(comment is null ? "" : $" comment \"{comment}\"")}");
        Request.AddString(NFTA_RULE_TABLE, table);
        Request.AddString(NFTA_RULE_CHAIN, chain);
        var list = Request.BeginNested(NFTA_RULE_EXPRESSIONS | NLA_F_NESTED);
        foreach (var expression in expressions)
        {
            var element = Request.BeginNested(NFTA_LIST_ELEM | NLA_F_NESTED);
            Request.AddString(NFTA_EXPR_NAME, expression.Name);
            var data = Request.BeginNested(NFTA_EXPR_DATA | NLA_F_NESTED);
            expression.WriteData(Request);
            Request.EndNested(data);
            Request.EndNested(element);
        }

        Request.EndNested(list);
        if (comment is not null)
        {
            Request.AddBytes(NFTA_RULE_USERDATA, NfUserData.Comment(comment));
        }

        return this;
    }

    /// <summary>`nft delete rule FAMILY TABLE CHAIN handle HANDLE`.</summary>
    public NfBatch DeleteRule(NfRuleInfo rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        Begin(NFT_MSG_DELRULE, 0, rule.Family, $"delete rule {rule.Family} {rule.Table} {rule.Chain} handle {rule.Handle}");
        Request.AddString(NFTA_RULE_TABLE, rule.Table);
        Request.AddString(NFTA_RULE_CHAIN, rule.Chain);
        Request.AddBigEndianUInt64(NFTA_RULE_HANDLE, rule.Handle);
        return this;
    }

    /// <summary>
    /// `nft add element FAMILY TABLE SET { KEY : VALUE comment "C", ... }`. An element already there with the same
    /// value is left as it is; with another value the kernel refuses (EBUSY): the key belongs to someone else.
    /// </summary>
    public NfBatch AddElements(string family, string table, string set, IReadOnlyCollection<NfSetElement> elements) =>
        WriteElements(NFT_MSG_NEWSETELEM, NLM_F_CREATE, "add", family, table, set, elements);

    /// <summary>`nft delete element FAMILY TABLE SET { KEY, ... }`.</summary>
    public NfBatch DeleteElements(string family, string table, string set, IReadOnlyCollection<NfSetElement> elements) =>
        WriteElements(NFT_MSG_DELSETELEM, 0, "delete", family, table, set, elements);

    /// <summary>Sends the batch and waits for the kernel's verdict on it; a batch without changes sends nothing.</summary>
    public void Commit()
    {
        if (_changes.Count == 0)
        {
            return;
        }

        Request.BeginNext(NFNL_MSG_BATCH_END, NLM_F_REQUEST);
        Request.Append(BatchHeader);
        var errno = _socket.TransactBatch(Request, _changes.Count, out var failed, out var message);
        if (errno != 0)
        {
            var change = failed >= 1 && failed <= _changes.Count ? _changes[failed - 1] : "commit";
            throw new NetlinkException($"nft {change}", errno, message);
        }
    }

    private NfBatch WriteElements(ushort type, ushort flags, string verb, string family, string table, string set, IReadOnlyCollection<NfSetElement> elements)
    {
        if (elements.Count == 0)
        {
            return this;
        }

        Begin(type, flags, family, $"{verb} element {family} {table} {set} {{ {elements.Count} element(s){string.Concat(elements.Select(e => e.Comment is null ? "" : $" \"{e.Comment}\""))} }}");
        Request.AddString(NFTA_SET_ELEM_LIST_TABLE, table);
        Request.AddString(NFTA_SET_ELEM_LIST_SET, set);
        var list = Request.BeginNested(NFTA_SET_ELEM_LIST_ELEMENTS | NLA_F_NESTED);
        foreach (var element in elements)
        {
            var nest = Request.BeginNested(NFTA_LIST_ELEM | NLA_F_NESTED);
            AddValue(Request, NFTA_SET_ELEM_KEY, element.Key);
            if (element.KeyEnd is not null)
            {
                AddValue(Request, NFTA_SET_ELEM_KEY_END, element.KeyEnd);
            }

            if (element.Data is not null && type == NFT_MSG_NEWSETELEM)
            {
                AddValue(Request, NFTA_SET_ELEM_DATA, element.Data);
            }

            if (element.Comment is not null && type == NFT_MSG_NEWSETELEM)
            {
                Request.AddBytes(NFTA_SET_ELEM_USERDATA, NfUserData.Comment(element.Comment));
            }

            Request.EndNested(nest);
        }

        Request.EndNested(list);
        return this;
    }

    /// <summary>An nft_data nest holding <paramref name="value"/> (NFTA_DATA_VALUE), as keys, values and compared data travel.</summary>
    internal static void AddValue(NetlinkMessageBuilder message, ushort type, ReadOnlySpan<byte> value)
    {
        var nest = message.BeginNested((ushort)(type | NLA_F_NESTED));
        message.AddBytes(NFTA_DATA_VALUE, value);
        message.EndNested(nest);
    }

    private void Begin(ushort message, ushort flags, string family, string change)
    {
        _changes.Add(change);
        Request.BeginNext(NftMessageType(message), (ushort)(NLM_F_REQUEST | NLM_F_ACK | flags));
        Request.Append(new NfGenMsg { nfgen_family = NfTables.FamilyNumber(family), version = NFNETLINK_V0 });
    }
}
