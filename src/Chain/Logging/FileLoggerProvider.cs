using Microsoft.Extensions.Logging;

namespace HumanzCni.Chain.Logging;

/// <summary>Microsoft.Extensions.Logging provider writing one line per entry to an <see cref="AppendOnlyFile"/>.</summary>
internal sealed class FileLoggerProvider : ILoggerProvider
{
    private readonly AppendOnlyFile _file;
    private readonly string _prefix;
    private readonly LogLevel _minimum;

    /// <summary>
    /// Writes to <paramref name="file"/>, each line starting with <paramref name="prefix"/> (e.g. the pid and type), entries
    /// from <paramref name="minimum"/> up (a plugin call uses the provider without a factory's filters).
    /// </summary>
    public FileLoggerProvider(AppendOnlyFile file, string prefix, LogLevel minimum = LogLevel.Trace)
    {
        _file = file;
        _prefix = prefix;
        _minimum = minimum;
    }

    /// <inheritdoc />
    public ILogger CreateLogger(string categoryName) => new FileLogger(_file, _prefix, _minimum);

    /// <inheritdoc />
    public void Dispose() => _file.Dispose();

    private sealed class FileLogger(AppendOnlyFile file, string prefix, LogLevel minimum) : ILogger
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

            file.WriteLine($"{DateTime.UtcNow:yyyy-MM-ddTHH:mm:ss.fffZ} {LevelName(logLevel)} {prefix} {message}");
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
}
