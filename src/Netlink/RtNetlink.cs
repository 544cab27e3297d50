using System.Net;

namespace HumanzCni.Netlink;

/// <summary>
/// A NETLINK_ROUTE socket and the typed requests the plugin makes over it. The socket belongs to the
/// network namespace of the thread that opened it (see <see cref="NetworkNamespace.Run{T}"/>), and keeps
/// talking to that namespace from whatever thread uses it afterwards. Not thread-safe: one caller at a time.
/// Every method names its `ip` equivalent. Failures throw <see cref="NetlinkException"/>.
/// </summary>
public sealed partial class RtNetlink : IDisposable
{
    /// <summary>Opens a socket in the calling thread's network namespace.</summary>
    public static RtNetlink Open() => throw new NotImplementedException();

    /// <summary>`ip link show NAME`; null when no such link.</summary>
    public LinkInfo? GetLink(string name) => throw new NotImplementedException();

    /// <summary>`ip link show` by index; null when no such link.</summary>
    public LinkInfo? GetLink(int index) => throw new NotImplementedException();

    /// <summary>`ip link show master BRIDGE`: links enslaved to the given master.</summary>
    public IReadOnlyList<LinkInfo> ListLinks(int masterIndex) => throw new NotImplementedException();

    /// <summary>`ip link add NAME [mtu MTU] type bridge`. Throws with EEXIST when it is there already.</summary>
    public void AddBridge(string name, int mtu) => throw new NotImplementedException();

    /// <summary>
    /// `ip link add NAME [mtu MTU] type veth peer name PEER [mtu MTU] netns PEERNS`: the peer is created
    /// directly inside the namespace behind <paramref name="peerNamespace"/>, so its name never clashes on the host.
    /// </summary>
    public void AddVethPair(string name, string peerName, NetworkNamespace peerNamespace, int mtu) => throw new NotImplementedException();

    /// <summary>`ip link set dev INDEX master MASTER`.</summary>
    public void SetMaster(int index, int masterIndex) => throw new NotImplementedException();

    /// <summary>`ip link set dev INDEX up`.</summary>
    public void SetUp(int index) => throw new NotImplementedException();

    /// <summary>`ip link set dev INDEX mtu MTU`.</summary>
    public void SetMtu(int index, int mtu) => throw new NotImplementedException();

    /// <summary>`ip link set dev INDEX name NEWNAME` (the link must be down).</summary>
    public void Rename(int index, string newName) => throw new NotImplementedException();

    /// <summary>`ip link del dev INDEX`. Deleting one end of a veth deletes both.</summary>
    public void DeleteLink(int index) => throw new NotImplementedException();

    /// <summary>`ip addr add ADDRESS/PREFIX dev INDEX [nodad]`. <paramref name="noDad"/> sets IFA_F_NODAD (IPv6 only).</summary>
    public void AddAddress(int index, IPAddress address, int prefixLength, bool noDad = false) => throw new NotImplementedException();

    /// <summary>`ip addr show dev INDEX`; index 0 lists every link's addresses.</summary>
    public IReadOnlyList<AddressInfo> ListAddresses(int index) => throw new NotImplementedException();

    /// <summary>`ip addr del ADDRESS/PREFIX dev INDEX`.</summary>
    public void DeleteAddress(int index, IPAddress address, int prefixLength) => throw new NotImplementedException();

    /// <summary>`ip route add DEST/PREFIX [via GW] [dev INDEX] [proto P] [scope S] [table T] [metric M]`.</summary>
    public void AddRoute(RouteInfo route) => throw new NotImplementedException();

    /// <summary>`ip route replace ...`: creates the route or overwrites the one with the same destination.</summary>
    public void ReplaceRoute(RouteInfo route) => throw new NotImplementedException();

    /// <summary>`ip route del DEST/PREFIX [via GW] [dev INDEX] [table T]`.</summary>
    public void DeleteRoute(RouteInfo route) => throw new NotImplementedException();

    /// <summary>`ip [-6] route show table T` for the given family (InterNetwork or InterNetworkV6).</summary>
    public IReadOnlyList<RouteInfo> ListRoutes(System.Net.Sockets.AddressFamily family, int table = RouteInfo.MainTable) => throw new NotImplementedException();

    public void Dispose() => throw new NotImplementedException();
}
