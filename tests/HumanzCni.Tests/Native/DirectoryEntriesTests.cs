using HumanzCni.Native;

namespace HumanzCni.Tests.Native;

/// <summary>getdents64(2) read into names and inodes: what the lease store matches index names to leases by.</summary>
public sealed class DirectoryEntriesTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("humanzcni-dirents-");

    public void Dispose() => _directory.Delete(recursive: true);

    [Fact]
    public void Every_name_but_dot_and_dotdot_comes_with_its_inode_and_links_share_one()
    {
        string lease = Path.Join(_directory.FullName, "10.1.2.3");
        File.WriteAllText(lease, "c1\r\neth0");
        Assert.Equal(0, Interop.Link(lease, Path.Join(_directory.FullName, "second-name")));
        File.WriteAllText(Path.Join(_directory.FullName, "other"), "");

        var entries = DirectoryEntries.Read(_directory.FullName)!.ToDictionary(entry => entry.Name, entry => entry.Inode);

        Assert.Equal(["10.1.2.3", "other", "second-name"], entries.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(entries["10.1.2.3"], entries["second-name"]);
        Assert.NotEqual(entries["10.1.2.3"], entries["other"]);
        Assert.Equal(0, Interop.Stat(lease, out var status));
        Assert.Equal(status.Inode, entries["10.1.2.3"]);
    }

    [Fact]
    public void A_directory_with_more_entries_than_one_read_holds_is_read_whole()
    {
        for (int i = 0; i < 1000; i++)
        {
            File.WriteAllText(Path.Join(_directory.FullName, $"a-rather-long-file-name-to-fill-the-buffer-{i:D4}"), "");
        }

        Assert.Equal(1000, DirectoryEntries.Read(_directory.FullName)!.Count);
    }

    [Fact]
    public void A_missing_directory_has_no_entries_rather_than_an_empty_list() =>
        Assert.Null(DirectoryEntries.Read(Path.Join(_directory.FullName, "missing")));
}
