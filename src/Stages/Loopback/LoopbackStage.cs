using System.Net.Sockets;
using HumanzCni.Chain.Pipeline;
using HumanzCni.Chain.Protocol;
using HumanzCni.Chain.Results;
using HumanzCni.Netlink;

namespace HumanzCni.Stages.Loopback;

/// <summary>
/// lo in the pod's namespace, with the reference loopback's semantics: ADD sets it up and reads its addresses
/// (every one must be a loopback address); DEL sets it down, and succeeds without CNI_NETNS or once the
/// namespace is gone; CHECK fails when lo is down or lacks the addresses ADD reported. Nothing to undo: ADD
/// changes nothing a failed ADD would have to take back (lo exists in every namespace).
/// </summary>
internal sealed class LoopbackStage : IStage
{
    private const string Lo = LoopbackPlugin.InterfaceName;

    public string Name => "loopback";

    public IReadOnlyList<Type> Provides => [typeof(LoopbackAddresses)];

    public void Add(StageContext context) =>
        context.Set(context.PodNamespace().Run(() => BringUp(context.Request.Netns)));

    public void Del(StageContext context)
    {
        var netns = context.Request.Netns;
        // The runtime's second DEL comes without CNI_NETNS, or after the namespace was removed: nothing is left to do.
        if (netns.Length == 0 || !File.Exists(netns))
        {
            return;
        }

        context.PodNamespace().Run(() =>
        {
            using var netlink = RtNetlink.Open();
            netlink.SetDown(FindLo(netlink, netns).Index);
        });
    }

    public void Check(StageContext context)
    {
        var expected = ReportedAddresses(context.PrevResult);
        context.PodNamespace().Run(() => Verify(context.Request.Netns, expected));
    }

    private static LoopbackAddresses BringUp(string netns)
    {
        using var netlink = RtNetlink.Open();
        var lo = FindLo(netlink, netns);
        netlink.SetUp(lo.Index);
        var addresses = netlink.ListAddresses(lo.Index);
        if (addresses.FirstOrDefault(a => !System.Net.IPAddress.IsLoopback(a.Address)) is { } stranger)
        {
            throw new CniException(
                CniErrorCode.InvalidEnvironment,
                $"lo in {netns} holds the non-loopback address {stranger.Address}/{stranger.PrefixLength}: remove it, or pass the container's own namespace as CNI_NETNS");
        }

        return new LoopbackAddresses(
            addresses.FirstOrDefault(a => a.Address.AddressFamily == AddressFamily.InterNetwork),
            addresses.FirstOrDefault(a => a.Address.AddressFamily == AddressFamily.InterNetworkV6));
    }

    /// <summary>
    /// The addresses lo must hold: those ADD reported for lo in prevResult (the runtime's cached result), or
    /// 127.0.0.1/8 when the runtime passed none, which the kernel gives every namespace's lo.
    /// </summary>
    private static List<string> ReportedAddresses(CniResult? prevResult)
    {
        var loIndex = prevResult?.Interfaces?.FindIndex(i => i.Name == Lo) ?? -1;
        var reported = prevResult?.Ips?.Where(ip => loIndex >= 0 && ip.Interface == loIndex).Select(ip => ip.Address).ToList() ?? [];
        return reported.Count > 0 ? reported : ["127.0.0.1/8"];
    }

    private static void Verify(string netns, List<string> expected)
    {
        using var netlink = RtNetlink.Open();
        var lo = FindLo(netlink, netns);
        if (!lo.IsUp)
        {
            throw new CniException(HumanzErrorCode.CheckFailed, $"loopback interface is down in {netns}");
        }

        var present = netlink.ListAddresses(lo.Index).Select(a => $"{a.Address}/{a.PrefixLength}").ToHashSet();
        if (expected.FirstOrDefault(address => !present.Contains(address)) is { } missing)
        {
            throw new CniException(
                HumanzErrorCode.CheckFailed,
                $"lo in {netns} lacks {missing} (it has: {(present.Count == 0 ? "none" : string.Join(", ", present))})");
        }
    }

    private static LinkInfo FindLo(RtNetlink netlink, string netns) =>
        netlink.GetLink(Lo) ?? throw new CniException(CniErrorCode.InvalidEnvironment, $"{netns} has no lo interface");
}
