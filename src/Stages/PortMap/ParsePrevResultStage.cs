using HumanzCni.Chain.Pipeline;
using HumanzCni.Chain.Protocol;

namespace HumanzCni.Stages.PortMap;

/// <summary>
/// For a chained plugin: shares the runtime's port mappings (<see cref="PortMappings"/>) for every verb and,
/// where there is a prevResult, the pod's addresses from it (<see cref="ContainerAddresses"/>). ADD and CHECK
/// need the prevResult; DEL does without (containerd's second DEL carries none).
/// </summary>
internal sealed class ParsePrevResultStage(string pluginType) : IStage
{
    public string Name => "parse-prevresult";

    public IReadOnlyList<Type> Provides => [typeof(PortMappings), typeof(ContainerAddresses)];

    public void Prepare(StageContext context)
    {
        context.Set(PortMappingReader.Read(context.Config.RuntimeConfig));
        if (context.PrevResult is { } prevResult)
        {
            context.Set(ContainerAddresses.From(prevResult));
        }
        else if (context.Request.Command is CniCommand.Add or CniCommand.Check)
        {
            throw new CniException(
                CniErrorCode.InvalidConfig,
                $"{pluginType} is a chained plugin and got no prevResult: list it after the plugin that creates the interface (e.g. humanz-cni) in a conflist's plugins");
        }
    }

    public void Add(StageContext context)
    {
    }
}
