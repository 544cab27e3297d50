using System.Text.RegularExpressions;
using HumanzCni.IntegrationTests.Harness;

namespace HumanzCni.IntegrationTests.Plugin;

/// <summary>The plugin's log file (config logFile): one summary line per call, whole lines even under concurrency.</summary>
public sealed partial class LoggingTests
{
    [Fact]
    public void An_add_logs_one_summary_line_with_the_container_the_outcome_and_stage_times()
    {
        using var node = new TestNode();
        var pod = node.CreatePod();

        node.Invoke("ADD", node.Config(), "log-add-1", pod.Path).EnsureSuccess("ADD");

        var lines = File.ReadAllLines(node.LogFile);
        var line = Assert.Single(lines);
        Assert.Matches(LinePattern(), line);
        Assert.Contains("ADD", line);
        Assert.Contains("container=log-add-1", line);
        Assert.Contains(" ok ", line);
        foreach (var stage in (string[])["ipam=", "bridge=", "veth=", "netns-config=", "route=", "result="])
        {
            Assert.Contains(stage, line);
        }
    }

    [Fact]
    public void A_failed_add_logs_the_code_and_the_message()
    {
        using var node = new TestNode();
        var missing = "/var/run/netns/hzt-log-missing-" + Guid.NewGuid().ToString("N")[..8];

        Assert.NotEqual(0, node.Invoke("ADD", node.Config(), "log-fail-1", missing).ExitCode);

        var summary = Assert.Single(File.ReadAllLines(node.LogFile), l => l.Contains("container=log-fail-1"));
        Assert.Contains(" failed ", summary);
        Assert.Contains("code=4", summary);
        Assert.Contains(missing, summary);
    }

    [Fact]
    public void Log_level_warning_keeps_successful_calls_out_of_the_log()
    {
        using var node = new TestNode();
        var pod = node.CreatePod();
        var config = node.Config();
        config["logLevel"] = "Warning";

        node.Invoke("ADD", config, "log-quiet", pod.Path).EnsureSuccess("ADD");

        Assert.True(!File.Exists(node.LogFile) || File.ReadAllText(node.LogFile).Length == 0, File.Exists(node.LogFile) ? File.ReadAllText(node.LogFile) : "");
    }

    [Fact]
    public void Concurrent_calls_write_only_whole_lines_one_summary_each()
    {
        const int Good = 16;
        const int Bad = 8;
        using var node = new TestNode();
        var config = node.Config().ToJsonString();
        var pods = Enumerable.Range(0, Good).Select(_ => node.CreatePod()).ToArray();

        var calls = Enumerable.Range(0, Good).Select(i => (Func<ProcessResult>)(() => node.Invoke("ADD", config, $"log-c-{i}", pods[i].Path)))
            .Concat(Enumerable.Range(0, Bad).Select(i => (Func<ProcessResult>)(() => node.Invoke("ADD", config, $"log-x-{i}", $"/var/run/netns/hzt-none-{i}"))))
            .ToList();
        var results = RunAtOnce(calls);
        Assert.Equal(Good, results.Count(r => r.ExitCode == 0));

        var lines = File.ReadAllLines(node.LogFile);
        Assert.All(lines, line => Assert.Matches(LinePattern(), line));
        var summaries = lines.Where(l => l.Contains(" container=")).ToList();
        Assert.Equal(Good + Bad, summaries.Count);
        Assert.All(summaries, s => Assert.True(s.Contains(" ok ") || s.Contains(" failed "), s));
        Assert.Equal(Good, summaries.Count(s => s.Contains(" ok ")));
        for (var i = 0; i < Good; i++)
        {
            Assert.Single(summaries, s => s.Contains($"container=log-c-{i} "));
        }
    }

    [Fact]
    public void Concurrent_calls_rotating_a_small_log_lose_no_line_and_split_none()
    {
        const int Calls = 32;
        using var node = new TestNode();
        var config = node.Config();
        // A summary line is about 200 bytes: a rotation every few lines, and enough old files to keep them all.
        config["logMaxBytes"] = 600;
        config["logMaxFiles"] = 1000;
        var json = config.ToJsonString();

        // ADDs into a missing namespace fail at once with one summary each: many processes, few kernel calls.
        var results = RunAtOnce(Enumerable.Range(0, Calls)
            .Select(i => (Func<ProcessResult>)(() => node.Invoke("ADD", json, $"log-r-{i}", $"/var/run/netns/hzt-none-{Guid.NewGuid():N}"))).ToList());
        Assert.All(results, r => Assert.NotEqual(0, r.ExitCode));

        var files = RotatedLogs(node);
        Assert.True(files.Count >= 4, $"the log was rotated into only {files.Count} files");
        var lines = files.SelectMany(File.ReadAllLines).ToList();
        Assert.All(lines, line => Assert.Matches(LinePattern(), line));
        for (var i = 0; i < Calls; i++)
        {
            Assert.Single(lines, l => l.Contains($"container=log-r-{i} "));
        }
    }

    [Fact]
    public void Rotation_keeps_at_most_log_max_files_old_files()
    {
        using var node = new TestNode();
        var config = node.Config();
        config["logMaxBytes"] = 300;
        config["logMaxFiles"] = 2;
        var json = config.ToJsonString();

        RunAtOnce(Enumerable.Range(0, 24)
            .Select(i => (Func<ProcessResult>)(() => node.Invoke("ADD", json, $"log-k-{i}", $"/var/run/netns/hzt-none-{Guid.NewGuid():N}"))).ToList());

        var names = RotatedLogs(node).Select(Path.GetFileName).ToList();
        var log = Path.GetFileName(node.LogFile);
        Assert.Contains(log + ".2", names);
        Assert.All(names, name => Assert.Contains(name, (string[])[log, log + ".1", log + ".2"]));
        Assert.All(RotatedLogs(node), file => Assert.All(File.ReadAllLines(file), line => Assert.Matches(LinePattern(), line)));
    }

    /// <summary>The log and its rotated files.</summary>
    private static List<string> RotatedLogs(TestNode node) =>
        Directory.GetFiles(Path.GetDirectoryName(node.LogFile)!, Path.GetFileName(node.LogFile) + "*").ToList();

    private static ProcessResult[] RunAtOnce(IReadOnlyList<Func<ProcessResult>> calls)
    {
        var results = new ProcessResult[calls.Count];
        using var start = new ManualResetEventSlim();
        var threads = calls.Select((call, i) => new Thread(() =>
        {
            start.Wait();
            results[i] = call();
        })
        { IsBackground = true }).ToList();
        threads.ForEach(t => t.Start());
        start.Set();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        Assert.All(threads, t => Assert.True(t.Join(deadline - DateTime.UtcNow > TimeSpan.Zero ? deadline - DateTime.UtcNow : TimeSpan.Zero), "a call did not finish in time"));
        return results;
    }

    /// <summary>"2026-01-02T03:04:05.678Z INFO pid=123 type=humanz-cni message", nothing before or after.</summary>
    [GeneratedRegex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z (TRACE|DEBUG|INFO|WARN|ERROR|CRIT) pid=\d+ type=humanz-cni \S.*$")]
    private static partial Regex LinePattern();
}
