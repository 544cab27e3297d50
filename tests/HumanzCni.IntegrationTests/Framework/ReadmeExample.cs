using HumanzCni.Chain.Pipeline;
using HumanzCni.Stages.Addresses;
using HumanzCni.Stages.Bridge;
using HumanzCni.Stages.Config;
using HumanzCni.Stages.NetnsConfig;
using HumanzCni.Stages.Parse;
using HumanzCni.Stages.Result;
using HumanzCni.Stages.Veth;
using Microsoft.Extensions.Logging;

namespace HumanzCni.IntegrationTests.Framework;

// The code between the markers is the README's "Writing a stage" example, verbatim (ReadmeExampleTests checks it).
// README example begins
public sealed partial class LogAddressStage : IStage
{
    public string Name => "log-address";

    // What this stage reads: PluginTypeBuilder.Build() checks that an earlier stage provides it.
    public IReadOnlyList<Type> Requires => [typeof(PodAddresses)];

    public void Add(StageContext context) =>
        LogAddresses(context.Logger, context.Request.ContainerId, string.Join(", ", context.Get<PodAddresses>().Addresses.Select(a => a.Cidr)));

    // No Del: this stage leaves nothing behind to remove.

    // Logged through a source-generated method with an event id of its own (10000 and up are yours).
    [LoggerMessage(EventId = 10000, Level = LogLevel.Information, Message = "{Container} has {Addresses}")]
    private static partial void LogAddresses(ILogger logger, string container, string addresses);
}

public static class MyCni
{
    public static PluginType Create() => new PluginTypeBuilder("my-cni")
        .Use(() => new ParseStage())
        .Use(() => new IpamStage())
        .Use(() => new BridgeStage())
        .Use(() => new VethStage())
        .Use(() => new NetnsConfigStage())
        .Use(() => new LogAddressStage())
        .Use(() => new ResultStage())
        .Build();
}
// README example ends
