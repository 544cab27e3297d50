using System.Diagnostics;
using System.Text.Json;

namespace HumanzCni.IntegrationTests.Harness;

/// <summary>
/// Measures TCP throughput between two namespaces with iperf3: a one-off server bound to the pod's address
/// inside the pod namespace, a client of bounded duration in the node namespace. Traffic never leaves
/// the namespaces the test made.
/// </summary>
public static class Iperf
{
    private const int Seconds = 3;

    /// <summary>Bits per second the pod received from the node (the pod's ingress).</summary>
    public static double IntoPod(string nodeNamespace, string podNamespace, string podAddress) =>
        Measure(nodeNamespace, podNamespace, podAddress, reverse: false);

    /// <summary>Bits per second the node received from the pod (the pod's egress): iperf3 -R, the server sends.</summary>
    public static double FromPod(string nodeNamespace, string podNamespace, string podAddress) =>
        Measure(nodeNamespace, podNamespace, podAddress, reverse: true);

    private static double Measure(string nodeNamespace, string podNamespace, string podAddress, bool reverse)
    {
        var serverInfo = new ProcessStartInfo("ip")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "netns", "exec", podNamespace, "iperf3", "--server", "--one-off", "--bind", podAddress })
        {
            serverInfo.ArgumentList.Add(arg);
        }

        using var server = Process.Start(serverInfo) ?? throw new InvalidOperationException("cannot start the iperf3 server");
        try
        {
            string[] client = ["netns", "exec", nodeNamespace, "iperf3", "--client", podAddress, "--time", $"{Seconds}", "--json", .. reverse ? new[] { "--reverse" } : []];
            for (var attempt = 1; ; attempt++)
            {
                var result = ProcessRunner.Run("ip", client, timeout: TimeSpan.FromSeconds(Seconds + 20)).EnsureSuccess($"iperf3 {string.Join(' ', client)}");
                using var report = JsonDocument.Parse(result.StandardOutput);
                // iperf3 3.12 exits 0 with -J even when it failed: the report then carries "error".
                if (!report.RootElement.TryGetProperty("error", out var error))
                {
                    return report.RootElement.GetProperty("end").GetProperty("sum_received").GetProperty("bits_per_second").GetDouble();
                }

                // The server needs a moment to listen; until then the client is refused.
                if (attempt == 25 || !(error.GetString() ?? "").Contains("refused", StringComparison.Ordinal))
                {
                    throw new InvalidOperationException($"iperf3 {string.Join(' ', client)} failed: {error}");
                }

                Thread.Sleep(200);
            }
        }
        finally
        {
            if (!server.HasExited)
            {
                server.Kill(entireProcessTree: true);
            }

            server.WaitForExit();
        }
    }
}
