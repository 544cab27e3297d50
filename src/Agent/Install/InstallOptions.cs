using HumanzCni.Agent.Conflist;

namespace HumanzCni.Agent.Install;

/// <summary>`humanz-cni install` options, read and checked by <see cref="InstallCommandLine"/>.</summary>
/// <param name="BinDir">The CNI bin dir the binaries and links go to.</param>
/// <param name="Subnet">This node's pod subnet, a CIDR without host bits; null with --binaries-only (no conflist: the agent writes it).</param>
/// <param name="Conflist">How to render the conflist.</param>
internal sealed record InstallOptions(string BinDir, string? Subnet, ConflistSettings Conflist);
