using System.Text.RegularExpressions;
using HumanzCni.Agent.Conflist;
using HumanzCni.Agent.Hosting;
using HumanzCni.Agent.Install;

namespace HumanzCni.IntegrationTests.Deploy;

/// <summary>
/// The option names each humanz-cni subcommand accepts, for checking the manifest's command lines. For now
/// they are read from the subcommands' usage texts (every option appears there). Seam: once the command-line
/// rewrite gives the subcommands one parser definition, ask that parser instead (only this class changes).
/// </summary>
internal static partial class KnownOptions
{
    public static IReadOnlySet<string> Of(string subcommand) => subcommand switch
    {
        "agent" => NamesIn(AgentOptions.Usage + ConflistOptions.Usage),
        "install" => NamesIn(InstallCommand.Usage + ConflistOptions.Usage),
        _ => throw new ArgumentException($"no usage text known for subcommand {subcommand}", nameof(subcommand)),
    };

    private static HashSet<string> NamesIn(string usage) => OptionName().Matches(usage).Select(m => m.Value).ToHashSet(StringComparer.Ordinal);

    [GeneratedRegex("--[a-z][a-z0-9-]*")]
    private static partial Regex OptionName();
}
