using System.Diagnostics;
using System.Net.NetworkInformation;

namespace HumanzCni.Testbed;

/// <summary>
/// One ICMP echo from inside a namespace, without a ping process: as root, .NET pings over a raw socket
/// created on the calling thread, and a socket created on the namespace's thread belongs to that namespace.
/// </summary>
public static class NamespacePing
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(2);

    /// <summary>The round-trip time of one echo from the namespace at <paramref name="namespacePath"/>, or null without a reply in time.</summary>
    public static TimeSpan? RoundTrip(string namespacePath, string address, TimeSpan? timeout = null)
    {
        using var ns = HumanzCni.Netlink.NetworkNamespace.Open(namespacePath);
        return ns.Run(() =>
        {
            using var ping = new Ping();
            var start = Stopwatch.GetTimestamp();
            try
            {
                var reply = ping.Send(address, (int)(timeout ?? DefaultTimeout).TotalMilliseconds);
                return reply.Status == IPStatus.Success ? Stopwatch.GetElapsedTime(start) : (TimeSpan?)null;
            }
            catch (PingException)
            {
                // The kernel's answer to an ICMP error (e.g. ENETUNREACH when a router has no route): no reply either.
                return null;
            }
        });
    }
}
