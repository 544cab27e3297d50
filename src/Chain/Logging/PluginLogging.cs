using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace HumanzCni.Chain.Logging;

/// <summary>Builds the logger for one plugin call from the config's logFile and logLevel.</summary>
public static class PluginLogging
{
    /// <summary>Where plugins log when the config names no logFile.</summary>
    public const string DefaultLogFile = "/var/log/humanz_cni.log";

    /// <summary>A factory logging at <paramref name="logLevel"/> to <paramref name="logFile"/> (default <see cref="DefaultLogFile"/>), lines prefixed with <paramref name="prefix"/>; nothing is logged when the file cannot be opened.</summary>
    public static ILoggerFactory CreateFactory(string? logFile, string? logLevel, string prefix)
    {
        var file = AppendOnlyFile.TryOpen(string.IsNullOrEmpty(logFile) ? DefaultLogFile : logFile);
        if (file is null)
        {
            return NullLoggerFactory.Instance;
        }

        var minimum = Enum.TryParse<LogLevel>(logLevel, ignoreCase: true, out var parsed) ? parsed : LogLevel.Information;

        // The factory's plain constructor: LoggerFactory.Create would build a DI container first,
        // which costs a plugin that lives for a few milliseconds more than all its logging.
        return new LoggerFactory([new FileLoggerProvider(file, prefix)], new LoggerFilterOptions { MinLevel = minimum });
    }
}
