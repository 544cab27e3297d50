using HumanzCni.Stages.Kernel;

namespace HumanzCni.Stages.Ipam;

/// <summary>
/// The names by which an attachment finds its leases without reading every lease: "humanz.lease.HASH.SLOT", hard links
/// to the attachment's lease files (HASH: 12 hex digits of a hash of container id and ifname, as in its veth's name;
/// SLOT: 0, 1, ... one per lease, normally the range set's index). A link is a second name of the same file, so it
/// holds host-local's contents too: host-local (which parses no such name as an address) never takes it for a lease,
/// and its DEL, which deletes every file holding the attachment's contents, deletes the links along with the leases.
/// </summary>
internal static class LeaseIndexName
{
    /// <summary>How many slots an attachment may use: far more range sets than any config has.</summary>
    public const int Slots = 16;

    private const string Prefix = "humanz.lease.";

    /// <summary>"humanz.lease.HASH.": the attachment's index names start with this.</summary>
    public static string PrefixOf(string containerId, string ifName) => AttachmentLinkName.For(Prefix, containerId, ifName) + ".";

    /// <summary>Whether the name is one of any attachment's index names.</summary>
    public static bool IsIndexName(string name) => name.StartsWith(Prefix, StringComparison.Ordinal);

    public static string Of(string attachmentPrefix, int slot) => attachmentPrefix + slot.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
