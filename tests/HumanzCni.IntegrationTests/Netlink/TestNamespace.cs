using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using HumanzCni.Netlink;

namespace HumanzCni.IntegrationTests.Netlink;

/// <summary>
/// A throwaway network namespace (`ip netns add hzt-nl-XXXXXX`) for one test, removed again on Dispose
/// whatever the test did. Tests do all their netlink work in here, never in the machine's own namespace.
/// Needs root and iproute2.
/// </summary>
public sealed class TestNamespace : IDisposable
{
    private TestNamespace(string name)
    {
        Name = name;
        Path = $"/var/run/netns/{name}";
        try
        {
            Handle = NetworkNamespace.Open(Path);
        }
        catch
        {
            Delete();
            throw;
        }
    }

    /// <summary>The `ip netns` name, e.g. hzt-nl-3fa9c1.</summary>
    public string Name { get; }

    /// <summary>/var/run/netns/NAME.</summary>
    public string Path { get; }

    /// <summary>An open handle on the namespace, owned (and disposed) by this object.</summary>
    public NetworkNamespace Handle { get; }

    /// <summary>Creates a namespace named PREFIX-RANDOM6 (keep the prefix short: netns names are free, but
    /// tests often derive interface names from them).</summary>
    public static TestNamespace Create(string prefix = "hzt-nl")
    {
        var name = $"{prefix}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3))}";
        RunChecked("ip", "netns", "add", name);
        return new TestNamespace(name);
    }

    /// <summary>Runs <paramref name="work"/> with an <see cref="RtNetlink"/> opened inside the namespace.</summary>
    public T Run<T>(Func<RtNetlink, T> work) =>
        Handle.Run(() =>
        {
            using var netlink = RtNetlink.Open();
            return work(netlink);
        });

    public void Run(Action<RtNetlink> work) =>
        Run(netlink =>
        {
            work(netlink);
            return true;
        });

    /// <summary>`ip -n NAME ARGS...`: its stdout, or an exception carrying stderr when it fails.</summary>
    public string Ip(params string[] args) => RunChecked("ip", ["-n", Name, .. args]);

    /// <summary>`ip -n NAME -j ARGS...` parsed (e.g. IpJson("link", "show")).</summary>
    public JsonElement IpJson(params string[] args)
    {
        var output = Ip(["-j", .. args]);
        using var document = JsonDocument.Parse(string.IsNullOrWhiteSpace(output) ? "[]" : output);
        return document.RootElement.Clone();
    }

    /// <summary>Runs a program, returning exit code and output; never throws on a non-zero exit.</summary>
    public static (int ExitCode, string StandardOutput, string StandardError) RunProcess(string fileName, params string[] args)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            startInfo.ArgumentList.Add(arg);
        }

        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"cannot start {fileName}");
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout, stderr.GetAwaiter().GetResult());
    }

    public void Dispose()
    {
        Handle.Dispose();
        Delete();
    }

    private void Delete() => RunProcess("ip", "netns", "del", Name);

    private static string RunChecked(string fileName, params string[] args)
    {
        var (exitCode, stdout, stderr) = RunProcess(fileName, args);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"{fileName} {string.Join(' ', args)} exited {exitCode}: {stderr.Trim()}");
        }

        return stdout;
    }
}
