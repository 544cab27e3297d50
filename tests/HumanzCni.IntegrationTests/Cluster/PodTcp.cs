using System.Net;
using System.Net.Sockets;
using System.Text;
using HumanzCni.IntegrationTests.Netlink;

namespace HumanzCni.IntegrationTests.Cluster;

/// <summary>
/// TCP between pods without any extra program: a socket created on a thread inside a pod's namespace
/// belongs to that namespace for good. The server answers each connection with the client address it
/// sees, which is how tests prove there is no NAT between nodes.
/// </summary>
public sealed class PodTcp : IDisposable
{
    private readonly Socket _listener;
    private readonly Task _accepting;

    private PodTcp(Socket listener)
    {
        _listener = listener;
        _accepting = Task.Run(AcceptLoopAsync);
    }

    /// <summary>Listens on ADDRESS:PORT inside the pod's namespace.</summary>
    public static PodTcp Listen(TestNamespace pod, string address, int port)
    {
        var listener = pod.Handle.Run(() =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(IPAddress.Parse(address), port));
            socket.Listen();
            return socket;
        });
        return new PodTcp(listener);
    }

    /// <summary>Connects from inside <paramref name="client"/>'s namespace and returns the client address the server saw.</summary>
    public static string SourceSeenBy(TestNamespace client, string address, int port)
    {
        using var socket = client.Handle.Run(() => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        socket.ConnectAsync(new IPEndPoint(IPAddress.Parse(address), port), timeout.Token).AsTask().GetAwaiter().GetResult();
        var buffer = new byte[64];
        var length = 0;
        int read;
        while ((read = socket.ReceiveAsync(buffer.AsMemory(length), SocketFlags.None, timeout.Token).AsTask().GetAwaiter().GetResult()) > 0)
        {
            length += read;
        }

        return Encoding.ASCII.GetString(buffer, 0, length);
    }

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
                var peer = ((IPEndPoint)connection.RemoteEndPoint!).Address.ToString();
                await connection.SendAsync(Encoding.ASCII.GetBytes(peer), SocketFlags.None);
                connection.Shutdown(SocketShutdown.Both);
            }
        }
    }
}
