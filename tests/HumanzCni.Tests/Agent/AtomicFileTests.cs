using HumanzCni.Agent.Conflist;

namespace HumanzCni.Tests.Agent;

/// <summary>AtomicFile: the next write of a file removes what an earlier writer, killed before its rename, left beside it.</summary>
public sealed class AtomicFileTests : IDisposable
{
    private const int Gone = 99_999_999; // above any pid_max: no such process

    private readonly string _dir = Directory.CreateTempSubdirectory("hz-atomic-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void A_write_removes_its_files_temp_files_of_writers_that_are_gone_and_nothing_else()
    {
        var path = Path.Combine(_dir, "10-net.conflist");
        string[] kept = [$".10-net.conflist.abc.{Environment.ProcessId}.tmp", $".20-other.conflist.abc.{Gone}.tmp"];
        foreach (var name in kept.Append($".10-net.conflist.abc.{Gone}.tmp"))
        {
            File.WriteAllText(Path.Combine(_dir, name), "");
        }

        Assert.True(AtomicFile.WriteText(path, "{}"));

        Assert.Equal([.. kept, "10-net.conflist"], Directory.GetFiles(_dir).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal("{}", File.ReadAllText(path));
    }
}
