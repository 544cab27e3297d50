using System.CommandLine;
using HumanzCni.Chain.Protocol;
using HumanzCni.Chain.Results;
using HumanzCni.Chain.Runner;
using HumanzCni.Stages;

namespace HumanzCni.AgentCli.Chain;

/// <summary>
/// `humanz-cni chain add|check|del|gc|status`: runs a conflist like a runtime does through libcni.
/// HumanzCni's own types run in this process; others are executed from the CNI path.
/// Exit 0: done (ADD prints the result on stdout). Exit 1: a plugin or the runner failed; stdout holds
/// the CNI error JSON (code, msg naming the plugin), stderr one line saying the same. Exit 2: bad usage.
/// </summary>
internal static class ChainCommand
{
    /// <summary>`chain` and its verbs, parsed by <see cref="ChainCommandLine"/>, each running the conflist.</summary>
    public static Command Create()
    {
        var commandLine = new ChainCommandLine(Environment.GetEnvironmentVariable);
        foreach (var verb in commandLine.Verbs)
        {
            verb.SetAction(result => Run(commandLine.Read(result)));
        }

        return commandLine.Command;
    }

    private static int Run(ChainOptions options)
    {
        using var stdout = Console.OpenStandardOutput();
        string? version = null;
        try
        {
            var list = ConfListLoader.Load(options.ConfDir, options.Network);
            version = list.CniVersion;
            var runner = new ChainRunner(
                new PluginDispatcher(new InProcessExecutor(BuiltInPlugins.CreateHost()), new ExecExecutor()),
                new ResultCache(options.CacheDir),
                options.CniPath,
                Console.Error);
            var runtime = new RuntimeConf
            {
                ContainerId = options.ContainerId,
                Netns = options.Netns,
                IfName = options.IfName,
                CniArgs = options.CniArgs,
                CapabilityArgs = options.CapabilityArgs,
            };
            switch (options.Command)
            {
                case CniCommand.Add:
                    ResultWriter.Write(stdout, runner.Add(list, runtime), list.CniVersion);
                    break;
                case CniCommand.Check:
                    runner.Check(list, runtime);
                    break;
                case CniCommand.Del:
                    runner.Del(list, runtime);
                    break;
                case CniCommand.Gc:
                    runner.Gc(list, options.ValidAttachments);
                    break;
                default:
                    runner.Status(list);
                    break;
            }

            return 0;
        }
        catch (CniException e)
        {
            Console.Error.WriteLine($"humanz-cni chain {options.Command.ToVerb().ToLowerInvariant()}: {e.Message}{(options.Command == CniCommand.Add ? $" (run `humanz-cni chain del {options.Network} ...` to undo what the plugins before it did)" : "")}");
            ErrorWriter.Write(stdout, version, e);
            return 1;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"humanz-cni chain {options.Command.ToVerb().ToLowerInvariant()}: {e.Message}");
            return 1;
        }
    }
}
