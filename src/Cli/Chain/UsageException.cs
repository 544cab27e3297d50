namespace HumanzCni.Cli.Chain;

/// <summary>A command line the chain command cannot make sense of: exit 2 with the usage.</summary>
internal sealed class UsageException(string message) : Exception(message);
