using HumanzCni.Chain.Hosting;
using HumanzCni.Cli;
using HumanzCni.Stages;

// Without arguments this is a CNI plugin: the runtime talks to it through CNI_* variables and stdin.
if (args.Length == 0)
{
    var host = new PluginHost(BuiltInPlugins.CreateRegistry(), BuiltInPlugins.Classify, InvokedName.Get());
    using var stdin = Console.OpenStandardInput();
    using var stdout = Console.OpenStandardOutput();
    return host.Run(Environment.GetEnvironmentVariable, stdin, stdout);
}

// With arguments a person runs it: every command (chain, agent, install, demo, --help) is the companion's.
return CompanionBinary.Exec(args);
