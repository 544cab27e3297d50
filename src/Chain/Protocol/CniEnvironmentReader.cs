namespace HumanzCni.Chain.Protocol;

/// <summary>
/// Reads CNI_* variables and checks that each verb has what the spec requires of it:
/// ADD and CHECK need a container id, netns and ifname; DEL needs a container id and ifname
/// (containerd's second DEL has no netns); VERSION, GC and STATUS need only the command.
/// </summary>
internal static class CniEnvironmentReader
{
    /// <summary>The request from the variables <paramref name="getVariable"/> returns and the <paramref name="config"/> bytes; a missing or malformed variable is an invalid environment (code 4).</summary>
    public static CniRequest Read(Func<string, string?> getVariable, ReadOnlyMemory<byte> config)
    {
        var commandText = getVariable("CNI_COMMAND");
        if (string.IsNullOrEmpty(commandText))
        {
            throw Missing("CNI_COMMAND", "set it to ADD, DEL, CHECK, VERSION, GC or STATUS");
        }

        if (!CniCommandNames.TryParse(commandText, out var command))
        {
            throw new CniException(
                CniErrorCode.InvalidEnvironment,
                $"CNI_COMMAND \"{commandText}\" is not a CNI verb; use ADD, DEL, CHECK, VERSION, GC or STATUS");
        }

        var request = new CniRequest
        {
            Command = command,
            ContainerId = getVariable("CNI_CONTAINERID") ?? "",
            Netns = getVariable("CNI_NETNS") ?? "",
            IfName = getVariable("CNI_IFNAME") ?? "",
            Args = CniArgs.Parse(getVariable("CNI_ARGS")),
            Path = (getVariable("CNI_PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries),
            Config = config,
        };

        if (command is CniCommand.Add or CniCommand.Del or CniCommand.Check)
        {
            ValidateAttachment(request);
        }

        return request;
    }

    private static void ValidateAttachment(CniRequest request)
    {
        if (request.ContainerId.Length == 0)
        {
            throw Missing("CNI_CONTAINERID", "the runtime must name the container being attached");
        }

        if (!CniName.IsValid(request.ContainerId))
        {
            throw new CniException(CniErrorCode.InvalidEnvironment, $"CNI_CONTAINERID \"{request.ContainerId}\" is invalid: {CniName.Rule}");
        }

        if (request.IfName.Length == 0)
        {
            throw Missing("CNI_IFNAME", "name the interface to create inside the container, e.g. eth0");
        }

        ValidateIfName(request.IfName);

        if (request.Command != CniCommand.Del && request.Netns.Length == 0)
        {
            throw Missing("CNI_NETNS", $"{request.Command.ToVerb()} needs the path of the container's network namespace, e.g. /var/run/netns/NAME");
        }
    }

    /// <summary>The spec's rules for CNI_IFNAME: at most 15 bytes, not "." or "..", no '/', ':' or whitespace.</summary>
    private static void ValidateIfName(string ifName)
    {
        var problem = LinkName.Check(ifName) switch
        {
            LinkNameProblem.TooLong => $"it is longer than {LinkName.MaxBytes} bytes",
            LinkNameProblem.DotName => "it may not be '.' or '..'",
            LinkNameProblem.ForbiddenCharacter => "it may not contain '/', ':' or whitespace",
            _ => null,
        };
        if (problem is not null)
        {
            throw new CniException(CniErrorCode.InvalidEnvironment, $"CNI_IFNAME \"{ifName}\" is invalid: {problem}");
        }
    }

    private static CniException Missing(string variable, string hint) =>
        new(CniErrorCode.InvalidEnvironment, $"{variable} is not set: {hint}");
}
