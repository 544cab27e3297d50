namespace HumanzCni.Stages.Nat;

/// <summary>
/// One attachment's tag (<see cref="NftTag.Attachment"/>) and which comments are its own: that tag, or one an
/// earlier version wrote (<see cref="Sha256Tag"/>). A comment must have an earlier tag's shape before SHA-256 is
/// computed, so a node that holds no earlier tag of this attachment never computes it.
/// </summary>
internal sealed class AttachmentTag
{
    private readonly (string Start, int UnmarkedLength) _earlierShape;
    private readonly Lazy<IReadOnlyList<string>> _earlier;

    public AttachmentTag(string networkName, string containerId, string ifName)
    {
        Value = NftTag.Attachment(networkName, containerId, ifName);
        _earlierShape = Sha256Tag.AttachmentShape(containerId, ifName);
        _earlier = new(() => Sha256Tag.Attachment(networkName, containerId, ifName));
    }

    /// <summary>The comment this version writes.</summary>
    public string Value { get; }

    public bool IsOwn(string comment) =>
        comment == Value || (Sha256Tag.HasShape(comment, _earlierShape) && _earlier.Value.Contains(comment));

    public override string ToString() => Value;
}
