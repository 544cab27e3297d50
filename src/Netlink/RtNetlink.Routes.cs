using System.Net;
using System.Net.Sockets;
using System.Text;
using static HumanzCni.Netlink.NetlinkConstants;
using static HumanzCni.Netlink.RtNetlinkConstants;

namespace HumanzCni.Netlink;

/// <summary>RTM_*ROUTE requests: `ip route`.</summary>
public sealed partial class RtNetlink
{
    /// <summary>`ip route add DEST/PREFIX [via GW] [dev INDEX] [onlink] [proto P] [scope S] [table T] [metric M]`.</summary>
    /// <remarks>The scope is sent as given: unlike `ip`, a gatewayless route is not switched to scope link.</remarks>
    public void AddRoute(RouteInfo route)
    {
        BuildAddRouteRequest(route);
        var errno = _socket.Transact(out var message);
        if (errno != 0)
        {
            throw new NetlinkException(DescribeRoute("add", route), errno, message);
        }
    }

    /// <summary>`ip route replace ...`: creates the route or overwrites the one with the same destination.</summary>
    public void ReplaceRoute(RouteInfo route)
    {
        BuildRouteRequest(RTM_NEWROUTE, NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_REPLACE, route);
        var errno = _socket.Transact(out var message);
        if (errno != 0)
        {
            throw new NetlinkException(DescribeRoute("replace", route), errno, message);
        }
    }

    /// <summary>`ip route del DEST/PREFIX [via GW] [dev INDEX] [table T]`.</summary>
    /// <remarks>
    /// Gateway, output link, metric and <see cref="RouteInfo.Protocol"/> narrow the match when set, so an
    /// owner stamping its routes with its own protocol only ever deletes those. Scope is ignored.
    /// </remarks>
    public void DeleteRoute(RouteInfo route)
    {
        BuildRouteRequest(RTM_DELROUTE, NLM_F_REQUEST | NLM_F_ACK, route);
        var errno = _socket.Transact(out var message);
        if (errno != 0)
        {
            throw new NetlinkException(DescribeRoute("del", route), errno, message);
        }
    }

    /// <summary>`ip [-6] route show table T` for the given family (InterNetwork or InterNetworkV6).</summary>
    public IReadOnlyList<RouteInfo> ListRoutes(AddressFamily family, int table = RouteInfo.MainTable)
    {
        var rtFamily = family switch
        {
            AddressFamily.InterNetwork => AF_INET,
            AddressFamily.InterNetworkV6 => AF_INET6,
            _ => throw new ArgumentException($"routes are listed per family, InterNetwork or InterNetworkV6, not {family}", nameof(family)),
        };

        // The table is filtered here rather than by the kernel: an IPv4 dump filtered on a table that
        // does not exist yet fails with ENOENT instead of returning nothing.
        Request.Begin(RTM_GETROUTE, NLM_F_REQUEST | NLM_F_DUMP);
        Request.Append(new RtMsg { rtm_family = rtFamily });
        var collector = new RouteCollector(rtFamily, table);
        var errno = _socket.Transact(ref collector, out var message);
        if (errno != 0)
        {
            throw new NetlinkException($"ip {(rtFamily == AF_INET6 ? "-6 " : string.Empty)}route show table {table}", errno, message);
        }

        return collector.Routes;
    }

    internal void BuildAddRouteRequest(RouteInfo route) =>
        BuildRouteRequest(RTM_NEWROUTE, NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL, route);

    private void BuildRouteRequest(ushort type, ushort flags, RouteInfo route)
    {
        ArgumentNullException.ThrowIfNull(route);
        ArgumentNullException.ThrowIfNull(route.Destination);
        var isV6 = route.Destination.AddressFamily == AddressFamily.InterNetworkV6;
        if (!isV6 && route.Destination.AddressFamily != AddressFamily.InterNetwork)
        {
            throw new ArgumentException($"not an IPv4 or IPv6 destination: {route.Destination}", nameof(route));
        }

        if (route.Gateway is { } gateway && gateway.AddressFamily != route.Destination.AddressFamily)
        {
            throw new ArgumentException($"gateway {gateway} is not of the destination's family ({route.Destination})", nameof(route));
        }

        if (route.PrefixLength < 0 || route.PrefixLength > (isV6 ? 128 : 32))
        {
            throw new ArgumentException($"prefix length {route.PrefixLength} out of range", nameof(route));
        }

        if (route.Table <= 0)
        {
            throw new ArgumentException($"table {route.Table} out of range", nameof(route));
        }

        var isDelete = type == RTM_DELROUTE;
        Request.Begin(type, flags);
        Request.Append(new RtMsg
        {
            rtm_family = isV6 ? AF_INET6 : AF_INET,
            rtm_dst_len = (byte)route.PrefixLength,
            // rtm_table is 8 bits; bigger ids travel in RTA_TABLE with rtm_table left unspecified, as in iproute2.
            rtm_table = route.Table < 256 ? (byte)route.Table : RT_TABLE_UNSPEC,
            rtm_protocol = route.Protocol,
            rtm_scope = isDelete ? RT_SCOPE_NOWHERE : (byte)route.Scope,
            rtm_type = RTN_UNICAST,
            rtm_flags = route.OnLink ? RTNH_F_ONLINK : 0,
        });

        // A default route (prefix 0) carries no RTA_DST, like `ip route add default`.
        if (route.PrefixLength > 0)
        {
            Request.AddAddress(RTA_DST, route.Destination);
        }

        if (route.Gateway is not null)
        {
            Request.AddAddress(RTA_GATEWAY, route.Gateway);
        }

        if (route.OutputLinkIndex > 0)
        {
            Request.AddInt32(RTA_OIF, route.OutputLinkIndex);
        }

        if (route.Metric > 0)
        {
            Request.AddInt32(RTA_PRIORITY, route.Metric);
        }

        if (route.Table >= 256)
        {
            Request.AddInt32(RTA_TABLE, route.Table);
        }
    }

    internal static string DescribeRoute(string verb, RouteInfo route)
    {
        var text = new StringBuilder("ip ");
        if (route.Destination.AddressFamily == AddressFamily.InterNetworkV6)
        {
            text.Append("-6 ");
        }

        text.Append("route ").Append(verb).Append(' ').Append(route.Destination).Append('/').Append(route.PrefixLength);
        if (route.Gateway is not null)
        {
            text.Append(" via ").Append(route.Gateway);
        }

        if (route.OutputLinkIndex > 0)
        {
            text.Append(" dev ").Append(route.OutputLinkIndex);
        }

        if (route.OnLink)
        {
            text.Append(" onlink");
        }

        text.Append(" proto ").Append(route.Protocol);
        if (verb != "del" && route.Scope != RouteScope.Universe)
        {
            text.Append(" scope ").Append((byte)route.Scope);
        }

        if (route.Table != RouteInfo.MainTable)
        {
            text.Append(" table ").Append(route.Table);
        }

        if (route.Metric > 0)
        {
            text.Append(" metric ").Append(route.Metric);
        }

        return text.ToString();
    }

    /// <summary>Turns RTM_NEWROUTE messages into <see cref="RouteInfo"/>s of one family and table.</summary>
    private readonly struct RouteCollector : INetlinkResponseHandler
    {
        private readonly byte _family;
        private readonly int _table;

        public RouteCollector(byte family, int table)
        {
            _family = family;
            _table = table;
            Routes = [];
        }

        public List<RouteInfo> Routes { get; }

        public void OnMessage(in NetlinkMessage message)
        {
            if (message.Type != RTM_NEWROUTE || !message.TryReadHeader<RtMsg>(out var header))
            {
                return;
            }

            // Cached clones (PMTU exceptions and the like) are not part of the table.
            if (header.rtm_family != _family || (header.rtm_flags & RTM_F_CLONED) != 0)
            {
                return;
            }

            IPAddress? destination = null;
            IPAddress? gateway = null;
            var outputLink = 0;
            var metric = 0;
            int table = header.rtm_table;
            var attributes = message.AttributesAfter<RtMsg>();
            while (attributes.TryRead(out var attribute))
            {
                switch (attribute.Type)
                {
                    case RTA_DST:
                        destination = attribute.GetAddress();
                        break;
                    case RTA_GATEWAY:
                        gateway = attribute.GetAddress();
                        break;
                    case RTA_OIF:
                        outputLink = attribute.GetInt32();
                        break;
                    case RTA_PRIORITY:
                        metric = attribute.GetInt32();
                        break;
                    case RTA_TABLE:
                        // The full table id; rtm_table is truncated to 8 bits.
                        table = attribute.GetInt32();
                        break;
                }
            }

            if (table != _table)
            {
                return;
            }

            destination ??= _family == AF_INET6 ? IPAddress.IPv6Any : IPAddress.Any;
            Routes.Add(new RouteInfo(
                destination,
                header.rtm_dst_len,
                gateway,
                outputLink,
                header.rtm_protocol,
                (RouteScope)header.rtm_scope,
                table,
                metric)
            {
                OnLink = (header.rtm_flags & RTNH_F_ONLINK) != 0,
            });
        }

        public void Reset() => Routes.Clear();
    }
}
