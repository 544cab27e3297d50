using System.Diagnostics;

namespace HumanzCni.IntegrationTests.Harness;

/// <summary>
/// One request/response over TCP or UDP between namespaces with socat: a one-shot server in one namespace
/// answers the first connection or datagram with the address it saw the client at ($SOCAT_PEERADDR), and a
/// client in another sends to it. One server per exchange (no fork), so no exchange can be answered by a
/// server process left over from the one before.
/// </summary>
public static class Socat
{
    private static readonly TimeSpan BindDeadline = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Starts a server on <paramref name="serverPort"/> in <paramref name="server"/>, sends from
    /// <paramref name="clientNamespace"/> to ADDRESS:PORT (from <paramref name="sourcePort"/> when given), and
    /// returns the answer: the client's address as the server saw it, or "" when nothing came back.
    /// </summary>
    public static string Exchange(TestNamespace server, int serverPort, string protocol, string clientNamespace, string address, int port, int? sourcePort = null)
    {
        using var listener = Serve(server, protocol, serverPort);
        try
        {
            return Ask(clientNamespace, protocol, address, port, sourcePort);
        }
        finally
        {
            // A UDP server would only leave at its idle timeout; the answer is in, so it goes now.
            listener.Kill(entireProcessTree: true);
            listener.WaitForExit();
        }
    }

    /// <summary>The client alone: "" when nothing answered within its idle timeout.</summary>
    public static string Ask(string clientNamespace, string protocol, string address, int port, int? sourcePort = null)
    {
        var target = $"{protocol.ToUpperInvariant()}:{(address.Contains(':') ? $"[{address}]" : address)}:{port}" + ",connect-timeout=5" + (sourcePort is { } source ? $",sourceport={source},reuseaddr" : "");
        // After sending, stdin is at EOF; -t is how long socat then still waits for the answer (default 0.5s, too
        // short on a busy machine). A TCP exchange ends sooner, when the server closes; UDP has no close, so it waits it out.
        var wait = protocol == "udp" ? "-t3" : "-t10";
        var result = ProcessRunner.Run("ip", ["netns", "exec", clientNamespace, "socat", wait, "-T10", "-", target], stdin: "ping\n", timeout: TimeSpan.FromSeconds(30));
        return result.StandardOutput.Trim();
    }

    /// <summary>
    /// The server. Its command reads the request to the end: if it exited right after answering, socat could
    /// fail to hand it the request and close before passing the answer on. -t10 because the client's request is followed at once by its EOF, after which socat by default
    /// gives the answer only 0.5s (forking `echo` under load can take longer) before it closes the connection.
    /// </summary>
    private static Process Serve(TestNamespace ns, string protocol, int port)
    {
        var listen = protocol == "udp" ? $"UDP-RECVFROM:{port},reuseaddr" : $"TCP-LISTEN:{port},reuseaddr";
        var startInfo = new ProcessStartInfo("ip")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "netns", "exec", ns.Name, "socat", "-t10", "-T20", listen, "SYSTEM:echo $SOCAT_PEERADDR; cat >/dev/null" })
        {
            startInfo.ArgumentList.Add(arg);
        }

        var process = Process.Start(startInfo) ?? throw new InvalidOperationException("cannot start socat");
        WaitUntilBound(ns, protocol, port, process);
        return process;
    }

    /// <summary>Polls `ss` in the namespace until the server's socket is there, so the client never races its bind.</summary>
    private static void WaitUntilBound(TestNamespace ns, string protocol, int port, Process server)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < BindDeadline)
        {
            var listing = ProcessRunner.Run("ip", ["netns", "exec", ns.Name, "ss", "-Hln", protocol == "udp" ? "-u" : "-t", $"sport = :{port}"]);
            if (listing.StandardOutput.Trim().Length > 0)
            {
                return;
            }

            if (server.HasExited)
            {
                throw new InvalidOperationException($"socat server on {protocol}/{port} in {ns.Name} exited: {server.StandardError.ReadToEnd()}");
            }

            Thread.Sleep(20);
        }

        server.Kill(entireProcessTree: true);
        throw new InvalidOperationException($"socat server on {protocol}/{port} in {ns.Name} did not bind within {BindDeadline.TotalSeconds}s");
    }
}
