using System.Net;
using System.Net.NetworkInformation;
using HumanzCni.Netlink;

namespace HumanzCni.IntegrationTests.Netlink;

/// <summary>
/// A throwaway namespace with an "underlay" (a veth pair, both ends up, 192.0.2.1/24 and 2001:db8:1::1/64 on
/// hzu0) for the VXLAN, neighbour and FDB tests, which need a device to hang a VXLAN on.
/// </summary>
internal sealed class VxlanUnderlay : IDisposable
{
    public const string Device = "humanz.1";

    public static readonly IPAddress Local = IPAddress.Parse("192.0.2.1");
    public static readonly IPAddress Local6 = IPAddress.Parse("2001:db8:1::1");
    public static readonly PhysicalAddress Mac = PhysicalAddress.Parse("0a-68-c0-00-02-01");

    public VxlanUnderlay()
    {
        Namespace = TestNamespace.Create("hzt-vx");
        try
        {
            Namespace.Ip("link", "add", "hzu0", "type", "veth", "peer", "name", "hzu1");
            Namespace.Ip("link", "set", "hzu1", "up");
            Namespace.Ip("link", "set", "hzu0", "up");
            Namespace.Ip("addr", "add", $"{Local}/24", "dev", "hzu0");
            Namespace.Ip("-6", "addr", "add", $"{Local6}/64", "dev", "hzu0", "nodad");
            UnderlayIndex = Namespace.IpJson("link", "show", "hzu0")[0].GetProperty("ifindex").GetInt32();
        }
        catch
        {
            Namespace.Dispose();
            throw;
        }
    }

    public TestNamespace Namespace { get; }

    /// <summary>The ifindex of hzu0.</summary>
    public int UnderlayIndex { get; }

    /// <summary>The VXLAN the agent would make: VNI 1, local 192.0.2.1, port 8472, nolearning, dev hzu0.</summary>
    public VxlanAttributes Attributes => new(1, Local, 8472, UnderlayIndex);

    /// <summary>Adds <see cref="Device"/> with <see cref="Attributes"/>, MTU 1450 and <see cref="Mac"/>, sets it up and returns its ifindex.</summary>
    public int AddDevice() =>
        Namespace.Run(netlink =>
        {
            netlink.AddVxlan(Device, Attributes, 1450, Mac);
            var index = netlink.GetLink(Device)!.Index;
            netlink.SetUp(index);
            return index;
        });

    public void Dispose() => Namespace.Dispose();
}
