using System.Net;
using System.Net.Sockets;
using HumanzCni.Stages.Config;

namespace HumanzCni.Stages.NetnsConfig;

/// <summary>
/// The routes a pod gets: a default route per address family via that family's gateway (when
/// isDefaultGateway), then the configured ipam routes, whose missing gateway means the family's gateway.
/// Computed once so netns-config installs exactly what the result reports.
/// </summary>
internal static class PodRoutes
{
    public static IReadOnlyList<PodRoute> For(HumanzNetConf conf, PodAddresses addresses)
    {
        var routes = new List<PodRoute>();
        if (conf.IsDefaultGateway)
        {
            foreach (var address in addresses.Addresses)
            {
                if (address.Gateway is { } gateway)
                {
                    var any = address.Address.AddressFamily == AddressFamily.InterNetwork ? IPAddress.Any : IPAddress.IPv6Any;
                    routes.Add(new PodRoute(new IPNetwork(any, 0), gateway));
                }
            }
        }

        foreach (var route in conf.Routes)
        {
            if (conf.IsDefaultGateway && route.Destination.PrefixLength == 0 && routes.Any(r => r.Destination == route.Destination))
            {
                continue; // ipam.routes often repeats the default route the gateway already gives.
            }

            var family = route.Destination.BaseAddress.AddressFamily;
            var gateway = route.Gateway ?? addresses.Addresses.FirstOrDefault(a => a.Address.AddressFamily == family)?.Gateway;
            routes.Add(new PodRoute(route.Destination, gateway));
        }

        return routes;
    }
}
