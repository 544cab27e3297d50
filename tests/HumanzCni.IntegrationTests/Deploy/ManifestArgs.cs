extern alias KubernetesFull;

using KubernetesFull::k8s.Models;

namespace HumanzCni.IntegrationTests.Deploy;

/// <summary>
/// A container's command line as the manifest gives it: the humanz-cni subcommand (`agent`, `install`), the
/// option names (`--node-name`, ...), and the whole argument list with the downward-API variables it uses
/// (`$(NODE_NAME)`) replaced, so a test can run the same command line.
/// </summary>
internal sealed record ManifestArgs(string Subcommand, IReadOnlyList<string> Arguments)
{
    /// <summary>The `--name` options among the arguments (a `--name=value` one by its name).</summary>
    public IReadOnlyList<string> OptionNames =>
        Arguments.Where(a => a.StartsWith("--", StringComparison.Ordinal)).Select(a => a.Split('=')[0]).ToList();

    public static ManifestArgs Of(V1Container container)
    {
        var args = container.Args ?? [];
        Assert.Equal(["/usr/local/bin/humanz-cni"], container.Command);
        Assert.NotEmpty(args);
        return new ManifestArgs(args[0], args.Skip(1).ToList());
    }

    /// <summary>The value following <paramref name="option"/>, or null when it is not given.</summary>
    public string? ValueOf(string option)
    {
        var index = Arguments.ToList().IndexOf(option);
        return index >= 0 && index + 1 < Arguments.Count ? Arguments[index + 1] : null;
    }

    /// <summary>The arguments with `$(NAME)` references replaced, as the kubelet expands them from the container's env.</summary>
    public IReadOnlyList<string> Expanded(IReadOnlyDictionary<string, string> variables) =>
        Arguments.Select(a => variables.Aggregate(a, (text, v) => text.Replace($"$({v.Key})", v.Value, StringComparison.Ordinal))).ToList();
}
