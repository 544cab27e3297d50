using System.CommandLine;
using System.CommandLine.Parsing;
using System.Net;
using HumanzCni.Agent.Conflist;
using HumanzCni.CommandLine;

namespace HumanzCni.Agent.Install;

/// <summary>
/// `humanz-cni install`'s command line and how a parse becomes <see cref="InstallOptions"/>. To add an
/// option: a field here, listed in the constructor, read in <see cref="Read"/>.
/// </summary>
internal sealed class InstallCommandLine
{
    private readonly Option<IPNetwork?> _subnet = OptionValues.Cidr("--subnet", "100.100.1.0/24", "this node's pod subnet, e.g. 100.100.1.0/24");
    private readonly Option<string> _binDir = OptionValues.Text("--bin-dir", "DIR", InstallCommand.DefaultBinDir, "the CNI bin dir the binaries are copied into");
    private readonly Option<bool> _binariesOnly = new("--binaries-only")
    {
        Description = "install the binaries and links only, no conflist: the agent writes it once it knows the node's subnet (e.g. a DaemonSet's init container)",
    };

    private readonly ConflistCommandLine _conflist = new();

    public InstallCommandLine()
    {
        Command = new Command("install", "copy humanz-cni and humanz-cni-agent into the CNI bin dir, link the chained plugin types, render the node's conflist")
        {
            _subnet, _binDir, _binariesOnly,
        };
        _conflist.AddTo(Command);
        Command.Validators.Add(command =>
        {
            if (command.GetResult(_binariesOnly) is { Implicit: false })
            {
                // No conflist, so no conflist options: a --subnet or --portmap here would be silently lost.
                var lost = command.Children.OfType<OptionResult>().Where(o => !o.Implicit && o.Option != _binDir && o.Option != _binariesOnly).Select(o => o.Option.Name).ToList();
                if (lost.Count > 0)
                {
                    command.AddError($"--binaries-only writes no conflist: drop {string.Join(", ", lost)}");
                }
            }
            else if (command.GetResult(_subnet) is null)
            {
                command.AddError("--subnet is required: this node's pod subnet, e.g. --subnet 100.100.1.0/24 (or --binaries-only)");
            }
        });
    }

    /// <summary>`install` with its options, without an action: the caller sets what runs.</summary>
    public Command Command { get; }

    /// <summary>Parses the arguments after `install`: the options, or why they cannot be run.</summary>
    public static (InstallOptions? Options, IReadOnlyList<string> Errors) Parse(params string[] args)
    {
        var commandLine = new InstallCommandLine();
        return commandLine.Command.Parse(args).Read(commandLine.Read);
    }

    /// <summary>The options of a parse without errors.</summary>
    public InstallOptions Read(ParseResult result) =>
        new(result.GetRequiredValue(_binDir), result.GetValue(_subnet)?.ToString(), _conflist.Read(result));
}
