using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using static HumanzCni.Netlink.NetlinkConstants;
using static HumanzCni.Netlink.RtNetlinkConstants;
using static HumanzCni.Netlink.TcConstants;

namespace HumanzCni.Netlink;

/// <summary>RTM_*TFILTER requests: `tc filter`.</summary>
public sealed partial class RtNetlink
{
    /// <summary>
    /// `tc filter add dev INDEX parent PARENT protocol all prio PRIORITY u32 match u32 0 0 action mirred egress redirect dev TARGET`:
    /// every packet passing <paramref name="parent"/> (typically the ingress qdisc, <see cref="TcHandle.IngressQdisc"/>)
    /// leaves through the egress of link <paramref name="targetIndex"/> instead. u32 with one all-zero key is the
    /// match-all that every kernel with tc filters has (cls_matchall is often not built).
    /// </summary>
    public void AddRedirectFilter(int index, uint parent, ushort priority, int targetIndex)
    {
        BeginFilterRequest(RTM_NEWTFILTER, NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL, index, parent, priority);
        Request.AddString(TCA_KIND, "u32");
        var options = Request.BeginNested(TCA_OPTIONS);
        var selector = new TcU32SelOneKey { flags = TC_U32_TERMINAL, nkeys = 1 };
        Request.AddBytes(TCA_U32_SEL, MemoryMarshal.AsBytes(new ReadOnlySpan<TcU32SelOneKey>(in selector)));

        var actions = Request.BeginNested(TCA_U32_ACT);
        // Actions are nested under their order of execution, starting at 1.
        var first = Request.BeginNested(1);
        Request.AddString(TCA_ACT_KIND, "mirred");
        var actionOptions = Request.BeginNested(TCA_ACT_OPTIONS);
        var mirred = new TcMirred { action = TC_ACT_STOLEN, eaction = TCA_EGRESS_REDIR, ifindex = (uint)targetIndex };
        Request.AddBytes(TCA_MIRRED_PARMS, MemoryMarshal.AsBytes(new ReadOnlySpan<TcMirred>(in mirred)));
        Request.EndNested(actionOptions);
        Request.EndNested(first);
        Request.EndNested(actions);

        Request.EndNested(options);
        var errno = _socket.Transact(out var message);
        if (errno != 0)
        {
            throw new NetlinkException(
                $"tc filter add dev {index} parent {TcHandle.Format(parent)} protocol all prio {priority} u32 match u32 0 0 action mirred egress redirect dev {targetIndex}",
                errno,
                message);
        }
    }

    /// <summary>`tc filter show dev INDEX parent PARENT`: its filter entries, each with the redirect target of its mirred action if any.</summary>
    public IReadOnlyList<FilterInfo> ListFilters(int index, uint parent)
    {
        BeginFilterRequest(RTM_GETTFILTER, NLM_F_REQUEST | NLM_F_DUMP, index, parent, priority: 0);
        var collector = new FilterCollector();
        var errno = _socket.Transact(ref collector, out var message);
        if (errno != 0)
        {
            throw new NetlinkException($"tc filter show dev {index} parent {TcHandle.Format(parent)}", errno, message);
        }

        return collector.Filters;
    }

    /// <summary>tcm_info carries the priority in its upper half and the protocol, in network byte order, in its lower half.</summary>
    private void BeginFilterRequest(ushort type, ushort flags, int index, uint parent, ushort priority)
    {
        Request.Begin(type, flags);
        var info = ((uint)priority << 16) | BinaryPrimitives.ReverseEndianness(ETH_P_ALL);
        Request.Append(new TcMsg { tcm_family = AF_UNSPEC, tcm_ifindex = index, tcm_parent = parent, tcm_info = info });
    }

    /// <summary>Turns RTM_NEWTFILTER messages into <see cref="FilterInfo"/>s.</summary>
    private readonly struct FilterCollector : INetlinkResponseHandler
    {
        public FilterCollector() => Filters = [];

        public List<FilterInfo> Filters { get; }

        public void OnMessage(in NetlinkMessage message)
        {
            if (message.Type != RTM_NEWTFILTER || !message.TryReadHeader<TcMsg>(out var header))
            {
                return;
            }

            var kind = string.Empty;
            int? redirect = null;
            var attributes = message.AttributesAfter<TcMsg>();
            while (attributes.TryRead(out var attribute))
            {
                switch (attribute.Type)
                {
                    case TCA_KIND:
                        kind = attribute.GetString();
                        break;
                    case TCA_OPTIONS when kind == "u32":
                        redirect = ReadU32Redirect(attribute.Nested());
                        break;
                }
            }

            var priority = (ushort)(header.tcm_info >> 16);
            var protocol = BinaryPrimitives.ReverseEndianness((ushort)header.tcm_info);
            Filters.Add(new FilterInfo(header.tcm_ifindex, header.tcm_parent, priority, protocol, kind, redirect));
        }

        public void Reset() => Filters.Clear();

        private static int? ReadU32Redirect(RtAttributeReader options)
        {
            while (options.TryRead(out var option))
            {
                if (option.Type != TCA_U32_ACT)
                {
                    continue;
                }

                var actions = option.Nested();
                while (actions.TryRead(out var action))
                {
                    if (ReadMirredRedirect(action.Nested()) is { } target)
                    {
                        return target;
                    }
                }
            }

            return null;
        }

        private static int? ReadMirredRedirect(RtAttributeReader action)
        {
            var isMirred = false;
            while (action.TryRead(out var attribute))
            {
                if (attribute.Type == TCA_ACT_KIND)
                {
                    isMirred = attribute.GetString() == "mirred";
                }
                else if (attribute.Type == TCA_ACT_OPTIONS && isMirred)
                {
                    var parameters = attribute.Nested();
                    while (parameters.TryRead(out var parameter))
                    {
                        if (parameter.Type == TCA_MIRRED_PARMS && parameter.Value.Length >= Unsafe.SizeOf<TcMirred>())
                        {
                            var mirred = MemoryMarshal.Read<TcMirred>(parameter.Value);
                            return mirred.eaction == TCA_EGRESS_REDIR ? (int)mirred.ifindex : null;
                        }
                    }
                }
            }

            return null;
        }
    }
}
