using System.Text.Json.Nodes;
using HumanzCni.Chain.Protocol;
using HumanzCni.Chain.Runner;

namespace HumanzCni.Tests.Runner;

/// <summary>Finding a network in a conf dir as libcni's LoadConfList does, and reading the list-level fields.</summary>
public sealed class ConfListLoaderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("hz-confdir-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private void Write(string file, string json) => File.WriteAllText(Path.Combine(_dir, file), json);

    private static string Conflist(string name, string type = "humanz-cni", string extra = "") =>
        $$"""{"cniVersion":"1.0.0","name":"{{name}}"{{extra}},"plugins":[{"type":"{{type}}"}]}""";

    [Fact]
    public void A_conflist_is_found_by_name_among_files_in_name_order()
    {
        Write("20-b.conflist", Conflist("net", "second"));
        Write("10-a.conflist", Conflist("net", "first"));
        Write("05-other.conflist", Conflist("other"));

        var list = ConfListLoader.Load(_dir, "net");

        Assert.Equal("first", PluginConfigBuilder.TypeOf(list.Plugins[0]));
        Assert.Equal("1.0.0", list.CniVersion);
    }

    [Fact]
    public void Conflists_win_over_single_configs_of_the_same_name()
    {
        Write("00-net.conf", """{"cniVersion":"1.0.0","name":"net","type":"single"}""");
        Write("99-net.conflist", Conflist("net", "listed"));

        Assert.Equal("listed", PluginConfigBuilder.TypeOf(ConfListLoader.Load(_dir, "net").Plugins[0]));
    }

    [Theory]
    [InlineData("net.conf")]
    [InlineData("net.json")]
    public void A_single_config_is_wrapped_into_a_list_of_one(string file)
    {
        Write(file, """{"cniVersion":"0.4.0","name":"net","type":"humanz-cni","bridge":"br1"}""");

        var list = ConfListLoader.Load(_dir, "net");

        Assert.Equal("net", list.Name);
        Assert.Equal("0.4.0", list.CniVersion);
        var plugin = Assert.Single(list.Plugins);
        Assert.Equal("br1", plugin["bridge"]!.GetValue<string>());
        Assert.Equal("net", JsonNode.Parse(list.Bytes)!["name"]!.GetValue<string>()); // what the cache records is a conflist
    }

    [Fact]
    public void CniVersions_picks_the_highest_version_the_runner_speaks()
    {
        Write("net.conflist", Conflist("net", extra: ""","cniVersions":["0.3.1","1.1.0","9.0.0"]"""));

        Assert.Equal("1.1.0", ConfListLoader.Load(_dir, "net").CniVersion);
    }

    [Fact]
    public void DisableCheck_and_disableGC_accept_booleans_and_their_strings()
    {
        Write("net.conflist", Conflist("net", extra: ""","disableCheck":true,"disableGC":"True" """));

        var list = ConfListLoader.Load(_dir, "net");

        Assert.True(list.DisableCheck);
        Assert.True(list.DisableGc);
    }

    [Fact]
    public void A_missing_network_is_code_7_naming_the_dir()
    {
        Write("net.conflist", Conflist("net"));

        var error = Assert.Throws<CniException>(() => ConfListLoader.Load(_dir, "absent"));

        Assert.Equal(CniErrorCode.InvalidConfig, error.Code);
        Assert.Contains("\"absent\"", error.Message);
        Assert.Contains(_dir, error.Message);
    }

    [Theory]
    [InlineData("""{"cniVersion":"1.0.0","name":"net","plugins":[]}""", CniErrorCode.InvalidConfig, "empty")]
    [InlineData("""{"cniVersion":"1.0.0","name":"net","plugins":[{"bridge":"x"}]}""", CniErrorCode.InvalidConfig, "plugin 0")]
    [InlineData("""{"cniVersion":"1.0.0","plugins":[{"type":"x"}]}""", CniErrorCode.InvalidConfig, "\"name\"")]
    [InlineData("""{"cniVersion":"1.0.0","name":"net",""", CniErrorCode.DecodeFailure, "not valid JSON")]
    public void A_broken_conflist_is_an_error_naming_the_file_and_the_problem(string json, int code, string fragment)
    {
        Write("net.conflist", json);

        var error = Assert.Throws<CniException>(() => ConfListLoader.Load(_dir, "net"));

        Assert.Equal(code, error.Code);
        Assert.Contains("net.conflist", error.Message);
        Assert.Contains(fragment, error.Message);
    }
}
