using System.Net;

namespace HumanzCni.CriBench;

/// <summary>
/// One CNI setup a private containerd's CRI serves: its bin and conf dirs, the host port its sandboxes map, and
/// the subnet their address must be in (null for the floor, whose no-op plugin reports a documentation address).
/// </summary>
internal sealed record CniSetup(string Name, string BinDir, string ConfDir, int HostPort, IPNetwork? Subnet);
