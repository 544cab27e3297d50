using System.Security.Cryptography;
using System.Text.Json;
using HumanzCni.Netlink;

namespace HumanzCni.Testbed;

/// <summary>
/// A throwaway named network namespace (/var/run/netns/PREFIX-XXXXXX, as `ip netns add` makes) for a test
/// or the demo, removed again on Dispose whatever happened. All netlink work happens in here, never in the
/// machine's own namespace. Needs root.
/// </summary>
public sealed class TestNamespace : IDisposable
{
    private TestNamespace(string name)
    {
        Name = name;
        Path = NamedNetworkNamespaces.PathOf(name);
        try
        {
            Handle = NetworkNamespace.Open(Path);
        }
        catch
        {
            NamedNetworkNamespaces.Delete(name);
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
        NamedNetworkNamespaces.Create(name);
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

    /// <summary>`ip -n NAME ARGS...`: its stdout, or an exception carrying stderr when it fails (for inspection in tests).</summary>
    public string Ip(params string[] args) =>
        ProcessRunner.Run("ip", ["-n", Name, .. args]).EnsureSuccess($"ip -n {Name} {string.Join(' ', args)}").StandardOutput;

    /// <summary>`ip -n NAME -j ARGS...` parsed (e.g. IpJson("link", "show")).</summary>
    public JsonElement IpJson(params string[] args) => ParseJson(Ip(["-j", .. args]));

    /// <summary>`bridge -n NAME -j ARGS...` parsed (e.g. BridgeJson("fdb", "show", "dev", "humanz.1")), for inspection in tests.</summary>
    public JsonElement BridgeJson(params string[] args) =>
        ParseJson(ProcessRunner.Run("bridge", ["-n", Name, "-j", .. args]).EnsureSuccess($"bridge -n {Name} -j {string.Join(' ', args)}").StandardOutput);

    private static JsonElement ParseJson(string output)
    {
        using var document = JsonDocument.Parse(string.IsNullOrWhiteSpace(output) ? "[]" : output);
        return document.RootElement.Clone();
    }

    public void Dispose()
    {
        Handle.Dispose();
        NamedNetworkNamespaces.Delete(Name);
    }
}
