using System.Net;
using HumanzCni.Agent.Health;
using HumanzCni.Agent.Hosting;

namespace HumanzCni.Tests.Agent.Health;

/// <summary>`--health-address HOST:PORT`, and its place among the agent's options.</summary>
public sealed class HealthAddressOptionTests
{
    [Theory]
    [InlineData("127.0.0.1:9101", "127.0.0.1", 9101)]
    [InlineData("0.0.0.0:1", "0.0.0.0", 1)]
    [InlineData("[::1]:65535", "::1", 65535)]
    public void Host_and_port_are_parsed(string text, string address, int port) =>
        Assert.Equal(new IPEndPoint(IPAddress.Parse(address), port), HealthAddressOption.Parse(text));

    [Fact]
    public void Absent_means_no_listener() => Assert.Null(HealthAddressOption.Parse(null));

    [Theory]
    [InlineData("localhost:9101", "--health-address 'localhost:9101' is not HOST:PORT with HOST an IP address (e.g. 127.0.0.1:9101, 0.0.0.0:9101, [::1]:9101)")]
    [InlineData("127.0.0.1", "--health-address '127.0.0.1' is not HOST:PORT with HOST an IP address (e.g. 127.0.0.1:9101, 0.0.0.0:9101, [::1]:9101)")]
    [InlineData("::1:9101", "--health-address '::1:9101' is not HOST:PORT with HOST an IP address (e.g. 127.0.0.1:9101, 0.0.0.0:9101, [::1]:9101)")]
    [InlineData("127.0.0.1:0", "--health-address '127.0.0.1:0': the port must be a whole number from 1 to 65535, not '0'")]
    [InlineData("127.0.0.1:70000", "--health-address '127.0.0.1:70000': the port must be a whole number from 1 to 65535, not '70000'")]
    [InlineData("127.0.0.1:http", "--health-address '127.0.0.1:http': the port must be a whole number from 1 to 65535, not 'http'")]
    public void Anything_else_is_a_usage_error_naming_the_fix(string text, string message) =>
        Assert.Equal(message, Assert.Throws<UsageException>(() => HealthAddressOption.Parse(text)).Message);

    [Fact]
    public void The_agent_takes_it_but_not_with_once()
    {
        var options = AgentOptions.Parse(["--static-cluster", "c.json", "--health-address", "127.0.0.1:9101"]);
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 9101), options.HealthAddress);

        var error = Assert.Throws<UsageException>(() => AgentOptions.Parse(["--static-cluster", "c.json", "--once", "--health-address", "127.0.0.1:9101"]));
        Assert.Equal("--health-address serves a running agent: it cannot be combined with --once", error.Message);
    }
}
