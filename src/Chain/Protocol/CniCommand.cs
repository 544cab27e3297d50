namespace HumanzCni.Chain.Protocol;

/// <summary>The verbs a runtime passes in CNI_COMMAND.</summary>
public enum CniCommand
{
    /// <summary>ADD: attach the container to the network.</summary>
    Add,
    /// <summary>DEL: remove the attachment; succeeds when it is already gone.</summary>
    Del,
    /// <summary>CHECK: verify the attachment (from 0.4.0).</summary>
    Check,
    /// <summary>VERSION: report the supported spec versions.</summary>
    Version,
    /// <summary>GC: remove state of attachments not listed as valid (from 1.1.0).</summary>
    Gc,
    /// <summary>STATUS: can the plugin serve ADDs (from 1.1.0).</summary>
    Status,
}

/// <summary>The spec's spelling of <see cref="CniCommand"/> (CNI_COMMAND).</summary>
internal static class CniCommandNames
{
    /// <summary>Parses CNI_COMMAND exactly as the spec spells the verbs (upper case).</summary>
    public static bool TryParse(string? value, out CniCommand command)
    {
        switch (value)
        {
            case "ADD": command = CniCommand.Add; return true;
            case "DEL": command = CniCommand.Del; return true;
            case "CHECK": command = CniCommand.Check; return true;
            case "VERSION": command = CniCommand.Version; return true;
            case "GC": command = CniCommand.Gc; return true;
            case "STATUS": command = CniCommand.Status; return true;
            default: command = default; return false;
        }
    }

    /// <summary>The verb as CNI_COMMAND spells it, e.g. "ADD".</summary>
    public static string ToVerb(this CniCommand command) => command switch
    {
        CniCommand.Add => "ADD",
        CniCommand.Del => "DEL",
        CniCommand.Check => "CHECK",
        CniCommand.Version => "VERSION",
        CniCommand.Gc => "GC",
        CniCommand.Status => "STATUS",
        _ => throw new ArgumentOutOfRangeException(nameof(command)),
    };
}
