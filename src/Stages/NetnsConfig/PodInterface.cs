using System.Net.NetworkInformation;

namespace HumanzCni.Stages.NetnsConfig;

/// <summary>The pod-side interface as netns-config configured it.</summary>
internal sealed record PodInterface(int Index, string Name, PhysicalAddress Mac, int Mtu, IReadOnlyList<Config.PodRoute> Routes);
