using System.CommandLine;
using HumanzCni.Agent.Conflist;

namespace HumanzCni.Agent.Install;

/// <summary>
/// `humanz-cni install`: what a CNI DaemonSet's installer does. Copies the plugin binary humanz-cni and
/// this companion humanz-cni-agent (found beside the running one) into the CNI bin dir (atomically: a
/// runtime exec'ing the plugin meanwhile gets the old or the new one), links the chained plugin types to
/// the plugin, and renders the node's conflist for its subnet into the conf dir.
/// </summary>
public static class InstallCommand
{
    public const string DefaultBinDir = "/opt/cni/bin";

    /// <summary>The plugin types the humanz-cni binary serves besides humanz-cni; libcni runs the file named by the config's type.</summary>
    public static readonly string[] ChainedTypes = ["humanz-portmap", "humanz-bandwidth"];

    /// <summary>The plugin itself and the node tooling, installed side by side.</summary>
    private static readonly string[] Binaries = ["humanz-cni", "humanz-cni-agent"];

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
            Console.WriteLine(string.Join('\n', Install(options.BinDir, options.Conflist, options.Subnet)));
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
        var sourceDir = Path.GetDirectoryName(Environment.ProcessPath) ?? throw new IOException("cannot tell where the running binary is");
        // Render first: a bad template must fail before anything on the node changed.
        var conflist = ConflistTemplate.Load(settings.TemplatePath).Render(settings, subnet);

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
            AtomicFile.Symlink(link, "humanz-cni");
            installed.Add(link);
        }

        AtomicFile.WriteText(settings.FilePath, conflist);
        installed.Add(settings.FilePath);
        return installed;
    }
}
