using System.CommandLine;
using System.CommandLine.Parsing;
using System.Text.Json;
using System.Text.Json.Nodes;
using HumanzCni.Chain.Config;
using HumanzCni.Chain.Protocol;
using HumanzCni.CommandLine;

namespace HumanzCni.AgentCli.Chain;

/// <summary>
/// `humanz-cni chain add|check|del|gc|status`'s command line and how a parse becomes <see cref="ChainOptions"/>.
/// Every option falls back to the variable cnictl reads (NETCONFPATH, CNI_PATH, CNI_CACHE_DIR, CAP_ARGS,
/// ARGS), then to the runtimes' usual default, so the runner is a drop-in for cnictl in scripts; the
/// options are accepted before or after the verb. To add one: a field here, listed in the constructor,
/// read in <see cref="Read"/>.
/// </summary>
internal sealed class ChainCommandLine
{
    private readonly Argument<string> _network = Positional(new Argument<string>("NET") { Description = "the network: the conflist in the conf dir whose name is NET" });
    private readonly Argument<string> _netns = Positional(new Argument<string>("NETNS") { Description = "the pod's network namespace, e.g. /var/run/netns/pod1" });
    private readonly Argument<string?> _containerId = Positional(new Argument<string?>("CONTAINERID")
    {
        Description = "[default: \"chain\" + NETNS with '/' as '-']",
        Arity = ArgumentArity.ZeroOrOne,
    });

    private readonly Argument<string?> _ifName = Positional(new Argument<string?>("IFNAME")
    {
        Description = "the pod's interface [default: eth0]",
        Arity = ArgumentArity.ZeroOrOne,
    });

    private readonly Option<string> _confDir;
    private readonly Option<string> _cniPath;
    private readonly Option<string> _cacheDir;
    private readonly Option<JsonObject?> _capArgs;
    private readonly Option<IReadOnlyList<KeyValuePair<string, string>>> _args;
    private readonly Option<IReadOnlyList<Attachment>> _valid = new("--valid")
    {
        HelpName = "CONTAINERID/IFNAME",
        Description = "an attachment still in use; repeat for each (none: every cached attachment is stale)",
        DefaultValueFactory = _ => [],
        CustomParser = result => result.Tokens.Select(token => ParseAttachment(token.Value, result)).ToList(),
    };

    private readonly Dictionary<Command, CniCommand> _verbs = [];

    /// <param name="getVariable">Reads the environment variables the options fall back to.</param>
    public ChainCommandLine(Func<string, string?> getVariable)
    {
        Option<string> FromVariable(string name, string helpName, string variable, string fallback, string description) =>
            OptionValues.Text(name, helpName, getVariable(variable) is { Length: > 0 } set ? set : fallback, $"{description} (or {variable})");

        _confDir = FromVariable("--conf-dir", "DIR", "NETCONFPATH", "/etc/cni/net.d", "where the network's conflist is");
        _cniPath = FromVariable("--cni-path", "DIRS", "CNI_PATH", "/opt/cni/bin", "':'-separated plugin directories");
        _cacheDir = FromVariable("--cache-dir", "DIR", "CNI_CACHE_DIR", "/var/lib/cni", "the result cache, results/ below it");
        _capArgs = new Option<JsonObject?>("--cap-args")
        {
            HelpName = "JSON",
            Description = "capability arguments, e.g. '{\"portMappings\":[{\"hostPort\":8080,\"containerPort\":80,\"protocol\":\"tcp\"}]}' (or CAP_ARGS)",
            CustomParser = result => ParseCapabilityArgs(result.Tokens[^1].Value, "--cap-args", result),
            DefaultValueFactory = result => ParseCapabilityArgs(getVariable("CAP_ARGS") ?? "", "CAP_ARGS", result),
        };
        _args = new Option<IReadOnlyList<KeyValuePair<string, string>>>("--args")
        {
            HelpName = "K=V;...",
            Description = "CNI_ARGS for every plugin (or ARGS)",
            CustomParser = result => ParseCniArgs(result.Tokens[^1].Value, "--args", result),
            DefaultValueFactory = result => ParseCniArgs(getVariable("ARGS"), "ARGS", result),
        };

        Command = new Command("chain", "run a conflist for one attachment as a runtime does through libcni: HumanzCni's own types in this process, others from the CNI path");
        foreach (var option in new Option[] { _confDir, _cniPath, _cacheDir, _capArgs, _args })
        {
            option.Recursive = true;
            Command.Options.Add(option);
        }

        AddVerb(CniCommand.Add, "add", "attach: ADD through the list; prints the result", _network, _netns, _containerId, _ifName);
        AddVerb(CniCommand.Check, "check", "CHECK through the list, with the cached result", _network, _netns, _containerId, _ifName);
        AddVerb(CniCommand.Del, "del", "detach: DEL through the list in reverse", _network, _netns, _containerId, _ifName);
        AddVerb(CniCommand.Gc, "gc", "DEL every cached attachment of the network not named by --valid, then GC", _network, _valid);
        AddVerb(CniCommand.Status, "status", "STATUS of every plugin in the list", _network);
    }

    /// <summary>`chain` with its verbs, options and arguments; the caller sets each verb's action.</summary>
    public Command Command { get; }

    /// <summary>The verbs, for the caller to give each the same action.</summary>
    public IEnumerable<Command> Verbs => _verbs.Keys;

    /// <summary>Parses the arguments after `chain`: the options, or why they cannot be run.</summary>
    public static (ChainOptions? Options, IReadOnlyList<string> Errors) Parse(Func<string, string?> getVariable, params string[] args)
    {
        var commandLine = new ChainCommandLine(getVariable);
        return commandLine.Command.Parse(args).Read(commandLine.Read);
    }

    /// <summary>The options of a parse without errors, which ran one of the <see cref="Verbs"/>.</summary>
    public ChainOptions Read(ParseResult result)
    {
        var attachment = result.GetResult(_netns) is not null;
        var netns = attachment ? result.GetRequiredValue(_netns) : "";
        return new ChainOptions
        {
            Command = _verbs[result.CommandResult.Command],
            Network = result.GetRequiredValue(_network),
            Netns = netns,
            ContainerId = attachment ? result.GetValue(_containerId) ?? "chain" + netns.Replace('/', '-') : "",
            IfName = result.GetValue(_ifName) ?? "eth0",
            ConfDir = result.GetRequiredValue(_confDir),
            CniPath = result.GetRequiredValue(_cniPath).Split(':', StringSplitOptions.RemoveEmptyEntries),
            CacheDir = result.GetRequiredValue(_cacheDir),
            CapabilityArgs = result.GetValue(_capArgs),
            CniArgs = result.GetRequiredValue(_args),
            ValidAttachments = result.GetValue(_valid) ?? [],
        };
    }

    private void AddVerb(CniCommand verb, string name, string description, params Symbol[] symbols)
    {
        var command = new Command(name, description);
        foreach (var symbol in symbols)
        {
            if (symbol is Option option)
            {
                command.Options.Add(option);
            }
            else
            {
                command.Arguments.Add((Argument)symbol);
            }
        }

        Command.Subcommands.Add(command);
        _verbs.Add(command, verb);
    }

    /// <summary>
    /// A positional argument that refuses what looks like an option: the parser would otherwise take an
    /// unknown option after the verb (`chain add NET --typo`) as the argument's value.
    /// </summary>
    private static Argument<T> Positional<T>(Argument<T> argument)
    {
        argument.Validators.Add(result =>
        {
            foreach (var token in result.Tokens.Where(token => token.Value.StartsWith('-')))
            {
                result.AddError($"unknown option {token.Value}");
            }
        });
        return argument;
    }

    private static JsonObject? ParseCapabilityArgs(string text, string source, ArgumentResult result)
    {
        if (text.Length == 0)
        {
            return null;
        }

        try
        {
            if (JsonNode.Parse(text) is JsonObject capabilityArgs)
            {
                return capabilityArgs;
            }

            result.AddError($"{source} must be a JSON object, e.g. '{{\"portMappings\":[...]}}', got {text}");
        }
        catch (JsonException e)
        {
            result.AddError($"{source} is not valid JSON: {e.Message}");
        }

        return null;
    }

    private static IReadOnlyList<KeyValuePair<string, string>> ParseCniArgs(string? text, string source, ArgumentResult result)
    {
        try
        {
            return CniArgs.Parse(text).Values.ToList();
        }
        catch (CniException e)
        {
            result.AddError($"{source}: {e.Message}");
            return [];
        }
    }

    private static Attachment ParseAttachment(string text, ArgumentResult result)
    {
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == text.Length - 1)
        {
            result.AddError($"--valid takes CONTAINERID/IFNAME, got \"{text}\"");
        }

        return new Attachment { ContainerId = slash > 0 ? text[..slash] : text, IfName = slash > 0 ? text[(slash + 1)..] : "" };
    }
}
