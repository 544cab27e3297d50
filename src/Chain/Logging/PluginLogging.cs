using HumanzCni.Chain.Protocol;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace HumanzCni.Chain.Logging;

/// <summary>Builds the logger for one plugin call from the config's logFile and logLevel.</summary>
internal static class PluginLogging
{
    /// <summary>
    /// The rotation the config's logMaxBytes and logMaxFiles ask for (each defaulted when absent); a value out of
    /// range is an invalid config (code 7) naming the field.
    /// </summary>
    public static LogRotation Rotation(long? logMaxBytes, int? logMaxFiles)
    {
        if (logMaxBytes < 0)
        {
            throw new CniException(CniErrorCode.InvalidConfig, $"logMaxBytes must be 0 (never rotate) or a positive number of bytes, got {logMaxBytes}");
        }

        if (logMaxFiles is < 1 or > LogRotation.MostKeptFiles)
        {
            throw new CniException(CniErrorCode.InvalidConfig, $"logMaxFiles must be between 1 and {LogRotation.MostKeptFiles} (rotated files kept), got {logMaxFiles}");
        }

        return new LogRotation(logMaxBytes ?? LogRotation.DefaultMaxBytes, logMaxFiles ?? LogRotation.DefaultKeptFiles);
    }

    /// <summary>
    /// A factory logging at <paramref name="logLevel"/> to <paramref name="logFile"/>, rotated as <paramref name="rotation"/>
    /// says, lines prefixed with <paramref name="prefix"/>; nothing is logged when there is no file or it cannot be opened.
    /// </summary>
    public static ILoggerFactory CreateFactory(string? logFile, string? logLevel, LogRotation rotation, string prefix)
    {
        var file = string.IsNullOrEmpty(logFile) ? null : AppendOnlyFile.TryOpen(logFile, rotation);
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
