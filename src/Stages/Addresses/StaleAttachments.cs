using HumanzCni.Stages.Ipam;

namespace HumanzCni.Stages.Addresses;

/// <summary>
/// GC: this network's leases whose attachment the runtime no longer lists, found before any stage removes
/// anything. The leases are what make an attachment this network's: on a bridge shared with another network,
/// a stage cleaning up links goes by this list, never by what merely looks like one of ours.
/// </summary>
internal sealed record StaleAttachments(IReadOnlyList<Lease> Leases);
