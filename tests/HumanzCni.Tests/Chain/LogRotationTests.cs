using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using HumanzCni.Chain.Logging;
using HumanzCni.Chain.Pipeline;
using HumanzCni.Chain.Protocol;

namespace HumanzCni.Tests.Chain;

/// <summary>
/// Size-based rotation of the plugin log. Writers with descriptors of their own stand in for processes: flock
/// belongs to the open file, so two opens in one process contend exactly as two processes do.
/// </summary>
public sealed partial class LogRotationTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("hz-logrot-").FullName;

    private string LogPath => Path.Combine(_directory, "plugin.log");

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void The_file_is_renamed_to_dot_1_when_a_write_reaches_the_limit_and_the_next_line_starts_a_new_file()
    {
        using var file = Open(new LogRotation(MaxBytes: 200, KeptFiles: 3));
        var line = new string('a', 49); // 50 bytes with its newline

        for (var i = 0; i < 3; i++)
        {
            file.WriteLine(line);
        }

        Assert.Equal(150, new FileInfo(LogPath).Length);
        Assert.False(File.Exists(LogPath + ".1"));

        file.WriteLine(line);
        Assert.Equal(200, new FileInfo(LogPath + ".1").Length);
        Assert.Equal(0, new FileInfo(LogPath).Length);

        file.WriteLine("next");
        Assert.Equal(["next"], File.ReadAllLines(LogPath));
    }

    [Fact]
    public void At_most_the_kept_number_of_rotated_files_remain_holding_the_newest_lines()
    {
        using var file = Open(new LogRotation(MaxBytes: 100, KeptFiles: 2));

        for (var i = 0; i < 100; i++)
        {
            file.WriteLine($"line {i:D3} " + new string('x', 40)); // 50 bytes: two lines per file
        }

        Assert.Equal(["plugin.log", "plugin.log.1", "plugin.log.2"], Directory.GetFiles(_directory).Select(Path.GetFileName).Order());
        Assert.StartsWith("line 096", File.ReadAllLines(LogPath + ".2")[0]);
        Assert.StartsWith("line 098", File.ReadAllLines(LogPath + ".1")[0]);
        Assert.Empty(File.ReadAllLines(LogPath));
    }

    [Fact]
    public void A_limit_of_zero_never_rotates()
    {
        using var file = Open(new LogRotation(MaxBytes: 0, KeptFiles: 3));

        for (var i = 0; i < 50; i++)
        {
            file.WriteLine(new string('z', 99));
        }

        Assert.Equal(5000, new FileInfo(LogPath).Length);
        Assert.Single(Directory.GetFiles(_directory));
    }

    [Fact]
    public void Concurrent_writers_rotating_the_same_file_lose_no_line_and_split_none()
    {
        const int Writers = 8;
        const int LinesEach = 1500;
        // Enough kept files for every line written: what is checked is the rotation, not the retention.
        var rotation = new LogRotation(MaxBytes: 4096, KeptFiles: LogRotation.MostKeptFiles);
        using var start = new ManualResetEventSlim();
        var threads = Enumerable.Range(0, Writers).Select(writer => new Thread(() =>
        {
            using var file = Open(rotation);
            start.Wait();
            for (var i = 0; i < LinesEach; i++)
            {
                file.WriteLine($"writer={writer} line={i} {new string('p', i % 37)}end");
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        start.Set();
        threads.ForEach(t => t.Join());

        var files = Directory.GetFiles(_directory);
        Assert.True(files.Length > 10, $"only {files.Length} files: the run never rotated much");
        var lines = files.SelectMany(File.ReadAllLines).ToList();
        Assert.All(lines, line => Assert.Matches(WholeLine(), line));
        var expected = Enumerable.Range(0, Writers).SelectMany(w => Enumerable.Range(0, LinesEach).Select(i => $"{w}/{i}")).Order().ToList();
        var seen = lines.Select(line => WholeLine().Match(line)).Select(m => $"{m.Groups[1].Value}/{m.Groups[2].Value}").Order().ToList();
        Assert.Equal(expected, seen);
    }

    [Theory]
    [InlineData("logMaxBytes", -1, "logMaxBytes must be 0 (never rotate) or a positive number of bytes, got -1")]
    [InlineData("logMaxFiles", 0, "logMaxFiles must be between 1 and 1000 (rotated files kept), got 0")]
    [InlineData("logMaxFiles", 1001, "logMaxFiles must be between 1 and 1000 (rotated files kept), got 1001")]
    public void Limits_out_of_range_are_code_7_naming_the_field(string field, long value, string message)
    {
        var config = new JsonObject { ["cniVersion"] = "1.0.0", ["name"] = "test-net", ["type"] = "fake", ["logFile"] = LogPath, [field] = value };
        var registry = new PluginTypeRegistry().Add(new PluginTypeBuilder("fake").Use(() => new FixedResultStage()).Build());

        var output = HostRun.Run(registry, TestEnvironment.For("ADD"), config.ToJsonString());

        Assert.Equal(CniErrorCode.InvalidConfig, output.ErrorCode);
        Assert.Equal(message, output.ErrorMessage);
    }

    [Fact]
    public void Absent_limits_are_10_MiB_and_3_files()
    {
        Assert.Equal(new LogRotation(10L * 1024 * 1024, 3), PluginLogging.Rotation(null, null));
    }

    private AppendOnlyFile Open(LogRotation rotation) => AppendOnlyFile.TryOpen(LogPath, rotation) ?? throw new InvalidOperationException($"cannot open {LogPath}");

    [GeneratedRegex(@"^writer=(\d) line=(\d+) p*end$")]
    private static partial Regex WholeLine();
}
