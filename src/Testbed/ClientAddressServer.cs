using System.Net;
using System.Net.Sockets;
using System.Text;

namespace HumanzCni.Testbed;

/// <summary>
/// A tiny HTTP/1.0 server inside a pod's namespace (its listening socket is created on the namespace's
/// thread, so it belongs there) whose answer's body is the client address it saw: how the tests and the
/// demo show there is no NAT between nodes.
/// </summary>
public sealed class ClientAddressServer : IDisposable
{
    private readonly Socket _listener;
    private readonly Task _accepting;

    private ClientAddressServer(Socket listener)
    {
        _listener = listener;
        _accepting = Task.Run(AcceptLoopAsync);
    }

    /// <summary>Listens on ADDRESS:PORT (IPv4 or IPv6) inside the pod's namespace.</summary>
    public static ClientAddressServer Listen(TestNamespace pod, string address, int port)
    {
        var listener = pod.Handle.Run(() =>
        {
            var listen = IPAddress.Parse(address);
            var socket = new Socket(listen.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(listen, port));
            socket.Listen();
            return socket;
        });
        return new ClientAddressServer(listener);
    }

    /// <summary>GETs the server from inside <paramref name="client"/>'s namespace and returns the client address it saw.</summary>
    public static string SourceSeenBy(TestNamespace client, string address, int port) =>
        NamespaceHttp.Get(client, address, port).Body;

    public void Dispose()
    {
        _listener.Dispose();
        try
        {
            _accepting.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The loop ends with the listener's disposal.
        }
    }

    private async Task AcceptLoopAsync()
    {
        while (true)
        {
            Socket connection;
            try
            {
                connection = await _listener.AcceptAsync();
            }
            catch (Exception e) when (e is ObjectDisposedException or SocketException)
            {
                return;
            }

            using (connection)
            {
                await AnswerAsync(connection);
            }
        }
    }

    private static async Task AnswerAsync(Socket connection)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await ReadRequestHeadAsync(connection, timeout.Token);
            var peer = ((IPEndPoint)connection.RemoteEndPoint!).Address.ToString();
            var response = $"HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\nContent-Length: {peer.Length}\r\n\r\n{peer}";
            await connection.SendAsync(Encoding.ASCII.GetBytes(response), SocketFlags.None, timeout.Token);
            connection.Shutdown(SocketShutdown.Both);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            // A client that went away: nothing to answer.
        }
    }

    /// <summary>Reads until the blank line ending the request head (a GET has no body).</summary>
    private static async Task ReadRequestHeadAsync(Socket connection, CancellationToken cancellation)
    {
        var buffer = new byte[1024];
        var seen = new StringBuilder();
        while (!seen.ToString().Contains("\r\n\r\n", StringComparison.Ordinal) && seen.Length < 8192)
        {
            var read = await connection.ReceiveAsync(buffer, SocketFlags.None, cancellation);
            if (read == 0)
            {
                return;
            }

            seen.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }
    }
}
