using HumanzCni.Chain.Pipeline;
using HumanzCni.Chain.Results;

namespace HumanzCni.Stages.Loopback;

/// <summary>
/// The reference loopback's result: prevResult unchanged when chained after another plugin; otherwise lo
/// with the all-zero MAC in the pod's sandbox and its first IPv4 and IPv6 address, without gateways,
/// routes or ips[].version (see <see cref="CniResult.OmitsIpVersion"/>).
/// </summary>
internal sealed class LoopbackResultStage : IStage
{
    private const string ZeroMac = "00:00:00:00:00:00";

    public string Name => "result";

    public IReadOnlyList<Type> Requires => [typeof(LoopbackAddresses)];

    public void Add(StageContext context)
    {
        if (context.PrevResult is { } prevResult)
        {
            context.Result = prevResult;
            return;
        }

        var addresses = context.Get<LoopbackAddresses>();
        context.Result = new CniResult
        {
            Interfaces = [new CniInterface { Name = LoopbackPlugin.InterfaceName, Mac = ZeroMac, Sandbox = context.Request.Netns }],
            Ips = new[] { addresses.V4, addresses.V6 }
                .OfType<Netlink.AddressInfo>()
                .Select(a => new CniIpConfig { Interface = 0, Address = $"{a.Address}/{a.PrefixLength}" })
                .ToList(),
            OmitsIpVersion = true,
        };
    }
}
