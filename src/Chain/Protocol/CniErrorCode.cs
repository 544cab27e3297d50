namespace HumanzCni.Chain.Protocol;

/// <summary>
/// Error codes from the CNI spec (SPEC.md, "Error"). Codes 0-99 are the spec's; from 100 on each plugin
/// defines its own, except <see cref="Internal"/>, which the framework answers with for a failure nothing classified.
/// </summary>
public static class CniErrorCode
{
    /// <summary>1: the config's cniVersion is not supported.</summary>
    public const int IncompatibleVersion = 1;
    /// <summary>2: a config field is not supported; the message names it.</summary>
    public const int UnsupportedField = 2;
    /// <summary>3: the container is unknown or does not exist.</summary>
    public const int UnknownContainer = 3;
    /// <summary>4: a CNI_* variable is missing or invalid; the message names it.</summary>
    public const int InvalidEnvironment = 4;
    /// <summary>5: an I/O failure, e.g. reading the config.</summary>
    public const int IoFailure = 5;
    /// <summary>6: the config on stdin is not valid JSON.</summary>
    public const int DecodeFailure = 6;
    /// <summary>7: the config is valid JSON but its content is wrong; the message says what to fix.</summary>
    public const int InvalidConfig = 7;
    /// <summary>11: a transient state; the runtime should retry.</summary>
    public const int TryAgainLater = 11;
    /// <summary>50: STATUS: the plugin cannot serve ADDs now.</summary>
    public const int NotReady = 50;
    /// <summary>51: STATUS: ADDs work, but with limited connectivity.</summary>
    public const int LimitedConnectivity = 51;

    /// <summary>An unexpected internal failure; the message says what was being done.</summary>
    public const int Internal = 199;
}
