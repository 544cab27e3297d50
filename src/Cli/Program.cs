using HumanzCni.Chain.Hosting;
using HumanzCni.Cli;
using HumanzCni.Stages;

// Without arguments this is a CNI plugin: the runtime talks to it through CNI_* variables and stdin.
// The registry is composed only when the call needs a type (VERSION does not): every call pays for what runs here.
if (args.Length == 0)
{
    var host = BuiltInPlugins.CreateHost(InvokedName.Get());
    using var stdin = StandardStreams.OpenInput();
    using var stdout = StandardStreams.OpenOutput();
    return host.Run(Environment.GetEnvironmentVariable, stdin, stdout);
}

// With arguments a person runs it: every command (chain, agent, install, demo, --help) is the companion's.
return CompanionBinary.Exec(args);
