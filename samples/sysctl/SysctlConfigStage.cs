using System.Text.Json;
using HumanzCni.Chain.Config;
using HumanzCni.Chain.Pipeline;
using HumanzCni.Chain.Protocol;
using HumanzCni.Netlink;

namespace HumanzCni.Samples.Sysctls;

/// <summary>
/// Decodes and checks "sysctls" in Prepare, so every verb refuses bad config the same way (code 7). Only net.*
/// keys are allowed: those are per network namespace, while any other key (kernel.*, vm.*) would change the
/// whole node from inside a pod's CNI call.
/// </summary>
public sealed class SysctlConfigStage : IStage
{
    private const string Field = "sysctls";
    private const string NamespacedPrefix = "net.";

    /// <inheritdoc />
    public string Name => "sysctl-config";

    /// <inheritdoc />
    public IReadOnlyList<Type> Provides => [typeof(PodSysctls)];

    /// <inheritdoc />
    public void Prepare(StageContext context)
    {
        // The config as the host parsed it once for every stage (parsing it again would cost more than the stage).
        if (!context.Config.Json.TryGetPropertyIgnoreCase(Field, out var sysctls) || sysctls.ValueKind != JsonValueKind.Object)
        {
            throw Invalid($"\"{Field}\" must be an object of sysctl names and string values, e.g. {{\"net.core.somaxconn\": \"1024\"}}");
        }

        var values = new List<KeyValuePair<string, string>>();
        foreach (var sysctl in sysctls.EnumerateObject())
        {
            values.Add(new(CheckedKey(sysctl.Name), CheckedValue(sysctl)));
        }

        context.Set(new PodSysctls(values));
    }

    /// <inheritdoc />
    public void Add(StageContext context)
    {
    }

    private static string CheckedKey(string key)
    {
        if (!key.StartsWith(NamespacedPrefix, StringComparison.Ordinal) || key.Contains('/'))
        {
            throw Invalid($"\"{Field}\": {key} is not a net.* sysctl in dotted form: only the network namespace's own settings (net.*) may be set for a pod");
        }

        try
        {
            Sysctl.ToPath(key);
        }
        catch (ArgumentException)
        {
            throw Invalid($"\"{Field}\": {key} is not a valid sysctl name (empty or '..' part)");
        }

        return key;
    }

    private static string CheckedValue(JsonProperty sysctl) =>
        sysctl.Value.ValueKind == JsonValueKind.String
            ? sysctl.Value.GetString()!
            : throw Invalid($"\"{Field}\": the value of {sysctl.Name} must be a string, e.g. \"{sysctl.Value.GetRawText()}\", not {sysctl.Value.ValueKind.ToString().ToLowerInvariant()}");

    private static CniException Invalid(string message) => new(CniErrorCode.InvalidConfig, message);
}
