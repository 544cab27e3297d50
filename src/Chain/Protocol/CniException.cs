namespace HumanzCni.Chain.Protocol;

/// <summary>A failure that becomes the CNI error JSON: {cniVersion, code, msg, details}.</summary>
public sealed class CniException : Exception
{
    /// <summary>A failure with CNI error <paramref name="code"/> and a <paramref name="message"/> that says what to fix.</summary>
    public CniException(int code, string message, string? details = null, Exception? inner = null)
        : base(message, inner)
    {
        Code = code;
        Details = details;
    }

    /// <summary>The CNI error code (see <see cref="CniErrorCode"/>).</summary>
    public int Code { get; }

    /// <summary>Further detail for the error JSON's "details"; null when none.</summary>
    public string? Details { get; }
}
