namespace HumanzCni.Cli;

/// <summary>The binary's own subcommands, for people rather than runtimes.</summary>
internal static class Commands
{
    public static int Run(string[] args)
    {
        switch (args[0])
        {
            case "chain":
                return Chain.ChainCommand.Run(args.AsSpan(1));
            case "agent" or "install" or "demo":
                return CompanionBinary.Exec(args);
            default:
                Console.Error.WriteLine("""
                    usage:
                      humanz-cni            run as a CNI plugin (CNI_COMMAND and the config on stdin, as a runtime calls it)
                      humanz-cni demo       three nodes and their pods in network namespaces: no routes, then the agents; ping and HTTP across nodes
                      humanz-cni chain      run a conflist (add, check, del, gc, status) as a runtime does; `humanz-cni chain` for its usage
                      humanz-cni agent      node agent: lease a pod subnet in etcd (or read a static cluster file),
                                            route to the other nodes' subnets, render this node's conflist
                      humanz-cni install    copy this binary into the CNI bin dir and render the node's conflist
                    """);
                return args[0] is "-h" or "--help" or "help" ? 0 : 2;
        }
    }
}
