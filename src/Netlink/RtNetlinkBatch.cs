using System.Net;

namespace HumanzCni.Netlink;

/// <summary>
/// Changes sent to the kernel in one datagram (made by <see cref="RtNetlink.CreateBatch"/>): one send and one ack to
/// read however many it holds, where each change alone costs a send and an ack. For changes that need nothing from
/// each other's answers (an ifindex is looked up first); add them in the order they must happen, then
/// <see cref="Send"/>. Each method builds the same request as the <see cref="RtNetlink"/> method of its name and
/// names its `ip` equivalent.
/// </summary>
/// <remarks>
/// Not a transaction: rtnetlink has no batch begin and end, and carries out the requests of a datagram one at a time,
/// in order, each as if it had come alone. A refused change does not stop the ones after it (see <see cref="Send"/>).
/// </remarks>
public sealed class RtNetlinkBatch
{
    private readonly RtNetlink _netlink;
    private readonly NetlinkMessageBuilder _requests = new();
    private readonly List<Func<string>> _operations = [];

    internal RtNetlinkBatch(RtNetlink netlink)
    {
        _netlink = netlink;
        _requests.BeginBatch();
    }

    /// <summary>How many changes wait to be sent.</summary>
    public int Count => _operations.Count;

    /// <summary>`ip addr add ADDRESS/PREFIX dev INDEX [nodad]`, as <see cref="RtNetlink.AddAddress"/>.</summary>
    public RtNetlinkBatch AddAddress(int index, IPAddress address, int prefixLength, bool noDad = false)
    {
        _netlink.BuildAddAddressRequest(index, address, prefixLength, noDad);
        return Queue(() => RtNetlink.DescribeAddAddress(index, address, prefixLength, noDad));
    }

    /// <summary>`ip link set dev INDEX up`, as <see cref="RtNetlink.SetUp"/>.</summary>
    public RtNetlinkBatch SetUp(int index)
    {
        _netlink.BuildAdminStateRequest(index, up: true);
        return Queue(() => RtNetlink.DescribeAdminState(index, up: true));
    }

    /// <summary>`bridge link set dev INDEX hairpin on|off`, as <see cref="RtNetlink.SetHairpin"/>.</summary>
    public RtNetlinkBatch SetHairpin(int index, bool on)
    {
        _netlink.BuildHairpinRequest(index, on);
        return Queue(() => RtNetlink.DescribeHairpin(index, on));
    }

    /// <summary>`ip route add ...`, as <see cref="RtNetlink.AddRoute"/>.</summary>
    public RtNetlinkBatch AddRoute(RouteInfo route)
    {
        _netlink.BuildAddRouteRequest(route);
        return Queue(() => RtNetlink.DescribeRoute("add", route));
    }

    /// <summary>
    /// Sends the changes added since the last send in one datagram and returns once the kernel has dealt with every
    /// one of them. When it refused one, throws the <see cref="NetlinkException"/> the <see cref="RtNetlink"/> method
    /// would have thrown for the first refused change (its `ip` text, errno and extended-ack text). The kernel has then
    /// carried out every change before that one, and every change after it that it did not refuse as well (one that
    /// relied on the refused change, such as a route via a gateway that a refused address would have made reachable,
    /// is likely refused too). A caller that undoes a failed batch undoes all of it, not only what came before the refusal.
    /// </summary>
    public void Send()
    {
        try
        {
            _netlink.Send(_requests, _operations);
        }
        finally
        {
            _requests.BeginBatch();
            _operations.Clear();
        }
    }

    private RtNetlinkBatch Queue(Func<string> operation)
    {
        _netlink.AppendBuiltRequest(_requests);
        _operations.Add(operation);
        return this;
    }
}
