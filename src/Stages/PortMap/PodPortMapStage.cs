using System.Net;
using HumanzCni.Chain.Pipeline;
using HumanzCni.Chain.Protocol;
using HumanzCni.Stages.Config;
using HumanzCni.Stages.Nat;

namespace HumanzCni.Stages.PortMap;

/// <summary>
/// Port mapping as a stage of humanz-cni's own pipeline, so one plugin (one exec) serves a pod's hostPorts:
/// when the config declares the "portMappings" capability, it runs <see cref="PortMapStage"/> on the addresses the
/// ipam stage leased. Without the capability, or on an ADD or CHECK whose runtimeConfig maps no port, it does
/// nothing and loads nothing. A later stage failing takes the mappings back through the ADD's undo, and a
/// failure here undoes the veth and the lease. DEL finds the map elements by the attachment's tag, so it needs neither
/// the runtimeConfig nor the netns; it lists nothing when no element can be the attachment's.
/// </summary>
internal sealed class PodPortMapStage : IStage
{
    public const string Capability = "portMappings";

    private readonly PortMapStage _portMap = new();
    private bool _declared;

    public string Name => "portmap";

    public IReadOnlyList<Type> Requires => [typeof(PodAddresses)];

    public void Prepare(StageContext context)
    {
        _declared = context.Config.Declares(Capability);
        if (_declared)
        {
            context.Set(PortMappingReader.Read(context.Config.RuntimeConfig));
        }
    }

    public void Add(StageContext context)
    {
        if (HasMappings(context))
        {
            context.Set(FromLeases(context.Get<PodAddresses>()));
            _portMap.Add(context);
        }
    }

    public void Del(StageContext context)
    {
        // Without the runtimeConfig (a runtime's second DEL) the mappings are unknown: their elements are found by tag.
        if (_declared && (HasMappings(context) || context.NodeRules().HasHumanzTable()))
        {
            _portMap.Del(context);
        }
    }

    public void Check(StageContext context)
    {
        if (HasMappings(context))
        {
            var prevResult = context.PrevResult
                ?? throw new CniException(CniErrorCode.InvalidConfig, "CHECK of the port mappings needs prevResult (the ADD's result) to know the pod's addresses");
            context.Set(ContainerAddresses.From(prevResult));
            _portMap.Check(context);
        }
    }

    public void Gc(StageContext context)
    {
        if (_declared)
        {
            _portMap.Gc(context);
        }
    }

    private bool HasMappings(StageContext context) => _declared && context.Get<PortMappings>().Mappings.Count > 0;

    private static ContainerAddresses FromLeases(PodAddresses leased) =>
        new(leased.Addresses.Select(a => new ContainerAddress(a.Address, IPNetwork.Parse(a.Cidr))).ToList());
}
