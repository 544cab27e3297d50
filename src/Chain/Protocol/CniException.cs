namespace HumanzCni.Chain.Protocol;

/// <summary>A failure that becomes the CNI error JSON: {cniVersion, code, msg, details}.</summary>
public sealed class CniException : Exception
{
    public CniException(int code, string message, string? details = null, Exception? inner = null)
        : base(message, inner)
    {
        Code = code;
        Details = details;
    }

    public int Code { get; }

    public string? Details { get; }
}
