using HumanzCni.Stages.Ipam;
using static HumanzCni.Tests.Ipam.LeaseDirectoryFixture;

namespace HumanzCni.Tests.Ipam;

/// <summary>Specific addresses asked for through the "ips" convention, and the IsNew flag undo relies on.</summary>
public sealed class RequestedAddressTests : IDisposable
{
    private readonly LeaseDirectoryFixture _leases = new();

    public void Dispose() => _leases.Dispose();

    [Fact]
    public void A_requested_free_address_is_granted_exactly()
    {
        var allocation = Assert.Single(_leases.NewAllocator().Allocate("c1", "eth0", [Set("10.1.2.0/24")], [Ip("10.1.2.77")]));

        Assert.Equal(Ip("10.1.2.77"), allocation.Address);
        Assert.True(allocation.IsNew);
    }

    [Fact]
    public void A_requested_address_held_by_another_container_is_refused_and_nothing_is_reserved()
    {
        var allocator = _leases.NewAllocator();
        allocator.Allocate("c1", "eth0", [Set("10.1.2.0/24")], [Ip("10.1.2.77")]);

        var error = Assert.Throws<IpamConfigException>(() => allocator.Allocate("c2", "eth0", [Set("10.1.2.0/24")], [Ip("10.1.2.77")]));

        Assert.Contains("10.1.2.77", error.Message);
        Assert.Contains("already leased", error.Message);
        Assert.Single(_leases.NewStore().ListAttachments());
    }

    [Theory]
    [InlineData("10.9.9.9", "in none of the ranges")]
    [InlineData("10.1.2.1", "gateway")]
    public void A_requested_address_outside_the_ranges_or_the_gateway_is_refused(string wanted, string reason)
    {
        var error = Assert.Throws<IpamConfigException>(() => _leases.NewAllocator().Allocate("c1", "eth0", [Set("10.1.2.0/24")], [Ip(wanted)]));

        Assert.Contains(reason, error.Message);
        Assert.Empty(_leases.NewStore().ListAttachments());
    }

    [Fact]
    public void An_address_the_attachment_already_holds_is_not_new()
    {
        var allocator = _leases.NewAllocator();
        allocator.Allocate("c1", "eth0", [Set("10.1.2.0/24")]);

        var again = Assert.Single(allocator.Allocate("c1", "eth0", [Set("10.1.2.0/24")]));

        Assert.False(again.IsNew);
    }
}
