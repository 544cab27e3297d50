using System.Net;
using System.Net.Sockets;
using System.Text;
using HumanzCni.Agent.Health;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace HumanzCni.Tests.Agent.Health;

/// <summary>The HTTP side on the machine's loopback, on a port the kernel picks (unique per run).</summary>
public sealed class HealthServerTests : IDisposable
{
    private readonly FakeTimeProvider _clock = new();
    private readonly AgentStatus _status;
    private readonly HealthServer _server;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _serving;

    public HealthServerTests()
    {
        _status = new AgentStatus(TimeSpan.FromSeconds(1), _clock);
        _server = HealthServer.StartIfAsked(new IPEndPoint(IPAddress.Loopback, 0), _status, NullLogger.Instance)!;
        _serving = _server.RunAsync(_stop.Token);
    }

    [Fact]
    public async Task Healthz_answers_503_with_the_reason_then_200_after_a_successful_pass()
    {
        _status.Record(ReconcileOutcome.Waiting("waiting for this node's subnet", null), TimeSpan.Zero);
        var waiting = await GetAsync("/healthz");
        Assert.StartsWith("HTTP/1.1 503 Service Unavailable\r\n", waiting, StringComparison.Ordinal);
        Assert.EndsWith("\r\n\r\nno successful reconcile for 0 s: waiting for this node's subnet\n", waiting, StringComparison.Ordinal);

        _status.Record(new ReconcileOutcome(ReconcileResult.Success, null, 2), TimeSpan.Zero);
        var ok = await GetAsync("/healthz");
        Assert.StartsWith("HTTP/1.1 200 OK\r\n", ok, StringComparison.Ordinal);
        Assert.EndsWith("\r\n\r\nok: last successful reconcile 0 s ago\n", ok, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_are_served_in_the_text_format_whatever_the_host_header_names()
    {
        _status.Record(new ReconcileOutcome(ReconcileResult.Success, null, 4), TimeSpan.Zero);

        var answer = await GetAsync("/metrics?debug=1", host: "node1.example:9101");

        Assert.StartsWith("HTTP/1.1 200 OK\r\n", answer, StringComparison.Ordinal);
        Assert.Contains("Content-Type: text/plain; version=0.0.4; charset=utf-8\r\n", answer, StringComparison.Ordinal);
        var body = answer[(answer.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..];
        Assert.Equal(4, PrometheusText.Parse(body).Samples["humanz_agent_routes_owned"]);
    }

    [Fact]
    public async Task Other_paths_methods_and_garbage_get_clear_errors()
    {
        Assert.StartsWith("HTTP/1.1 404 Not Found\r\n", await GetAsync("/"), StringComparison.Ordinal);
        Assert.StartsWith("HTTP/1.1 405 Method Not Allowed\r\n", await SendAsync("POST /healthz HTTP/1.1\r\nHost: x\r\n\r\n"), StringComparison.Ordinal);
        Assert.StartsWith("HTTP/1.1 400 Bad Request\r\n", await SendAsync("hello\r\n\r\n"), StringComparison.Ordinal);
    }

    [Fact]
    public void An_address_in_use_is_a_clear_error()
    {
        var error = Assert.Throws<IOException>(() => HealthServer.Start(_server.Address, _status));
        Assert.StartsWith($"--health-address {_server.Address}: cannot listen: ", error.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _stop.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => _serving.GetAwaiter().GetResult());
        _server.Dispose();
        _stop.Dispose();
    }

    private Task<string> GetAsync(string path, string host = "127.0.0.1") => SendAsync($"GET {path} HTTP/1.1\r\nHost: {host}\r\nUser-Agent: test\r\n\r\n");

    /// <summary>Raw bytes out, the whole answer back (the server closes after answering).</summary>
    private async Task<string> SendAsync(string request)
    {
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await client.ConnectAsync(_server.Address, timeout.Token);
        await client.SendAsync(Encoding.ASCII.GetBytes(request), SocketFlags.None, timeout.Token);
        using var answer = new MemoryStream();
        var buffer = new byte[4096];
        int read;
        while ((read = await client.ReceiveAsync(buffer, SocketFlags.None, timeout.Token)) > 0)
        {
            answer.Write(buffer, 0, read);
        }

        return Encoding.UTF8.GetString(answer.ToArray());
    }
}
