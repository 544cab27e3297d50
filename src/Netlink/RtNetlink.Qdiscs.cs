using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using static HumanzCni.Netlink.NetlinkConstants;
using static HumanzCni.Netlink.RtNetlinkConstants;
using static HumanzCni.Netlink.TcConstants;

namespace HumanzCni.Netlink;

/// <summary>RTM_*QDISC requests: `tc qdisc`.</summary>
public sealed partial class RtNetlink
{
    /// <summary>
    /// `tc qdisc add dev INDEX parent PARENT handle HANDLE tbf rate R burst B limit L`. Throws with EEXIST when
    /// a qdisc other than the link's default already sits at <paramref name="parent"/>.
    /// </summary>
    public void AddTbfQdisc(int index, uint parent, uint handle, TbfParameters tbf) =>
        SendTbf(NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL, "add", index, parent, handle, tbf);

    /// <summary>`tc qdisc replace dev INDEX parent PARENT handle HANDLE tbf ...`: creates it or swaps whatever sits there.</summary>
    public void ReplaceTbfQdisc(int index, uint parent, uint handle, TbfParameters tbf) =>
        SendTbf(NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_REPLACE, "replace", index, parent, handle, tbf);

    /// <summary>`tc qdisc add dev INDEX ingress` (handle ffff:, parent ingress), which ingress filters hang off.</summary>
    public void AddIngressQdisc(int index)
    {
        BeginQdiscRequest(RTM_NEWQDISC, NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL, index, TcHandle.Ingress, TcHandle.IngressQdisc);
        Request.AddString(TCA_KIND, "ingress");
        var errno = _socket.Transact(out var message);
        if (errno != 0)
        {
            throw new NetlinkException($"tc qdisc add dev {index} ingress", errno, message);
        }
    }

    /// <summary>
    /// `tc qdisc del dev INDEX parent PARENT [handle HANDLE]` (handle 0: whatever sits at the parent). Deleting the
    /// root qdisc brings back the link's default; deleting the ingress qdisc removes its filters. The kernel
    /// answers ENOENT, or EINVAL for a root that only has its default, when there is nothing to delete.
    /// </summary>
    public void DeleteQdisc(int index, uint parent, uint handle)
    {
        BeginQdiscRequest(RTM_DELQDISC, NLM_F_REQUEST | NLM_F_ACK, index, parent, handle);
        var errno = _socket.Transact(out var message);
        if (errno != 0)
        {
            var handleText = handle == 0 ? string.Empty : $" handle {TcHandle.Format(handle)}";
            throw new NetlinkException($"tc qdisc del dev {index} parent {TcHandle.Format(parent)}{handleText}", errno, message);
        }
    }

    /// <summary>`tc qdisc show dev INDEX`: the link's qdiscs (the kernel dumps every link's; this keeps one link's, as tc does).</summary>
    public IReadOnlyList<QdiscInfo> ListQdiscs(int index)
    {
        BeginQdiscRequest(RTM_GETQDISC, NLM_F_REQUEST | NLM_F_DUMP, index, parent: 0, handle: 0);
        var collector = new QdiscCollector(index);
        var errno = _socket.Transact(ref collector, out var message);
        if (errno != 0)
        {
            throw new NetlinkException($"tc qdisc show dev {index}", errno, message);
        }

        return collector.Qdiscs;
    }

    private void SendTbf(ushort flags, string verb, int index, uint parent, uint handle, TbfParameters tbf)
    {
        ArgumentNullException.ThrowIfNull(tbf);
        BeginQdiscRequest(RTM_NEWQDISC, flags, index, parent, handle);
        Request.AddString(TCA_KIND, "tbf");
        var options = Request.BeginNested(TCA_OPTIONS);
        var parms = new TcTbfQopt
        {
            // A rate of 4 GB/s or more does not fit the struct: it saturates there and travels whole in TCA_TBF_RATE64.
            rate = new TcRateSpec { rate = (uint)Math.Min(tbf.RateBytesPerSecond, uint.MaxValue), linklayer = TC_LINKLAYER_ETHERNET, cell_align = -1 },
            limit = tbf.LimitBytes,
            buffer = tbf.BufferTicks,
        };
        Request.AddBytes(TCA_TBF_PARMS, MemoryMarshal.AsBytes(new ReadOnlySpan<TcTbfQopt>(in parms)));
        // With the burst in bytes the kernel sizes the bucket exactly instead of from the rounded ticks.
        Request.AddUInt32(TCA_TBF_BURST, tbf.BurstBytes);
        if (tbf.RateBytesPerSecond > uint.MaxValue)
        {
            Request.AddUInt64(TCA_TBF_RATE64, tbf.RateBytesPerSecond);
        }

        Request.EndNested(options);
        var errno = _socket.Transact(out var message);
        if (errno != 0)
        {
            throw new NetlinkException(
                $"tc qdisc {verb} dev {index} parent {TcHandle.Format(parent)} handle {TcHandle.Format(handle)} tbf rate {tbf.RateBytesPerSecond * 8}bit burst {tbf.BurstBytes}b limit {tbf.LimitBytes}b",
                errno,
                message);
        }
    }

    private void BeginQdiscRequest(ushort type, ushort flags, int index, uint parent, uint handle)
    {
        Request.Begin(type, flags);
        Request.Append(new TcMsg { tcm_family = AF_UNSPEC, tcm_ifindex = index, tcm_parent = parent, tcm_handle = handle });
    }

    /// <summary>Turns RTM_NEWQDISC messages of one link into <see cref="QdiscInfo"/>s.</summary>
    private readonly struct QdiscCollector : INetlinkResponseHandler
    {
        private readonly int _index;

        public QdiscCollector(int index)
        {
            _index = index;
            Qdiscs = [];
        }

        public List<QdiscInfo> Qdiscs { get; }

        public void OnMessage(in NetlinkMessage message)
        {
            if (message.Type != RTM_NEWQDISC || !message.TryReadHeader<TcMsg>(out var header) || header.tcm_ifindex != _index)
            {
                return;
            }

            var kind = string.Empty;
            TbfParameters? tbf = null;
            var attributes = message.AttributesAfter<TcMsg>();
            while (attributes.TryRead(out var attribute))
            {
                switch (attribute.Type)
                {
                    case TCA_KIND:
                        kind = attribute.GetString();
                        break;
                    case TCA_OPTIONS:
                        // TCA_KIND comes first in every dump, so the options can be read by kind.
                        tbf = kind == "tbf" ? ReadTbf(attribute.Nested()) : null;
                        break;
                }
            }

            Qdiscs.Add(new QdiscInfo(header.tcm_ifindex, header.tcm_handle, header.tcm_parent, kind, tbf));
        }

        public void Reset() => Qdiscs.Clear();

        private static TbfParameters? ReadTbf(RtAttributeReader options)
        {
            TcTbfQopt? parms = null;
            ulong? rate64 = null;
            while (options.TryRead(out var attribute))
            {
                if (attribute.Type == TCA_TBF_PARMS && attribute.Value.Length >= Unsafe.SizeOf<TcTbfQopt>())
                {
                    parms = MemoryMarshal.Read<TcTbfQopt>(attribute.Value);
                }
                else if (attribute.Type == TCA_TBF_RATE64)
                {
                    rate64 = attribute.GetUInt64();
                }
            }

            if (parms is not { } p)
            {
                return null;
            }

            var rate = rate64 ?? p.rate.rate;
            return new TbfParameters(rate, PacketSchedulerClock.Kernel.TransmitBytes(rate, p.buffer), p.limit, p.buffer);
        }
    }
}
