using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging;

namespace HumanzCni.Agent.Health;

/// <summary>
/// Serves `/healthz` and `/metrics` on --health-address: a minimal HTTP/1.x responder on a socket (one
/// GET, one answer, connection closed). Not HttpListener: its managed Linux implementation binds a
/// specific address only if the Host header names exactly that address (`curl localhost:9101` against
/// 127.0.0.1:9101 gets its 404), and `+` binds every IPv4 address; a probe needs neither surprise.
/// </summary>
internal sealed class HealthServer : IDisposable
{
    /// <summary>A request head larger than this, or slower than <see cref="RequestTimeout"/>, is dropped.</summary>
    private const int MaxRequestHead = 8192;

    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(5);

    private readonly Socket _socket;
    private readonly AgentStatus _status;

    private HealthServer(Socket socket, AgentStatus status)
    {
        _socket = socket;
        _status = status;
    }

    /// <summary>Where it listens (with the port the kernel chose when asked for port 0).</summary>
    public IPEndPoint Address => (IPEndPoint)_socket.LocalEndPoint!;

    /// <summary>The server for --health-address, listening, or null when the option was not given.</summary>
    public static HealthServer? StartIfAsked(IPEndPoint? address, AgentStatus status, ILogger logger)
    {
        if (address is null)
        {
            return null;
        }

        var server = Start(address, status);
        logger.LogServing(server.Address);
        return server;
    }

    /// <summary>Binds and listens now, so an address in use stops the agent at start with a clear message.</summary>
    public static HealthServer Start(IPEndPoint address, AgentStatus status)
    {
        var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (address.Address.Equals(IPAddress.IPv6Any))
            {
                socket.DualMode = true;
            }

            socket.Bind(address);
            socket.Listen(16);
            return new HealthServer(socket, status);
        }
        catch (SocketException e)
        {
            socket.Dispose();
            throw new IOException($"--health-address {address}: cannot listen: {e.Message}", e);
        }
    }

    /// <summary>Accepts until cancelled; each connection is answered on its own, so a slow client holds up no one.</summary>
    public async Task RunAsync(CancellationToken cancellation)
    {
        while (true)
        {
            var client = await _socket.AcceptAsync(cancellation).ConfigureAwait(false);
            _ = ServeAsync(client, cancellation);
        }
    }

    public void Dispose() => _socket.Dispose();

    private async Task ServeAsync(Socket client, CancellationToken cancellation)
    {
        using var connection = client;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        deadline.CancelAfter(RequestTimeout);
        try
        {
            var requestLine = await ReadRequestLineAsync(client, deadline.Token).ConfigureAwait(false);
            var answer = requestLine is null ? Answer.Text(400, "not an HTTP request\n") : await AnswerAsync(requestLine, deadline.Token).ConfigureAwait(false);
            await client.SendAsync(answer.Encode(), SocketFlags.None, deadline.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or IOException)
        {
            // The client went away, or dawdled past the timeout: its problem, not the agent's.
        }
    }

    /// <summary>Reads the request head (up to the empty line) and returns its first line, e.g. "GET /healthz HTTP/1.1".</summary>
    private static async Task<string?> ReadRequestLineAsync(Socket client, CancellationToken cancellation)
    {
        var head = new byte[MaxRequestHead];
        var length = 0;
        while (length < head.Length)
        {
            var read = await client.ReceiveAsync(head.AsMemory(length), SocketFlags.None, cancellation).ConfigureAwait(false);
            if (read == 0)
            {
                return null;
            }

            length += read;
            var text = Encoding.ASCII.GetString(head, 0, length);
            if (text.Contains("\r\n\r\n", StringComparison.Ordinal) || text.Contains("\n\n", StringComparison.Ordinal))
            {
                return text[..text.IndexOf('\n', StringComparison.Ordinal)].TrimEnd('\r');
            }
        }

        return null;
    }

    private async Task<Answer> AnswerAsync(string requestLine, CancellationToken cancellation)
    {
        var parts = requestLine.Split(' ');
        if (parts.Length != 3 || !parts[2].StartsWith("HTTP/1.", StringComparison.Ordinal))
        {
            return Answer.Text(400, "not an HTTP/1.x request line\n");
        }

        if (parts[0] != "GET")
        {
            return Answer.Text(405, "only GET is served\n");
        }

        var path = parts[1].Split('?')[0];
        switch (path)
        {
            case "/healthz":
                var report = _status.Health.Check();
                return Answer.Text(report.Healthy ? 200 : 503, report.Text + "\n");
            case "/metrics":
                using (var body = new MemoryStream())
                {
                    await _status.Metrics.WriteAsync(body, cancellation).ConfigureAwait(false);
                    return new Answer(200, "text/plain; version=0.0.4; charset=utf-8", body.ToArray());
                }

            default:
                return Answer.Text(404, "not found: the agent serves /healthz and /metrics\n");
        }
    }

    /// <summary>A whole response: status, type and body, sent with Content-Length and Connection: close.</summary>
    private sealed record Answer(int Status, string ContentType, byte[] Body)
    {
        public static Answer Text(int status, string text) => new(status, "text/plain; charset=utf-8", Encoding.UTF8.GetBytes(text));

        public byte[] Encode()
        {
            var reason = Status switch
            {
                200 => "OK",
                400 => "Bad Request",
                404 => "Not Found",
                405 => "Method Not Allowed",
                _ => "Service Unavailable",
            };
            var head = Encoding.ASCII.GetBytes($"HTTP/1.1 {Status} {reason}\r\nContent-Type: {ContentType}\r\nContent-Length: {Body.Length}\r\nConnection: close\r\n\r\n");
            return [.. head, .. Body];
        }
    }
}
