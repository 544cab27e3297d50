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
    /// Loggers logging at <paramref name="logLevel"/> to <paramref name="logFile"/>, rotated as <paramref name="rotation"/>
    /// says, lines prefixed with <paramref name="prefix"/>; nothing is logged when there is no file or it cannot be opened.
    /// </summary>
    /// <remarks>
    /// The provider itself, without a <see cref="LoggerFactory"/>: a call has one provider and one level, and the factory's
    /// first logger looks for the provider's alias attribute by reflection, and every entry then goes through two generic
    /// virtual calls instead of one, whose first resolution is slow under NativeAOT (0.05-0.1 ms of a call together).
    /// LoggerFactory.Create would even build a DI container first.
    /// </remarks>
    public static ILoggerProvider CreateProvider(string? logFile, string? logLevel, LogRotation rotation, string prefix)
    {
        var file = string.IsNullOrEmpty(logFile) ? null : AppendOnlyFile.TryOpen(logFile, rotation);
        if (file is null)
        {
            return NullLoggerProvider.Instance;
        }

        var minimum = Enum.TryParse<LogLevel>(logLevel, ignoreCase: true, out var parsed) ? parsed : LogLevel.Information;
        return new FileLoggerProvider(file, prefix, minimum);
    }
}
