using System.CommandLine;
using HumanzCni.Agent.Conflist;

namespace HumanzCni.Agent.Install;

/// <summary>
/// `humanz-cni install`: what a CNI DaemonSet's installer does. Copies the plugin binary humanz-cni and
/// this companion humanz-cni-agent (found beside the running one) into the CNI bin dir (atomically: a
/// runtime exec'ing the plugin meanwhile gets the old or the new one), links the chained plugin types to
/// the plugin, links loopback to it when the node has no loopback plugin of its own, and renders the
/// node's conflist for its subnet into the conf dir.
/// </summary>
internal static class InstallCommand
{
    public const string DefaultBinDir = "/opt/cni/bin";

    /// <summary>The plugin types the humanz-cni binary serves besides humanz-cni; libcni runs the file named by the config's type.</summary>
    public static readonly string[] ChainedTypes = ["humanz-portmap", "humanz-bandwidth"];

    /// <summary>
    /// The reference plugin runtimes run for the pod's lo (containerd's CRI through go-cni, from the same bin dir).
    /// humanz-cni serves it too; installed only where the node has none of its own.
    /// </summary>
    public const string LoopbackType = "loopback";

    /// <summary>The plugin binary every served type's link points at.</summary>
    private const string Plugin = "humanz-cni";

    /// <summary>The plugin itself and the node tooling, installed side by side.</summary>
    private static readonly string[] Binaries = [Plugin, "humanz-cni-agent"];

    private const UnixFileMode Executable = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    /// <summary>`install`, parsed by <see cref="InstallCommandLine"/>, installing.</summary>
    public static Command Create()
    {
        var commandLine = new InstallCommandLine();
        commandLine.Command.SetAction(result => Run(commandLine.Read(result)));
        return commandLine.Command;
    }

    private static int Run(InstallOptions options)
    {
        try
        {
            var installed = options.Subnet is { } subnet ? Install(options.BinDir, options.Conflist, subnet) : InstallBinaries(options.BinDir);
            Console.WriteLine(string.Join('\n', installed));
            return 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            Console.Error.WriteLine($"humanz-cni install: {e.Message}");
            return 1;
        }
    }

    /// <summary>Installs binary, links and conflist; returns the paths written.</summary>
    public static IReadOnlyList<string> Install(string binDir, ConflistSettings settings, string subnet)
    {
        // Render first: a bad template must fail before anything on the node changed.
        var conflist = ConflistTemplate.Load(settings.TemplatePath).Render(settings, subnet);
        var installed = InstallBinaries(binDir).ToList();
        AtomicFile.WriteText(settings.FilePath, conflist);
        installed.Add(settings.FilePath);
        return installed;
    }

    /// <summary>
    /// Binaries and links only, for nodes whose agent writes the conflist once it knows the node's subnet (a
    /// DaemonSet's init container on Kubernetes, where the subnet is the node's podCIDR); returns the paths written.
    /// </summary>
    public static IReadOnlyList<string> InstallBinaries(string binDir)
    {
        var sourceDir = Path.GetDirectoryName(Environment.ProcessPath) ?? throw new IOException("cannot tell where the running binary is");
        if (Binaries.Select(name => Path.Combine(sourceDir, name)).FirstOrDefault(source => !File.Exists(source)) is { } missing)
        {
            throw new IOException($"{missing} is missing: humanz-cni and humanz-cni-agent are installed together (./build.sh publish builds both)");
        }

        var installed = new List<string>();
        foreach (var name in Binaries)
        {
            var source = Path.Combine(sourceDir, name);
            var target = Path.Combine(binDir, name);
            if (Path.GetFullPath(source) != Path.GetFullPath(target))
            {
                AtomicFile.Copy(source, target, Executable);
            }

            installed.Add(target);
        }

        foreach (var type in ChainedTypes)
        {
            var link = Path.Combine(binDir, type);
            // Relative, so the bin dir can be mounted elsewhere (a DaemonSet's hostPath) and still resolve.
            AtomicFile.Symlink(link, Plugin);
            installed.Add(link);
        }

        installed.Add(InstallLoopback(binDir));
        return installed;
    }

    /// <summary>
    /// Links loopback to humanz-cni when the bin dir has no loopback (or has our own link from an earlier install);
    /// a loopback installed by anyone else (the reference plugins) stays. Returns the line saying which happened.
    /// </summary>
    private static string InstallLoopback(string binDir)
    {
        var link = Path.Combine(binDir, LoopbackType);
        var existing = new FileInfo(link);
        // LinkTarget also catches a dangling link, which Exists (following it) reports as absent.
        if ((existing.Exists || existing.LinkTarget is not null) && existing.LinkTarget != Plugin)
        {
            return $"{link} left alone: the bin dir already has a loopback plugin";
        }

        AtomicFile.Symlink(link, Plugin);
        return $"{link} -> {Plugin}: the bin dir had no loopback plugin";
    }
}
