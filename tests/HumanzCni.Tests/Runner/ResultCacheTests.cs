using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using HumanzCni.Chain.Results;
using HumanzCni.Chain.Runner;

namespace HumanzCni.Tests.Runner;

/// <summary>The result cache: libcni's path and format, atomic writes, and bad files reported instead of thrown.</summary>
public sealed class ResultCacheTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("hz-cache-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static CachedAttachment Entry() => new()
    {
        ContainerId = "ctr-1",
        IfName = "eth0",
        NetworkName = "net1",
        Netns = "/var/run/netns/p1",
        Config = Encoding.UTF8.GetBytes("""{"name":"net1"}"""),
        CniArgs = [["K8S_POD_NAME", "web-0"], ["IgnoreUnknown", "1"]],
        CapabilityArgs = new JsonObject { ["portMappings"] = new JsonArray() },
        Result = new CniResult { CniVersion = "1.0.0", Ips = [new CniIpConfig { Address = "10.0.0.5/24", Interface = 0 }] },
    };

    [Fact]
    public void An_entry_round_trips_at_libcnis_path_in_libcnis_format()
    {
        var cache = new ResultCache(_dir);

        cache.Write(Entry());

        var path = Path.Combine(_dir, "results", "net1-ctr-1-eth0");
        Assert.Equal(path, cache.PathFor("net1", "ctr-1", "eth0"));
        using var raw = JsonDocument.Parse(File.ReadAllBytes(path));
        Assert.Equal("cniCacheV1", raw.RootElement.GetProperty("kind").GetString());
        Assert.Equal(Convert.ToBase64String(Encoding.UTF8.GetBytes("""{"name":"net1"}""")), raw.RootElement.GetProperty("config").GetString()); // Go's []byte
        Assert.Equal("web-0", raw.RootElement.GetProperty("cniArgs")[0][1].GetString());
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));

        var read = cache.Read("net1", "ctr-1", "eth0");
        Assert.Null(read.Problem);
        var entry = read.Entry!;
        Assert.Equal("/var/run/netns/p1", entry.Netns);
        Assert.Equal("10.0.0.5/24", entry.Result!.Ips![0].Address);
        Assert.Equal([KeyValuePair.Create("K8S_POD_NAME", "web-0"), KeyValuePair.Create("IgnoreUnknown", "1")], entry.ToRuntimeConf().CniArgs);
        Assert.Equal(["net1-ctr-1-eth0"], Directory.GetFiles(Path.Combine(_dir, "results")).Select(Path.GetFileName)); // no temp file left
    }

    /// <summary>What an ADD killed while writing its entry leaves: DEL of that entry and GC of the network remove it, unless its writer still runs.</summary>
    [Fact]
    public void Temp_files_of_killed_writers_go_with_the_entrys_delete_or_the_networks_gc()
    {
        const int Gone = 99_999_999; // above any pid_max: no such process
        var cache = new ResultCache(_dir);
        var results = Directory.CreateDirectory(Path.Combine(_dir, "results")).FullName;
        string[] names = [$".net1-ctr-1-eth0.{Gone}.tmp", $".net1-ctr-2-eth0.{Gone}.tmp", $".net1-ctr-3-eth0.{Environment.ProcessId}.tmp", $".net2-ctr-4-eth0.{Gone}.tmp"];
        foreach (var name in names)
        {
            File.WriteAllText(Path.Combine(results, name), "");
        }

        cache.Delete("net1", "ctr-1", "eth0");
        Assert.Equal(names[1..], Directory.GetFiles(results).Select(Path.GetFileName).Order(StringComparer.Ordinal));

        cache.DeleteOrphanedTempFiles("net1");
        Assert.Equal([names[2], names[3]], Directory.GetFiles(results).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_missing_entry_is_neither_an_entry_nor_a_problem()
    {
        var read = new ResultCache(_dir).Read("net1", "ctr-1", "eth0");

        Assert.Null(read.Entry);
        Assert.Null(read.Problem);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("{\"kind\":\"cniCacheV1\",\"res", "not valid JSON")]
    [InlineData("{\"kind\":\"somethingElse\"}", "not a cniCacheV1 entry")]
    public void A_zero_byte_corrupt_or_foreign_file_is_a_problem_not_an_exception(string content, string fragment)
    {
        var cache = new ResultCache(_dir);
        Directory.CreateDirectory(cache.ResultsDirectory);
        File.WriteAllText(cache.PathFor("net1", "ctr-1", "eth0"), content);

        var read = cache.Read("net1", "ctr-1", "eth0");

        Assert.Null(read.Entry);
        Assert.Contains(fragment, read.Problem);
    }

    [Fact]
    public void All_lists_good_entries_and_skips_bad_files()
    {
        var cache = new ResultCache(_dir);
        cache.Write(Entry());
        File.WriteAllText(cache.PathFor("net1", "broken", "eth0"), "");

        Assert.Equal(["ctr-1"], cache.All().Select(e => e.ContainerId));
    }
}
