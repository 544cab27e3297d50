using System.Net;
using HumanzCni.Native;
using HumanzCni.Stages.Ipam;

namespace HumanzCni.Tests.Ipam;

/// <summary>
/// A private temp directory per test; the lease directory is a not-yet-existing child so the
/// code under test has to create it, as on a fresh node.
/// </summary>
internal sealed class LeaseDirectoryFixture : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("humanzcni-ipam-");

    public string LeasePath => Path.Join(_root.FullName, "testnet");

    public LeaseStore NewStore() => new(LeasePath);

    public IpAllocator NewAllocator() => new(NewStore());

    public string ReadLeaseFile(string name) => File.ReadAllText(Path.Join(LeasePath, name));

    public void WriteLeaseFile(string name, string contents)
    {
        Directory.CreateDirectory(LeasePath);
        File.WriteAllText(Path.Join(LeasePath, name), contents);
    }

    /// <summary>The names in the lease directory, in ordinal order.</summary>
    public List<string> Names() => [.. Directory.GetFiles(LeasePath).Select(path => Path.GetFileName(path)).Order(StringComparer.Ordinal)];

    public ulong Inode(string name)
    {
        Assert.Equal(0, Interop.Stat(Path.Join(LeasePath, name), out var status));
        return status.Inode;
    }

    public void Dispose() => _root.Delete(recursive: true);

    public static RangeSet Set(string subnet, string? rangeStart = null, string? rangeEnd = null, string? gateway = null) =>
        RangeSet.Create([IpRange.Parse(subnet, rangeStart, rangeEnd, gateway, defaultGateway: true)]);

    public static IPAddress Ip(string text) => IPAddress.Parse(text);
}
