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
}
