namespace HumanzCni.Stages.Bandwidth;

/// <summary>
/// What humanz-bandwidth enforces for one attachment. Ingress is traffic into the pod (shaped on the host
/// veth's egress), egress is traffic from the pod (shaped on an ifb its host veth's ingress is redirected to).
/// </summary>
/// <param name="Ingress">Null when ingress is not limited.</param>
/// <param name="Egress">Null when egress is not limited.</param>
/// <param name="Source">Where the limits came from, for messages: "config" or "runtimeConfig.bandwidth".</param>
internal sealed record BandwidthLimits(ShapingRate? Ingress, ShapingRate? Egress, string Source)
{
    public bool IsEmpty => Ingress is null && Egress is null;
}
