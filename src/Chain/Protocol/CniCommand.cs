namespace HumanzCni.Chain.Protocol;

/// <summary>The verbs a runtime passes in CNI_COMMAND.</summary>
public enum CniCommand
{
    Add,
    Del,
    Check,
    Version,
    Gc,
    Status,
}

public static class CniCommandNames
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
