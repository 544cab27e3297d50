using HumanzCni.Agent.Conflist;
using HumanzCni.Agent.Hosting;
using HumanzCni.Stages.Ipam;

namespace HumanzCni.Agent.Install;

/// <summary>
/// `humanz-cni install`: what a CNI DaemonSet's installer does. Copies the running binary into the CNI
/// bin dir (atomically: a runtime exec'ing the plugin meanwhile gets the old or the new one), links the
/// chained plugin types to it, and renders the node's conflist for its subnet into the conf dir.
/// </summary>
public static class InstallCommand
{
    public const string DefaultBinDir = "/opt/cni/bin";

    /// <summary>The plugin types one binary serves besides humanz-cni; it tells them apart by the name it was run as.</summary>
    public static readonly string[] ChainedTypes = ["humanz-portmap", "humanz-bandwidth"];

    public const string Usage = """
        usage: humanz-cni install --subnet 100.100.1.0/24 [--bin-dir /opt/cni/bin] [conflist options]
        """;

    public static int Run(ReadOnlySpan<string> args)
    {
        try
        {
            var options = new OptionReader(args, ConflistOptions.ValueNames.Append("--subnet").Append("--bin-dir").ToHashSet(), ConflistOptions.FlagNames.ToHashSet());
            var subnet = options.Required("--subnet");
            if (!CidrText.TryParseExact(subnet, out _))
            {
                throw new UsageException($"--subnet '{subnet}' is not a CIDR without host bits (e.g. 100.100.1.0/24)");
            }

            var installed = Install(options.String("--bin-dir") ?? DefaultBinDir, ConflistOptions.Read(options), subnet);
            Console.WriteLine(string.Join('\n', installed));
            return 0;
        }
        catch (UsageException e)
        {
            Console.Error.WriteLine($"humanz-cni install: {e.Message}");
            Console.Error.WriteLine(Usage);
            Console.Error.WriteLine(ConflistOptions.Usage);
            return 2;
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
        var self = Environment.ProcessPath ?? throw new IOException("cannot tell where the running binary is");
        // Render first: a bad template must fail before anything on the node changed.
        var conflist = ConflistTemplate.Load(settings.TemplatePath).Render(settings, subnet);

        var binary = Path.Combine(binDir, "humanz-cni");
        var installed = new List<string> { binary };
        if (Path.GetFullPath(self) != Path.GetFullPath(binary))
        {
            AtomicFile.Copy(self, binary, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
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
