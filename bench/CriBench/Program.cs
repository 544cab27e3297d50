using System.Globalization;
using HumanzCni.CriBench;
using HumanzCni.IntegrationTests.Cri;

// Usage (bench/cri.sh runs it, as root): ROUNDS SAMPLES-TSV NOOP-PLUGIN
// Pod sandboxes with one port mapping through three private containerds in one node namespace, one per CNI setup
// (humanz-cni's one-plugin conflist, the reference bridge + host-local + portmap, the no-op floor), round after
// round in rotating order; round 0 is an untimed warm-up. Samples go to SAMPLES-TSV as "SETUP/CALL<TAB>microseconds".
const string Snapshotter = "overlayfs";
var rounds = int.Parse(args[0], CultureInfo.InvariantCulture);
var samplesPath = args[1];
var noopPlugin = args[2];

using var node = new TestNode("hzcrib");
var setups = CniSetups.Create(node, noopPlugin);
var image = PauseImage.Build(node.Directory);
var containerds = new List<PrivateContainerd>();
try
{
    foreach (var setup in setups)
    {
        var containerd = PrivateContainerd.Start(node.Namespace, setup.BinDir, setup.ConfDir, Snapshotter);
        containerds.Add(containerd);
        containerd.ImportImage(image, Snapshotter);
    }

    using var samples = new StreamWriter(samplesPath);
    for (var round = 0; round <= rounds; round++)
    {
        for (var i = 0; i < setups.Count; i++)
        {
            var which = (round + i) % setups.Count;
            var timings = SandboxCycle.Run(containerds[which], setups[which]);
            if (round > 0)
            {
                foreach (var (call, elapsed) in timings)
                {
                    samples.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{setups[which].Name}/{call}\t{elapsed.Ticks / TimeSpan.TicksPerMicrosecond}"));
                }
            }
        }
    }

    var left = node.Namespace.Run(netlink => netlink.ListLinks().Where(link => link.Kind == "veth").Select(link => link.Name).ToList());
    if (left.Count > 0)
    {
        throw new InvalidOperationException($"veths left in the node namespace after every sandbox was removed: {string.Join(", ", left)}");
    }

    return 0;
}
catch (Exception e) when (e is InvalidOperationException or Grpc.Core.RpcException)
{
    Console.Error.WriteLine($"cri bench: {e.Message}");
    foreach (var containerd in containerds)
    {
        Console.Error.WriteLine($"containerd's log ({containerd.Directory}):\n{containerd.Log}");
    }

    return 1;
}
finally
{
    foreach (var containerd in containerds)
    {
        containerd.Dispose();
    }
}
