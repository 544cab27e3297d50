using System.Text.Json.Nodes;
using HumanzCni.Chain.Config;
using HumanzCni.Chain.Protocol;
using HumanzCni.Chain.Runner;

namespace HumanzCni.Tests.Runner;

/// <summary>libcni's list semantics, with recorded stand-in plugins: order, prevResult, cache, version gates, GC and STATUS.</summary>
public sealed class ChainRunnerTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("hz-runner-").FullName;
    private readonly RecordingExecutor _plugins = new();
    private readonly StringWriter _notes = new();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private ResultCache Cache => new(_dir);

    private ChainRunner Runner() => new(_plugins, Cache, ["/opt/cni/bin", "/usr/lib/cni"], _notes);

    private static NetworkConfigList List(string version = "1.0.0", string extra = "") => NetworkConfigList.Parse(
        System.Text.Encoding.UTF8.GetBytes($$$"""
            {"cniVersion":"{{{version}}}","name":"net1"{{{extra}}},"plugins":[
              {"type":"first"},
              {"type":"second","capabilities":{"portMappings":true}},
              {"type":"third"}]}
            """),
        "test.conflist");

    private static RuntimeConf Pod(string id = "ctr-1") => new()
    {
        ContainerId = id,
        Netns = "/var/run/netns/p1",
        IfName = "eth0",
        CniArgs = [KeyValuePair.Create("K8S_POD_NAME", "web-0")],
        CapabilityArgs = new JsonObject { ["portMappings"] = new JsonArray(new JsonObject { ["hostPort"] = 8080 }) },
    };

    [Fact]
    public void Add_runs_in_order_handing_each_result_on_and_caches_the_last()
    {
        var result = Runner().Add(List(), Pod());

        Assert.Equal(["first", "second", "third"], _plugins.Sequence(CniCommand.Add));
        Assert.Null(_plugins.Calls[0].Config["prevResult"]);
        Assert.Equal(["first"], _plugins.Calls[1].Config["prevResult"]!["interfaces"]!.AsArray().Select(i => i!["name"]!.GetValue<string>()));
        Assert.Equal(["first", "second", "third"], result.Interfaces!.Select(i => i.Name));
        Assert.Null(_plugins.Calls[0].Config["runtimeConfig"]);
        Assert.Equal(8080, _plugins.Calls[1].Config["runtimeConfig"]!["portMappings"]![0]!["hostPort"]!.GetValue<int>());
        Assert.Equal("ADD", _plugins.Calls[0].Environment["CNI_COMMAND"]);
        Assert.Equal("K8S_POD_NAME=web-0", _plugins.Calls[0].Environment["CNI_ARGS"]);
        Assert.Equal("/opt/cni/bin:/usr/lib/cni", _plugins.Calls[0].Environment["CNI_PATH"]);

        var cached = Cache.Read("net1", "ctr-1", "eth0").Entry!;
        Assert.Equal(["first", "second", "third"], cached.Result!.Interfaces!.Select(i => i.Name));
        Assert.Equal("/var/run/netns/p1", cached.Netns);
    }

    [Fact]
    public void A_failing_plugin_stops_add_keeps_its_code_names_itself_and_caches_nothing()
    {
        _plugins.Failing.Add("second");

        var error = Assert.Throws<CniException>(() => Runner().Add(List(), Pod()));

        Assert.Equal(CniErrorCode.TryAgainLater, error.Code);
        Assert.Equal("plugin type=\"second\" name=\"net1\" failed (add): second is not in the mood", error.Message);
        Assert.Equal("details here", error.Details);
        Assert.Equal(["first", "second"], _plugins.Sequence(CniCommand.Add));
        Assert.Null(Cache.Read("net1", "ctr-1", "eth0").Entry);
    }

    [Fact]
    public void Del_runs_in_reverse_with_the_cached_result_and_removes_the_cache_entry()
    {
        Runner().Add(List(), Pod());

        Runner().Del(List(), Pod());

        Assert.Equal(["third", "second", "first"], _plugins.Sequence(CniCommand.Del));
        Assert.All(_plugins.Calls.Where(c => c.Command == CniCommand.Del), c => Assert.Equal(3, c.Config["prevResult"]!["interfaces"]!.AsArray().Count));
        Assert.False(File.Exists(Cache.PathFor("net1", "ctr-1", "eth0")));
    }

    [Theory]
    [InlineData("")]
    [InlineData("{\"kind\":\"cniCacheV1\",\"result\":{\"cniVer")]
    public void Del_with_a_zero_byte_or_corrupt_cache_file_runs_every_plugin_without_prevResult(string content)
    {
        Directory.CreateDirectory(Cache.ResultsDirectory);
        File.WriteAllText(Cache.PathFor("net1", "ctr-1", "eth0"), content);

        Runner().Del(List(), Pod());

        Assert.Equal(["third", "second", "first"], _plugins.Sequence(CniCommand.Del));
        Assert.All(_plugins.Calls, c => Assert.Null(c.Config["prevResult"]));
        Assert.Contains("ignoring the cached ADD result", _notes.ToString());
        Assert.False(File.Exists(Cache.PathFor("net1", "ctr-1", "eth0")));
    }

    [Fact]
    public void Del_without_any_cache_as_after_a_killed_add_runs_every_plugin_without_prevResult()
    {
        Runner().Del(List(), Pod());

        Assert.Equal(["third", "second", "first"], _plugins.Sequence(CniCommand.Del));
        Assert.All(_plugins.Calls, c => Assert.Null(c.Config["prevResult"]));
        Assert.False(Directory.Exists(Cache.ResultsDirectory));
    }

    [Fact]
    public void Del_before_0_4_0_does_not_pass_the_cached_result()
    {
        Runner().Add(List("0.3.1"), Pod());

        Runner().Del(List("0.3.1"), Pod());

        Assert.All(_plugins.Calls.Where(c => c.Command == CniCommand.Del), c => Assert.Null(c.Config["prevResult"]));
    }

    [Fact]
    public void Check_runs_in_order_with_the_cached_result()
    {
        Runner().Add(List(), Pod());

        Runner().Check(List(), Pod());

        Assert.Equal(["first", "second", "third"], _plugins.Sequence(CniCommand.Check));
        Assert.All(_plugins.Calls.Where(c => c.Command == CniCommand.Check), c => Assert.NotNull(c.Config["prevResult"]));
    }

    [Fact]
    public void Check_before_0_4_0_is_code_1_and_disableCheck_asks_no_plugin()
    {
        var old = Assert.Throws<CniException>(() => Runner().Check(List("0.3.1"), Pod()));
        Runner().Check(List(extra: ""","disableCheck":true"""), Pod());

        Assert.Equal(CniErrorCode.IncompatibleVersion, old.Code);
        Assert.Empty(_plugins.Calls);
        Assert.Contains("disableCheck", _notes.ToString());
    }

    [Fact]
    public void Check_with_a_corrupt_cache_file_fails_without_asking_a_plugin()
    {
        Directory.CreateDirectory(Cache.ResultsDirectory);
        File.WriteAllText(Cache.PathFor("net1", "ctr-1", "eth0"), "{");

        var error = Assert.Throws<CniException>(() => Runner().Check(List(), Pod()));

        Assert.Equal(CniErrorCode.IoFailure, error.Code);
        Assert.Empty(_plugins.Calls);
    }

    [Fact]
    public void Gc_dels_stale_cached_attachments_then_gcs_each_plugin_with_the_valid_ones()
    {
        Runner().Add(List("1.1.0"), Pod("keep"));
        Runner().Add(List("1.1.0"), Pod("stale"));
        _plugins.Calls.Clear();

        Runner().Gc(List("1.1.0"), [new Attachment { ContainerId = "keep", IfName = "eth0" }]);

        Assert.Equal(["third", "second", "first"], _plugins.Sequence(CniCommand.Del));
        Assert.All(_plugins.Calls.Where(c => c.Command == CniCommand.Del), c => Assert.Equal("stale", c.Environment["CNI_CONTAINERID"]));
        Assert.Equal(["first", "second", "third"], _plugins.Sequence(CniCommand.Gc));
        Assert.All(_plugins.Calls.Where(c => c.Command == CniCommand.Gc), c =>
            Assert.Equal("keep", c.Config["cni.dev/valid-attachments"]![0]!["containerID"]!.GetValue<string>()));
        Assert.NotNull(Cache.Read("net1", "keep", "eth0").Entry);
        Assert.False(File.Exists(Cache.PathFor("net1", "stale", "eth0")));
    }

    [Fact]
    public void Gc_before_1_1_0_only_dels_stale_attachments_and_disableGC_does_nothing()
    {
        Runner().Add(List(), Pod("stale"));
        _plugins.Calls.Clear();

        Runner().Gc(List(extra: ""","disableGC":true"""), []);
        Assert.Empty(_plugins.Calls);

        Runner().Gc(List(), []);
        Assert.Equal(["third", "second", "first"], _plugins.Sequence(CniCommand.Del));
        Assert.Empty(_plugins.Sequence(CniCommand.Gc));
    }

    [Fact]
    public void Status_asks_each_plugin_from_1_1_0_and_stops_at_the_first_not_ready()
    {
        Runner().Status(List("1.0.0"));
        Assert.Empty(_plugins.Calls);

        _plugins.Failing.Add("second");
        var error = Assert.Throws<CniException>(() => Runner().Status(List("1.1.0")));

        Assert.Equal(["first", "second"], _plugins.Sequence(CniCommand.Status));
        Assert.Contains("failed (status)", error.Message);
    }

    [Fact]
    public void An_unsupported_version_or_an_unsafe_network_name_is_refused_before_any_plugin_runs()
    {
        var version = Assert.Throws<CniException>(() => Runner().Add(List("0.2.0"), Pod()));
        var name = Assert.Throws<CniException>(() => Runner().Add(
            NetworkConfigList.Parse("""{"cniVersion":"1.0.0","name":"../x","plugins":[{"type":"first"}]}"""u8.ToArray(), "t"), Pod()));

        Assert.Equal(CniErrorCode.IncompatibleVersion, version.Code);
        Assert.Equal(CniErrorCode.InvalidConfig, name.Code);
        Assert.Empty(_plugins.Calls);
    }
}
