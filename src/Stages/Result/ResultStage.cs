using HumanzCni.Chain.Pipeline;
using HumanzCni.Chain.Results;
using HumanzCni.Stages.Bridge;
using HumanzCni.Stages.Config;
using HumanzCni.Stages.Kernel;
using HumanzCni.Stages.NetnsConfig;
using HumanzCni.Stages.Veth;

namespace HumanzCni.Stages.Result;

/// <summary>
/// Assembles the ADD result from what the stages before it did, in the reference bridge plugin's
/// layout: interfaces [bridge, host veth, pod interface], ips pointing at the pod interface (index 2).
/// The host prints it in the config's cniVersion.
/// </summary>
internal sealed class ResultStage : IStage
{
    private const int PodInterfaceIndex = 2;

    public string Name => "result";

    public IReadOnlyList<Type> Requires => [typeof(HumanzNetConf), typeof(BridgeLink), typeof(HostVeth), typeof(PodInterface), typeof(PodAddresses)];

    public void Add(StageContext context)
    {
        var conf = context.Get<HumanzNetConf>();
        var bridge = context.Get<BridgeLink>().Link;
        var hostVeth = context.Get<HostVeth>().Link;
        var pod = context.Get<PodInterface>();
        var addresses = context.Get<PodAddresses>();

        context.Result = new CniResult
        {
            Interfaces =
            [
                new CniInterface { Name = bridge.Name, Mac = MacText.Format(bridge.Mac), Mtu = bridge.Mtu },
                new CniInterface { Name = hostVeth.Name, Mac = MacText.Format(hostVeth.Mac), Mtu = hostVeth.Mtu },
                new CniInterface { Name = pod.Name, Mac = MacText.Format(pod.Mac), Mtu = pod.Mtu, Sandbox = context.Request.Netns },
            ],
            Ips = addresses.Addresses.Select(a => new CniIpConfig
            {
                Interface = PodInterfaceIndex,
                Address = a.Cidr,
                Gateway = a.Gateway?.ToString(),
            }).ToList(),
            Routes = pod.Routes.Select(r => new CniRoute { Dst = r.Destination.ToString(), Gw = r.Gateway?.ToString() }).ToList(),
            Dns = conf.Dns,
        };
    }
}
