using HumanzCni.Chain.Logging;
using Microsoft.Extensions.Logging;

namespace HumanzCni.Agent.Hosting;

/// <summary>The agent's loggers: one line per entry on stderr, and in --log-file when given.</summary>
internal static class AgentLogging
{
    public static ILoggerFactory Create(string? logFile, string? logLevel, string nodeName)
    {
        var providers = new List<ILoggerProvider>();
        foreach (var path in new[] { "/dev/stderr", logFile })
        {
            if (path is not null && AppendOnlyFile.TryOpen(path) is { } file)
            {
                providers.Add(new FileLoggerProvider(file, $"agent[{nodeName}]"));
            }
        }

        var minimum = Enum.TryParse<LogLevel>(logLevel, ignoreCase: true, out var parsed) ? parsed : LogLevel.Information;

        // The factory's plain constructor, as the plugin does: no DI container to build.
        return new LoggerFactory(providers, new LoggerFilterOptions { MinLevel = minimum });
    }
}
