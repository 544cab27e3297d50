using System.Net;
using HumanzCni.Agent.Hosting;

namespace HumanzCni.Tests.CommandLine;

/// <summary>The agent's `--health-address HOST:PORT`: what it takes, and what it refuses with a message naming the fix.</summary>
public sealed class HealthAddressOptionTests
{
    [Theory]
    [InlineData("127.0.0.1:9101", "127.0.0.1", 9101)]
    [InlineData("0.0.0.0:1", "0.0.0.0", 1)]
    [InlineData("[::1]:65535", "::1", 65535)]
    public void Host_and_port_are_parsed(string text, string address, int port)
    {
        var (options, errors) = AgentCommandLine.Parse("--static-cluster", "c.json", "--health-address", text);

        Assert.Empty(errors);
        Assert.Equal(new IPEndPoint(IPAddress.Parse(address), port), options!.HealthAddress);
    }

    [Fact]
    public void Absent_means_no_listener() => Assert.Null(AgentCommandLine.Parse("--static-cluster", "c.json").Options!.HealthAddress);

    [Theory]
    [InlineData("localhost:9101", "--health-address 'localhost:9101' is not HOST:PORT with HOST an IP address (e.g. 127.0.0.1:9101, 0.0.0.0:9101, [::1]:9101)")]
    [InlineData("127.0.0.1", "--health-address '127.0.0.1' is not HOST:PORT with HOST an IP address (e.g. 127.0.0.1:9101, 0.0.0.0:9101, [::1]:9101)")]
    [InlineData("::1:9101", "--health-address '::1:9101' is not HOST:PORT with HOST an IP address (e.g. 127.0.0.1:9101, 0.0.0.0:9101, [::1]:9101)")]
    [InlineData("127.0.0.1:0", "--health-address '127.0.0.1:0': the port must be a whole number from 1 to 65535, not '0'")]
    [InlineData("127.0.0.1:70000", "--health-address '127.0.0.1:70000': the port must be a whole number from 1 to 65535, not '70000'")]
    [InlineData("127.0.0.1:http", "--health-address '127.0.0.1:http': the port must be a whole number from 1 to 65535, not 'http'")]
    public void Anything_else_is_refused_naming_the_fix(string text, string message)
    {
        var (options, errors) = AgentCommandLine.Parse("--static-cluster", "c.json", "--health-address", text);

        Assert.Null(options);
        Assert.Equal([message], errors);
    }

    [Fact]
    public void It_serves_a_running_agent_so_not_with_once()
    {
        var (options, errors) = AgentCommandLine.Parse("--static-cluster", "c.json", "--once", "--health-address", "127.0.0.1:9101");

        Assert.Null(options);
        Assert.Equal(["--health-address serves a running agent: it cannot be combined with --once"], errors);
    }
}
