using System.Net;
using HumanzCni.Stages.Ipam;
using Xunit;
using static HumanzCni.Tests.Ipam.LeaseDirectoryFixture;

namespace HumanzCni.Tests.Ipam;

public sealed class LeaseStoreTests : IDisposable
{
    private readonly LeaseDirectoryFixture leases = new();

    public void Dispose() => leases.Dispose();

    [Fact]
    public void Files_use_host_local_names_and_contents()
    {
        leases.NewAllocator().Allocate("c1", "eth0", [Set("10.1.2.0/24"), Set("fd00:1::/64")]);

        Assert.Equal("c1\r\neth0", leases.ReadLeaseFile("10.1.2.2"));
        Assert.Equal("c1\r\neth0", leases.ReadLeaseFile("fd00:1::2"));
        Assert.Equal("10.1.2.2", leases.ReadLeaseFile("last_reserved_ip.0"));
        Assert.Equal("fd00:1::2", leases.ReadLeaseFile("last_reserved_ip.1"));
        Assert.True(File.Exists(Path.Join(leases.LeasePath, "lock")));
    }

    [Fact]
    public void Directory_and_lease_files_get_host_local_permissions()
    {
        leases.NewStore().Reserve(Ip("10.1.2.2"), "c1", "eth0", 0);

        Assert.Equal("rwxr-xr-x", Describe(File.GetUnixFileMode(leases.LeasePath)));
        Assert.Equal("rw-r--r--", Describe(File.GetUnixFileMode(Path.Join(leases.LeasePath, "10.1.2.2"))));
    }

    [Fact]
    public void Reserving_a_leased_address_fails_and_keeps_the_first_owner()
    {
        LeaseStore store = leases.NewStore();

        Assert.True(store.Reserve(Ip("10.1.2.2"), "c1", "eth0", 0));
        Assert.False(store.Reserve(Ip("10.1.2.2"), "c2", "eth0", 0));
        Assert.Equal("c1\r\neth0", leases.ReadLeaseFile("10.1.2.2"));
    }

    [Fact]
    public void Leases_written_by_host_local_are_honoured()
    {
        leases.WriteLeaseFile("10.1.2.2", "c1\r\neth0");
        leases.WriteLeaseFile("10.1.2.3", "legacy");
        leases.WriteLeaseFile("last_reserved_ip.0", "10.1.2.5");
        LeaseStore store = leases.NewStore();

        IPAddress next = new IpAllocator(store).Allocate("c2", "eth0", [Set("10.1.2.0/24")])[0].Address;

        Assert.Equal(Ip("10.1.2.6"), next);
        Assert.Equal([Ip("10.1.2.2")], store.FindByAttachment("c1", "eth0"));
        Assert.Empty(store.FindByAttachment("c1", "net1"));
        Assert.Equal([Ip("10.1.2.3")], store.FindByAttachment("legacy", "any-interface"));
    }

    [Fact]
    public void Container_ids_match_exactly()
    {
        LeaseStore store = leases.NewStore();
        store.Reserve(Ip("10.1.2.2"), "abc", "eth0", 0);

        Assert.Empty(store.FindByAttachment("ab", "eth0"));
        Assert.Empty(store.FindByAttachment("ABC", "eth0"));
    }

    [Fact]
    public void Listing_ignores_files_that_are_not_leases()
    {
        LeaseStore store = leases.NewStore();
        store.Reserve(Ip("10.1.2.2"), "c1", "eth0", 0);
        leases.WriteLeaseFile("last_reserved_ip.0.tmp", "10.1.2.9");
        leases.WriteLeaseFile("10.1", "not a full address");

        Lease lease = Assert.Single(store.ListAttachments());

        Assert.Equal(new Lease(Ip("10.1.2.2"), "c1", "eth0"), lease);
    }

    [Fact]
    public void ReleaseByAttachment_returns_what_it_released()
    {
        LeaseStore store = leases.NewStore();
        store.Reserve(Ip("10.1.2.2"), "c1", "eth0", 0);
        store.Reserve(Ip("10.1.2.3"), "c1", "net1", 0);

        Assert.Equal([Ip("10.1.2.2")], store.ReleaseByAttachment("c1", "eth0"));
        Assert.False(store.Release(Ip("10.1.2.2")));
        Assert.True(store.Release(Ip("10.1.2.3")));
    }

    [Fact]
    public void Line_breaks_in_ids_are_rejected_because_they_would_corrupt_the_format()
    {
        Assert.Throws<ArgumentException>(() => leases.NewStore().Reserve(Ip("10.1.2.2"), "c1\r\nx", "eth0", 0));
    }

    private static string Describe(UnixFileMode mode) => string.Concat(
        Bit(mode, UnixFileMode.UserRead, 'r'), Bit(mode, UnixFileMode.UserWrite, 'w'), Bit(mode, UnixFileMode.UserExecute, 'x'),
        Bit(mode, UnixFileMode.GroupRead, 'r'), Bit(mode, UnixFileMode.GroupWrite, 'w'), Bit(mode, UnixFileMode.GroupExecute, 'x'),
        Bit(mode, UnixFileMode.OtherRead, 'r'), Bit(mode, UnixFileMode.OtherWrite, 'w'), Bit(mode, UnixFileMode.OtherExecute, 'x'));

    private static char Bit(UnixFileMode mode, UnixFileMode bit, char set) => mode.HasFlag(bit) ? set : '-';
}
