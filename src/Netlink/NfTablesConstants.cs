namespace HumanzCni.Netlink;

/// <summary>
/// nf_tables numbers from linux/netfilter/nf_tables.h and nfnetlink.h, spelled as the kernel spells them so a
/// reader can grep the kernel headers for them. nf_tables integers travel big endian (unlike rtnetlink's).
/// </summary>
internal static class NfTablesConstants
{
    public const ushort NFNL_SUBSYS_NFTABLES = 10;

    // nfnetlink batch framing: a transaction is BEGIN, the changes, END in one datagram.
    public const ushort NFNL_MSG_BATCH_BEGIN = 0x10;
    public const ushort NFNL_MSG_BATCH_END = 0x11;

    // enum nf_tables_msg_types.
    public const ushort NFT_MSG_NEWTABLE = 0;
    public const ushort NFT_MSG_GETTABLE = 1;
    public const ushort NFT_MSG_DELTABLE = 2;
    public const ushort NFT_MSG_NEWCHAIN = 3;
    public const ushort NFT_MSG_GETCHAIN = 4;
    public const ushort NFT_MSG_NEWRULE = 6;
    public const ushort NFT_MSG_GETRULE = 7;
    public const ushort NFT_MSG_DELRULE = 8;
    public const ushort NFT_MSG_NEWSET = 9;
    public const ushort NFT_MSG_GETSET = 10;
    public const ushort NFT_MSG_NEWSETELEM = 12;
    public const ushort NFT_MSG_GETSETELEM = 13;
    public const ushort NFT_MSG_DELSETELEM = 14;

    public const ushort NFTA_LIST_ELEM = 1;

    public const ushort NFTA_HOOK_HOOKNUM = 1;
    public const ushort NFTA_HOOK_PRIORITY = 2;

    public const ushort NFTA_TABLE_NAME = 1;

    public const ushort NFTA_CHAIN_TABLE = 1;
    public const ushort NFTA_CHAIN_NAME = 3;
    public const ushort NFTA_CHAIN_HOOK = 4;
    public const ushort NFTA_CHAIN_POLICY = 5;
    public const ushort NFTA_CHAIN_TYPE = 7;

    public const ushort NFTA_RULE_TABLE = 1;
    public const ushort NFTA_RULE_CHAIN = 2;
    public const ushort NFTA_RULE_HANDLE = 3;
    public const ushort NFTA_RULE_EXPRESSIONS = 4;
    public const ushort NFTA_RULE_USERDATA = 7;

    public const ushort NFTA_SET_TABLE = 1;
    public const ushort NFTA_SET_NAME = 2;
    public const ushort NFTA_SET_FLAGS = 3;
    public const ushort NFTA_SET_KEY_TYPE = 4;
    public const ushort NFTA_SET_KEY_LEN = 5;
    public const ushort NFTA_SET_DATA_TYPE = 6;
    public const ushort NFTA_SET_DATA_LEN = 7;
    public const ushort NFTA_SET_DESC = 9;
    public const ushort NFTA_SET_ID = 10;
    public const ushort NFTA_SET_DESC_CONCAT = 2;
    public const ushort NFTA_SET_FIELD_LEN = 1;

    // enum nft_set_flags.
    public const uint NFT_SET_INTERVAL = 0x4;
    public const uint NFT_SET_MAP = 0x8;
    public const uint NFT_SET_CONCAT = 0x80;

    public const ushort NFTA_SET_ELEM_KEY = 1;
    public const ushort NFTA_SET_ELEM_DATA = 2;
    public const ushort NFTA_SET_ELEM_USERDATA = 6;
    public const ushort NFTA_SET_ELEM_KEY_END = 10;

    public const ushort NFTA_SET_ELEM_LIST_TABLE = 1;
    public const ushort NFTA_SET_ELEM_LIST_SET = 2;
    public const ushort NFTA_SET_ELEM_LIST_ELEMENTS = 3;

    public const ushort NFTA_DATA_VALUE = 1;
    public const ushort NFTA_DATA_VERDICT = 2;
    public const ushort NFTA_VERDICT_CODE = 1;

    public const ushort NFTA_EXPR_NAME = 1;
    public const ushort NFTA_EXPR_DATA = 2;

    public const ushort NFTA_IMMEDIATE_DREG = 1;
    public const ushort NFTA_IMMEDIATE_DATA = 2;

    public const ushort NFTA_BITWISE_SREG = 1;
    public const ushort NFTA_BITWISE_DREG = 2;
    public const ushort NFTA_BITWISE_LEN = 3;
    public const ushort NFTA_BITWISE_MASK = 4;
    public const ushort NFTA_BITWISE_XOR = 5;

    public const ushort NFTA_CMP_SREG = 1;
    public const ushort NFTA_CMP_OP = 2;
    public const ushort NFTA_CMP_DATA = 3;

    public const ushort NFTA_LOOKUP_SET = 1;
    public const ushort NFTA_LOOKUP_SREG = 2;
    public const ushort NFTA_LOOKUP_DREG = 3;

    public const ushort NFTA_PAYLOAD_DREG = 1;
    public const ushort NFTA_PAYLOAD_BASE = 2;
    public const ushort NFTA_PAYLOAD_OFFSET = 3;
    public const ushort NFTA_PAYLOAD_LEN = 4;

    public const ushort NFTA_META_DREG = 1;
    public const ushort NFTA_META_KEY = 2;

    public const ushort NFTA_CT_DREG = 1;
    public const ushort NFTA_CT_KEY = 2;

    public const ushort NFTA_NAT_TYPE = 1;
    public const ushort NFTA_NAT_FAMILY = 2;
    public const ushort NFTA_NAT_REG_ADDR_MIN = 3;
    public const ushort NFTA_NAT_REG_PROTO_MIN = 5;

    public const ushort NFTA_FIB_DREG = 1;
    public const ushort NFTA_FIB_RESULT = 2;
    public const ushort NFTA_FIB_FLAGS = 3;

    /// <summary>NFT_REG_VERDICT: where a verdict goes.</summary>
    public const uint NFT_REG_VERDICT = 0;

    /// <summary>libnftnl's user-data TLV type under which nft keeps a rule's or an element's comment.</summary>
    public const byte NFTNL_UDATA_COMMENT = 0;

    public static ushort NftMessageType(ushort message) => (ushort)((NFNL_SUBSYS_NFTABLES << 8) | message);
}
