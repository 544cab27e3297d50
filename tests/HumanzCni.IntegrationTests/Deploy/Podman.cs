extern alias KubernetesFull;

using System.Security.Cryptography;
using KubernetesFull::k8s.Models;

namespace HumanzCni.IntegrationTests.Deploy;

/// <summary>
/// podman as build.sh uses it: with the repository's containers.conf and storage.conf (runc, no network of its
/// own, limits root may set here). Containers are named hzimg-RANDOM and removed by <see cref="Remove"/>.
/// </summary>
internal static class Podman
{
    private static readonly string ConfigDir = Path.Combine(PluginBinary.RepositoryRoot(), "deploy", "podman");

    private static readonly Dictionary<string, string> Environment = new()
    {
        ["CONTAINERS_CONF"] = Path.Combine(ConfigDir, "containers.conf"),
        ["CONTAINERS_STORAGE_CONF"] = Path.Combine(ConfigDir, "storage.conf"),
    };

    public static ProcessResult Run(params string[] args) => ProcessRunner.Run("podman", args, Environment, timeout: TimeSpan.FromSeconds(60));

    public static string NewContainerName() => $"hzimg-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3))}";

    /// <summary>Starts a detached container NAME running OPTIONS... IMAGE ARGS...; the caller removes it with <see cref="Remove"/>.</summary>
    public static void Start(string name, IEnumerable<string> options, IEnumerable<string> args) =>
        Run(["run", "-d", "--name", name, .. options, HumanzCniImage.Latest, .. args]).EnsureSuccess($"podman run {name}");

    /// <summary>
    /// Runs IMAGE ARGS... to completion and returns its exit code and output, removing the container. Detached and
    /// polled rather than `podman run`, which here waits 20 s after the container's exit for no reason of ours.
    /// </summary>
    public static ProcessResult RunToCompletion(IEnumerable<string> options, IEnumerable<string> args)
    {
        var name = NewContainerName();
        try
        {
            Start(name, options, args);
            int? exitCode = null;
            Eventually.True(() => (exitCode = ExitCode(name)) is not null, TimeSpan.FromSeconds(30), () => $"container {name} did not exit: {Logs(name)}");
            var logs = Run("logs", name);
            return new ProcessResult(exitCode!.Value, logs.StandardOutput, logs.StandardError);
        }
        finally
        {
            Remove(name);
        }
    }

    /// <summary>The container's exit code once it has exited, else null.</summary>
    public static int? ExitCode(string name)
    {
        var state = Run("inspect", "--format", "{{.State.Status}} {{.State.ExitCode}}", name).EnsureSuccess($"podman inspect {name}").StandardOutput.Split(' ');
        return state[0] is "exited" or "stopped" ? int.Parse(state[1], System.Globalization.CultureInfo.InvariantCulture) : null;
    }

    public static string Logs(string name)
    {
        var logs = Run("logs", name);
        return logs.StandardOutput + logs.StandardError;
    }

    /// <summary>The podman options giving a container what the manifest's securityContext gives it: capabilities and a read-only root.</summary>
    public static IReadOnlyList<string> SecurityOptions(V1Container container)
    {
        var security = container.SecurityContext;
        return
        [
            .. (security.Capabilities.Drop ?? []).SelectMany(c => new[] { "--cap-drop", c }),
            .. (security.Capabilities.Add ?? []).SelectMany(c => new[] { "--cap-add", c }),
            .. security.ReadOnlyRootFilesystem == true ? new[] { "--read-only" } : [],
        ];
    }

    /// <summary>`podman rm -f` (no grace period): the container is gone whatever state it was in.</summary>
    public static void Remove(string name) => Run("rm", "-f", "-t", "0", name);
}
