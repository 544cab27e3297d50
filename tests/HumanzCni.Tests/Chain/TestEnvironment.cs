namespace HumanzCni.Tests.Chain;

/// <summary>
/// A CNI_* environment as a dictionary, handed to code under test as its getVariable, so tests never
/// touch the real process environment (tests run in parallel).
/// </summary>
public static class TestEnvironment
{
    /// <summary>A complete, valid attachment environment for <paramref name="command"/>; override or drop (null) single variables.</summary>
    public static Func<string, string?> For(string command, params (string Name, string? Value)[] overrides)
    {
        var variables = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["CNI_COMMAND"] = command,
            ["CNI_CONTAINERID"] = "ctr-1",
            ["CNI_NETNS"] = "/var/run/netns/pod-1",
            ["CNI_IFNAME"] = "eth0",
            ["CNI_PATH"] = "/opt/cni/bin",
        };
        foreach (var (name, value) in overrides)
        {
            variables[name] = value;
        }

        return name => variables.GetValueOrDefault(name);
    }

    /// <summary>Only the variables given, nothing else: for checking what each verb really requires.</summary>
    public static Func<string, string?> Only(params (string Name, string Value)[] variables)
    {
        var map = variables.ToDictionary(v => v.Name, v => v.Value, StringComparer.Ordinal);
        return name => map.GetValueOrDefault(name);
    }
}
