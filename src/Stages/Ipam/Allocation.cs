using System.Net;

namespace HumanzCni.Stages.Ipam;

/// <summary>The address an attachment got from one range set, with what an interface needs to use it.</summary>
/// <param name="PrefixLength">The prefix length of the range's subnet, for the interface address.</param>
/// <param name="Gateway">The range's gateway, if it has one.</param>
/// <param name="RangeSetIndex">Which of the requested range sets the address came from.</param>
/// <param name="IsNew">Reserved by this call, rather than already held by the attachment: only a new lease may be
/// taken back when the ADD that asked for it fails.</param>
internal sealed record Allocation(IPAddress Address, int PrefixLength, IPAddress? Gateway, int RangeSetIndex, bool IsNew = true);
