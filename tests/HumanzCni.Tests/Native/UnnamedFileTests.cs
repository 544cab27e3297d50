using HumanzCni.Native;

namespace HumanzCni.Tests.Native;

/// <summary>An O_TMPFILE file offered names in turn: exclusive, complete, and nothing left when never named.</summary>
public sealed class UnnamedFileTests : IDisposable
{
    private const int ReadWriteForAll = 0b110_100_100;

    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("humanzcni-unnamed-");

    public void Dispose() => _directory.Delete(recursive: true);

    [Fact]
    public void A_taken_name_is_refused_and_the_same_file_takes_the_next_free_one_whole()
    {
        string taken = Path.Join(_directory.FullName, "10.1.2.2");
        File.WriteAllText(taken, "someone else");
        using (var file = UnnamedFile.Create(_directory.FullName, "c1\r\neth0"u8, ReadWriteForAll))
        {
            Assert.NotNull(file);
            Assert.Equal(UnnamedFile.Outcome.NameTaken, file.TryName(taken));
            Assert.Equal(UnnamedFile.Outcome.Named, file.TryName(Path.Join(_directory.FullName, "10.1.2.3")));
        }

        Assert.Equal("someone else", File.ReadAllText(taken));
        Assert.Equal("c1\r\neth0", File.ReadAllText(Path.Join(_directory.FullName, "10.1.2.3")));
        Assert.Equal(2, _directory.GetFiles().Length);
    }

    [Fact]
    public void A_file_never_named_leaves_nothing()
    {
        using (var file = UnnamedFile.Create(_directory.FullName, "c1\r\neth0"u8, ReadWriteForAll))
        {
            Assert.NotNull(file);
        }

        Assert.Empty(_directory.GetFileSystemInfos());
    }
}
