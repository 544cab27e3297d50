using HumanzCni.Chain.Protocol;

namespace HumanzCni.Tests.Chain;

/// <summary>What each verb requires of the CNI_* environment, and that every refusal is code 4 with a message saying what to fix.</summary>
public sealed class CniEnvironmentReaderTests
{
    private static CniRequest Read(Func<string, string?> environment) => CniEnvironmentReader.Read(environment, ReadOnlyMemory<byte>.Empty);

    private static CniException Refused(Func<string, string?> environment)
    {
        var error = Assert.Throws<CniException>(() => Read(environment));
        Assert.Equal(CniErrorCode.InvalidEnvironment, error.Code);
        return error;
    }

    [Fact]
    public void Add_reads_every_variable_into_the_request()
    {
        var request = Read(TestEnvironment.For("ADD", ("CNI_PATH", "/a:/b::/c"), ("CNI_ARGS", "K8S_POD_NAME=web-0")));

        Assert.Equal(CniCommand.Add, request.Command);
        Assert.Equal("ctr-1", request.ContainerId);
        Assert.Equal("/var/run/netns/pod-1", request.Netns);
        Assert.Equal("eth0", request.IfName);
        Assert.Equal(["/a", "/b", "/c"], request.Path);
        Assert.Equal("web-0", request.Args.Get("K8S_POD_NAME"));
    }

    [Theory]
    [InlineData("ADD", "CNI_CONTAINERID")]
    [InlineData("ADD", "CNI_NETNS")]
    [InlineData("ADD", "CNI_IFNAME")]
    [InlineData("CHECK", "CNI_CONTAINERID")]
    [InlineData("CHECK", "CNI_NETNS")]
    [InlineData("CHECK", "CNI_IFNAME")]
    [InlineData("DEL", "CNI_CONTAINERID")]
    [InlineData("DEL", "CNI_IFNAME")]
    public void Attachment_verbs_refuse_a_missing_required_variable_and_name_it(string command, string variable)
    {
        var error = Refused(TestEnvironment.For(command, (variable, null)));

        Assert.StartsWith($"{variable} is not set: ", error.Message);
    }

    [Theory]
    [InlineData("ADD")]
    [InlineData("CHECK")]
    public void Add_and_check_say_which_verb_needs_the_netns(string command)
    {
        var error = Refused(TestEnvironment.For(command, ("CNI_NETNS", "")));

        Assert.Contains($"{command} needs the path of the container's network namespace", error.Message);
    }

    [Fact]
    public void Del_without_netns_is_accepted_because_containerd_sends_a_second_del_after_the_netns_is_gone()
    {
        var request = Read(TestEnvironment.For("DEL", ("CNI_NETNS", null)));

        Assert.Equal(CniCommand.Del, request.Command);
        Assert.Equal("", request.Netns);
    }

    [Theory]
    [InlineData("VERSION", CniCommand.Version)]
    [InlineData("GC", CniCommand.Gc)]
    [InlineData("STATUS", CniCommand.Status)]
    public void Version_gc_and_status_need_only_the_command(string verb, CniCommand expected)
    {
        var request = Read(TestEnvironment.Only(("CNI_COMMAND", verb)));

        Assert.Equal(expected, request.Command);
        Assert.Equal("", request.ContainerId);
        Assert.Empty(request.Path);
    }

    [Fact]
    public void Missing_command_lists_the_verbs()
    {
        var error = Refused(TestEnvironment.Only());

        Assert.Equal("CNI_COMMAND is not set: set it to ADD, DEL, CHECK, VERSION, GC or STATUS", error.Message);
    }

    [Theory]
    [InlineData("add")] // the spec spells verbs in upper case; libcni never sends anything else
    [InlineData("UPDATE")]
    [InlineData(" ADD")]
    public void Unknown_command_is_refused_and_the_verbs_listed(string command)
    {
        var error = Refused(TestEnvironment.For(command));

        Assert.Equal($"CNI_COMMAND \"{command}\" is not a CNI verb; use ADD, DEL, CHECK, VERSION, GC or STATUS", error.Message);
    }

    [Theory]
    [InlineData("-leading-dash")]
    [InlineData("_leading-underscore")]
    [InlineData(".leading-dot")]
    [InlineData("has space")]
    [InlineData("has/slash")]
    [InlineData("has:colon")]
    [InlineData("ünicode")]
    public void Invalid_container_ids_are_refused_with_the_rule(string containerId)
    {
        var error = Refused(TestEnvironment.For("ADD", ("CNI_CONTAINERID", containerId)));

        Assert.Equal(
            $"CNI_CONTAINERID \"{containerId}\" is invalid: it must start with a letter or digit and hold only letters, digits, '_', '.' and '-'",
            error.Message);
    }

    [Theory]
    [InlineData("a")]
    [InlineData("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    [InlineData("pod_1.web-2")]
    public void Valid_container_ids_are_accepted(string containerId)
    {
        Assert.Equal(containerId, Read(TestEnvironment.For("ADD", ("CNI_CONTAINERID", containerId))).ContainerId);
    }

    [Theory]
    [InlineData("0123456789abcdef", "it is longer than 15 bytes")]
    [InlineData("ethééééééé", "it is longer than 15 bytes")] // 10 characters but 17 UTF-8 bytes: IFNAMSIZ counts bytes
    [InlineData(".", "it may not be '.' or '..'")]
    [InlineData("..", "it may not be '.' or '..'")]
    [InlineData("eth/0", "it may not contain '/', ':' or whitespace")]
    [InlineData("eth:0", "it may not contain '/', ':' or whitespace")]
    [InlineData("eth 0", "it may not contain '/', ':' or whitespace")]
    [InlineData("eth\t0", "it may not contain '/', ':' or whitespace")]
    public void Invalid_ifnames_are_refused_with_the_rule_they_break(string ifName, string problem)
    {
        var error = Refused(TestEnvironment.For("ADD", ("CNI_IFNAME", ifName)));

        Assert.Equal($"CNI_IFNAME \"{ifName}\" is invalid: {problem}", error.Message);
    }

    [Theory]
    [InlineData("0123456789abcde")] // exactly 15 bytes
    [InlineData("net1.100")]
    [InlineData("...")]
    public void Ifnames_within_the_rules_are_accepted(string ifName)
    {
        Assert.Equal(ifName, Read(TestEnvironment.For("ADD", ("CNI_IFNAME", ifName))).IfName);
    }

    [Fact]
    public void Del_still_validates_the_ifname_because_it_names_what_to_remove()
    {
        var error = Refused(TestEnvironment.For("DEL", ("CNI_NETNS", null), ("CNI_IFNAME", "../x")));

        Assert.Contains("CNI_IFNAME \"../x\" is invalid", error.Message);
    }
}
