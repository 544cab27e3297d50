using static HumanzCni.Netlink.NfTablesConstants;

namespace HumanzCni.Netlink;

/// <summary>
/// One expression of a rule, as nf_tables runs it: loads into registers, compares, looks up, acts. Registers
/// are numbered as the kernel numbers its 32-bit registers (<see cref="NfRegister"/>); a value wider than 4
/// bytes, or a concatenation, takes the registers that follow.
/// </summary>
internal abstract record NfExpression
{
    /// <summary>The kernel's name of the expression type ("payload", "cmp", ...).</summary>
    internal abstract string Name { get; }

    /// <summary>Writes the expression's attributes, inside its NFTA_EXPR_DATA.</summary>
    internal abstract void WriteData(NetlinkMessageBuilder message);
}

/// <summary>The kernel's 32-bit registers NFT_REG32_00..15 (8..23).</summary>
internal static class NfRegister
{
    /// <summary>NFT_REG32_00.</summary>
    public const uint First = 8;

    /// <summary>The register <paramref name="bytes"/> bytes after the start of <see cref="First"/>: where a concatenation's next field goes.</summary>
    public static uint At(int bytes) => First + (uint)(bytes / 4);
}

/// <summary>`meta KEY`: loads packet metadata (NFT_META_*: nfproto 15, l4proto 16) into a register.</summary>
internal sealed record NfMeta(uint Key, uint Register) : NfExpression
{
    /// <summary>NFT_META_NFPROTO: NFPROTO_IPV4 2, NFPROTO_IPV6 10 (one byte).</summary>
    public const uint NfProto = 15;
    /// <summary>NFT_META_L4PROTO: IPPROTO_* (one byte).</summary>
    public const uint L4Proto = 16;

    internal override string Name => "meta";

    internal override void WriteData(NetlinkMessageBuilder message)
    {
        message.AddBigEndianUInt32(NFTA_META_KEY, Key);
        message.AddBigEndianUInt32(NFTA_META_DREG, Register);
    }
}

/// <summary>`ip saddr`, `th dport`...: loads <see cref="Length"/> bytes at <see cref="Offset"/> of a header (base 1: network, 2: transport).</summary>
internal sealed record NfPayload(uint Base, uint Offset, uint Length, uint Register) : NfExpression
{
    /// <summary>NFT_PAYLOAD_NETWORK_HEADER.</summary>
    public const uint NetworkHeader = 1;
    /// <summary>NFT_PAYLOAD_TRANSPORT_HEADER.</summary>
    public const uint TransportHeader = 2;

    internal override string Name => "payload";

    internal override void WriteData(NetlinkMessageBuilder message)
    {
        message.AddBigEndianUInt32(NFTA_PAYLOAD_DREG, Register);
        message.AddBigEndianUInt32(NFTA_PAYLOAD_BASE, Base);
        message.AddBigEndianUInt32(NFTA_PAYLOAD_OFFSET, Offset);
        message.AddBigEndianUInt32(NFTA_PAYLOAD_LEN, Length);
    }
}

/// <summary>`==`/`!=` VALUE on a register: the rule stops here unless it holds.</summary>
internal sealed record NfCmp(uint Register, bool Equal, byte[] Value) : NfExpression
{
    internal override string Name => "cmp";

    internal override void WriteData(NetlinkMessageBuilder message)
    {
        message.AddBigEndianUInt32(NFTA_CMP_SREG, Register);
        message.AddBigEndianUInt32(NFTA_CMP_OP, Equal ? 0u : 1u); // NFT_CMP_EQ, NFT_CMP_NEQ
        NfBatch.AddValue(message, NFTA_CMP_DATA, Value);
    }
}

/// <summary>`&amp; MASK`: the register ANDed with <see cref="Mask"/> (XOR 0), e.g. the network part of an address.</summary>
internal sealed record NfBitwise(uint Register, byte[] Mask) : NfExpression
{
    internal override string Name => "bitwise";

    internal override void WriteData(NetlinkMessageBuilder message)
    {
        message.AddBigEndianUInt32(NFTA_BITWISE_SREG, Register);
        message.AddBigEndianUInt32(NFTA_BITWISE_DREG, Register);
        message.AddBigEndianUInt32(NFTA_BITWISE_LEN, (uint)Mask.Length);
        NfBatch.AddValue(message, NFTA_BITWISE_MASK, Mask);
        NfBatch.AddValue(message, NFTA_BITWISE_XOR, new byte[Mask.Length]);
    }
}

/// <summary>`@SET` (no <see cref="DataRegister"/>: the key must be in the set) or `map @SET` (the value is loaded into it).</summary>
internal sealed record NfLookup(string Set, uint Register, uint? DataRegister = null) : NfExpression
{
    internal override string Name => "lookup";

    internal override void WriteData(NetlinkMessageBuilder message)
    {
        message.AddString(NFTA_LOOKUP_SET, Set);
        message.AddBigEndianUInt32(NFTA_LOOKUP_SREG, Register);
        if (DataRegister is { } data)
        {
            message.AddBigEndianUInt32(NFTA_LOOKUP_DREG, data);
        }
    }
}

/// <summary>`accept`: the verdict NF_ACCEPT.</summary>
internal sealed record NfAccept : NfExpression
{
    internal override string Name => "immediate";

    internal override void WriteData(NetlinkMessageBuilder message)
    {
        message.AddBigEndianUInt32(NFTA_IMMEDIATE_DREG, NFT_REG_VERDICT);
        var data = message.BeginNested(NFTA_IMMEDIATE_DATA | NetlinkConstants.NLA_F_NESTED);
        var verdict = message.BeginNested(NFTA_DATA_VERDICT | NetlinkConstants.NLA_F_NESTED);
        message.AddBigEndianUInt32(NFTA_VERDICT_CODE, 1); // NF_ACCEPT
        message.EndNested(verdict);
        message.EndNested(data);
    }
}

/// <summary>`dnat ip to ADDR:PORT` with the address in <see cref="AddressRegister"/> and the port in <see cref="PortRegister"/> (family: NFPROTO_IPV4 2 / NFPROTO_IPV6 10).</summary>
internal sealed record NfDnat(byte Family, uint AddressRegister, uint PortRegister) : NfExpression
{
    internal override string Name => "nat";

    internal override void WriteData(NetlinkMessageBuilder message)
    {
        message.AddBigEndianUInt32(NFTA_NAT_TYPE, 1); // NFT_NAT_DNAT
        message.AddBigEndianUInt32(NFTA_NAT_FAMILY, Family);
        message.AddBigEndianUInt32(NFTA_NAT_REG_ADDR_MIN, AddressRegister);
        message.AddBigEndianUInt32(NFTA_NAT_REG_PROTO_MIN, PortRegister);
    }
}

/// <summary>`ct KEY`: loads conntrack data (NFT_CT_STATUS 2) into a register.</summary>
internal sealed record NfCt(uint Key, uint Register) : NfExpression
{
    /// <summary>NFT_CT_STATUS: the IPS_* bits.</summary>
    public const uint Status = 2;

    internal override string Name => "ct";

    internal override void WriteData(NetlinkMessageBuilder message)
    {
        message.AddBigEndianUInt32(NFTA_CT_KEY, Key);
        message.AddBigEndianUInt32(NFTA_CT_DREG, Register);
    }
}

/// <summary>`fib daddr type`: the route type of the destination address (RTN_LOCAL 2 for the node's own) into a register.</summary>
internal sealed record NfFibDestinationType(uint Register) : NfExpression
{
    internal override string Name => "fib";

    internal override void WriteData(NetlinkMessageBuilder message)
    {
        message.AddBigEndianUInt32(NFTA_FIB_DREG, Register);
        message.AddBigEndianUInt32(NFTA_FIB_RESULT, 3); // NFT_FIB_RESULT_ADDRTYPE
        message.AddBigEndianUInt32(NFTA_FIB_FLAGS, 2); // NFTA_FIB_F_DADDR
    }
}

/// <summary>`masquerade`: source NAT to the outgoing interface's address.</summary>
internal sealed record NfMasquerade : NfExpression
{
    internal override string Name => "masq";

    internal override void WriteData(NetlinkMessageBuilder message)
    {
    }
}

/// <summary>`counter`: packets and bytes that got this far.</summary>
internal sealed record NfCounter : NfExpression
{
    internal override string Name => "counter";

    internal override void WriteData(NetlinkMessageBuilder message)
    {
    }
}
