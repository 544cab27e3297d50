using System.Net;
using System.Net.Sockets;
using System.Text;

namespace HumanzCni.Testbed;

/// <summary>
/// A plain HTTP/1.0 GET from inside a namespace, on a socket created on the namespace's thread (so it
/// belongs there for good): no curl, no HttpClient, whose connections would open on pool threads elsewhere.
/// </summary>
public static class NamespaceHttp
{
    public sealed record Reply(string StatusLine, string Body);

    public static Reply Get(TestNamespace client, string address, int port, string path = "/", TimeSpan? timeout = null)
    {
        var server = IPAddress.Parse(address);
        using var socket = client.Handle.Run(() => new Socket(server.AddressFamily, SocketType.Stream, ProtocolType.Tcp));
        using var deadline = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        socket.ConnectAsync(new IPEndPoint(server, port), deadline.Token).AsTask().GetAwaiter().GetResult();
        socket.SendAsync(Encoding.ASCII.GetBytes($"GET {path} HTTP/1.0\r\nHost: {address}\r\n\r\n"), SocketFlags.None, deadline.Token).AsTask().GetAwaiter().GetResult();
        var response = new MemoryStream();
        var buffer = new byte[4096];
        int read;
        while ((read = socket.ReceiveAsync(buffer, SocketFlags.None, deadline.Token).AsTask().GetAwaiter().GetResult()) > 0)
        {
            response.Write(buffer, 0, read);
        }

        // HTTP/1.0 without keep-alive: the server closes after the body, so the whole answer is what came.
        var text = Encoding.ASCII.GetString(response.ToArray());
        var headerEnd = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var statusEnd = text.IndexOf("\r\n", StringComparison.Ordinal);
        return headerEnd < 0 || statusEnd < 0
            ? throw new InvalidOperationException($"not an HTTP response from {address}:{port}: {text}")
            : new Reply(text[..statusEnd], text[(headerEnd + 4)..]);
    }
}
