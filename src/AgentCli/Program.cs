using System.CommandLine;
using HumanzCni.Agent.Hosting;
using HumanzCni.Agent.Install;
using HumanzCni.AgentCli.Chain;
using HumanzCni.AgentCli.Demo;
using HumanzCni.CommandLine;

// Every command for people: long-running or rare, so they live apart from the plugin, whose every call pays
// for the size of its image. Usually reached as `humanz-cni chain|agent|install|demo`, which execs this binary.
var root = new RootCommand("""
    HumanzCni's CNI plugin suite. Without arguments humanz-cni runs as a CNI plugin: CNI_COMMAND and the
    other CNI_* variables in the environment, the network config on stdin, as a runtime calls it.
    """)
{
    ChainCommand.Create(),
    AgentCommand.Create(),
    InstallCommand.Create(),
    DemoCommand.Create(),
};
return root.Parse(args).Run();
