using HumanzCni.Chain.Pipeline;
using HumanzCni.Chain.Protocol;
using HumanzCni.Netlink;

namespace HumanzCni.Samples.Sysctls;

/// <summary>
/// Writes the configured sysctls inside the pod's network namespace (ADD) and verifies them (CHECK).
/// A failed ADD puts back the values it had replaced. DEL leaves the values alone: net.* settings belong to the
/// pod's namespace, which no other pod shares and which the runtime deletes right after DEL, so there is nothing
/// on the node to restore and no previous value worth storing on disk; a later ADD into the same namespace
/// writes them again.
/// </summary>
public sealed class PodSysctlStage : IStage
{
    /// <summary>
    /// The code of a CHECK that finds a value changed. The spec's codes end at 99 and each plugin defines its own
    /// from 100 on; this is the one humanz-cni gives its own CHECK failures, so a chain of both answers alike.
    /// </summary>
    private const int CheckFailed = 102;

    /// <inheritdoc />
    public string Name => "pod-sysctl";

    /// <inheritdoc />
    public IReadOnlyList<Type> Requires => [typeof(PodSysctls)];

    /// <inheritdoc />
    public void Add(StageContext context)
    {
        var pod = context.PodNamespace();
        pod.Run(() =>
        {
            foreach (var (key, value) in context.Get<PodSysctls>().Values)
            {
                var previous = Sysctl.Read(key) ?? throw Missing(key);
                Write(key, value);
                context.OnUndo($"sysctl {key}={previous} in {pod.Path}", () => pod.Run(() => Sysctl.Write(key, previous)));
            }
        });
    }

    /// <inheritdoc />
    public void Check(StageContext context) =>
        context.PodNamespace().Run(() =>
        {
            foreach (var (key, value) in context.Get<PodSysctls>().Values)
            {
                var actual = Sysctl.Read(key) ?? throw Missing(key);
                if (Normalized(actual) != Normalized(value))
                {
                    throw new CniException(CheckFailed, $"sysctl {key} is {actual} in {context.Request.Netns}; the config sets {value}");
                }
            }
        });

    private static void Write(string key, string value)
    {
        try
        {
            Sysctl.Write(key, value);
        }
        catch (IOException e)
        {
            throw new CniException(CniErrorCode.InvalidConfig, $"\"sysctls\": the kernel refused {key}={value} in the pod's namespace: {e.Message}");
        }
    }

    private static CniException Missing(string key) =>
        new(CniErrorCode.InvalidConfig, $"\"sysctls\": {key} does not exist in the pod's network namespace (check the interface name and the key)");

    /// <summary>Multi-value sysctls (net.ipv4.tcp_rmem) read back tab-separated: compare their words.</summary>
    private static string Normalized(string value) =>
        string.Join(' ', value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
