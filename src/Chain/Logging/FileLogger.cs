using Microsoft.Extensions.Logging;

namespace HumanzCni.Chain.Logging;

/// <summary>
/// Writes each entry from <paramref name="minimum"/> up as one line of <paramref name="file"/>, starting with the time, the
/// level and <paramref name="prefix"/> (e.g. the pid and type). Sealed and named, not only an <see cref="ILogger"/>: a
/// [LoggerMessage] method on this type calls <see cref="Log{TState}"/> directly, which through the interface is a generic
/// virtual call that NativeAOT's type loader resolves on its first use in every process (the plugin host's call line).
/// </summary>
internal sealed class FileLogger(AppendOnlyFile file, string prefix, LogLevel minimum) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None && logLevel >= minimum;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!IsEnabled(logLevel))
        {
            return;
        }

        var message = formatter(state, exception);
        if (exception is not null)
        {
            // Stack traces belong in the log, on the same line so concurrent writers cannot split them.
            message += " | " + exception.ToString().ReplaceLineEndings(" | ");
        }

        // yyyy-MM-ddTHH:mm:ss.fffZ, spelled with the standard sortable format, which DateTime writes directly: the custom
        // format parses its pattern and formats each field on its own (several thousand instructions of every line).
        var now = DateTime.UtcNow;
        file.WriteLine($"{now:s}.{now.Millisecond:D3}Z {LevelName(logLevel)} {prefix} {message}");
    }

    private static string LevelName(LogLevel level) => level switch
    {
        LogLevel.Trace => "TRACE",
        LogLevel.Debug => "DEBUG",
        LogLevel.Information => "INFO",
        LogLevel.Warning => "WARN",
        LogLevel.Error => "ERROR",
        _ => "CRIT",
    };
}
