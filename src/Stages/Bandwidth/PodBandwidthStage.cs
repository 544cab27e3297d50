using HumanzCni.Chain.Pipeline;
using HumanzCni.Stages.Addresses;
using HumanzCni.Stages.Kernel;
using HumanzCni.Stages.Veth;

namespace HumanzCni.Stages.Bandwidth;

/// <summary>
/// Bandwidth shaping as a stage of humanz-cni's own pipeline, so one plugin (one exec) serves a pod's bandwidth
/// annotations: when the config declares the "bandwidth" capability and runtimeConfig.bandwidth sets limits, it
/// shapes the veth the veth stage made (<see cref="IngressShapingStage"/>, <see cref="EgressShapingStage"/>).
/// Without the capability it does nothing. DEL removes the ifb (and the ingress redirect, while the veth is there)
/// whatever runtimeConfig says, without needing the netns.
/// </summary>
internal sealed class PodBandwidthStage : IStage
{
    public const string Capability = "bandwidth";

    private readonly IngressShapingStage _ingress = new();
    private readonly EgressShapingStage _egress = new();
    private bool _declared;

    public string Name => "bandwidth";

    public IReadOnlyList<Type> Requires => [typeof(StaleAttachments), typeof(HostVeth)];

    /// <summary>Only the runtime's limits count: humanz-cni's own config has no bandwidth fields.</summary>
    public void Prepare(StageContext context)
    {
        _declared = context.Config.Declares(Capability);
        if (_declared)
        {
            context.Set(BandwidthConfigValidator.Validate(config: null, context.Config.RuntimeConfig));
        }
    }

    public void Add(StageContext context)
    {
        if (HasLimits(context))
        {
            context.Set(new PodHostVeth(context.Get<HostVeth>().Link));
            _ingress.Add(context);
            _egress.Add(context);
        }
    }

    /// <summary>
    /// The ifb, and the veth's ingress qdisc that feeds it; not the veth's root TBF, which the veth stage's DEL takes
    /// with the veth: looking for it would cost a trip into the pod's namespace on every DEL, shaped or not.
    /// </summary>
    public void Del(StageContext context)
    {
        if (_declared)
        {
            _egress.Del(context);
        }
    }

    public void Check(StageContext context)
    {
        if (HasLimits(context))
        {
            context.Set(new PodHostVeth(context.Get<HostVeth>().Link));
            _ingress.Check(context);
            _egress.Check(context);
        }
    }

    /// <summary>
    /// GC runs in reverse, so this runs before the veth stage deletes the stale attachments' veths, while their
    /// ingress still feeds their ifbs, which humanz-bandwidth's GC would therefore keep: those go here by name (the
    /// leases make them this network's), and the rest as humanz-bandwidth's GC finds them.
    /// </summary>
    public void Gc(StageContext context)
    {
        if (!_declared)
        {
            return;
        }

        var netlink = context.HostNetlink();
        foreach (var lease in context.Get<StaleAttachments>().Leases.Where(l => l.IfName is not null))
        {
            EgressShapingStage.DeleteLinkIfPresent(netlink, IfbName.For(lease.ContainerId, lease.IfName!));
        }

        _egress.Gc(context);
    }

    private bool HasLimits(StageContext context) => _declared && !context.Get<BandwidthLimits>().IsEmpty;
}
