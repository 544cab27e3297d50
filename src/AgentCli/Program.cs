using HumanzCni.Agent.Hosting;
using HumanzCni.Agent.Install;
using HumanzCni.AgentCli.Demo;

// The node tooling and the demo: long-running or rare, so they live apart from the plugin, whose every call
// pays for the size of its image. Usually reached as `humanz-cni agent|install|demo`, which execs this binary.
return args.Length > 0 && args[0] == "agent" ? AgentCommand.Run(args.AsSpan(1))
    : args.Length > 0 && args[0] == "install" ? InstallCommand.Run(args.AsSpan(1))
    : args.Length > 0 && args[0] == "demo" ? DemoCommand.Run(args.AsSpan(1))
    : Usage();

static int Usage()
{
    Console.Error.WriteLine("""
        usage:
          humanz-cni-agent agent ...     node agent (see `humanz-cni-agent agent --help`)
          humanz-cni-agent install ...   copy the binaries into the CNI bin dir and render the node's conflist
          humanz-cni-agent demo          a three-node cluster in network namespaces: pods, agents, ping and HTTP across nodes
        """);
    return 2;
}
