using Microsoft.Extensions.Logging;

namespace HumanzCni.Chain.Pipeline;

/// <summary>What the pipeline logs around failing stages and their undo (event ids 1010-1019).</summary>
internal static partial class PipelineLog
{
    [LoggerMessage(EventId = 1010, Level = LogLevel.Information, Message = "ADD failed: undoing {Count} change(s)")]
    public static partial void LogUndoingAdd(this ILogger logger, int count);

    [LoggerMessage(EventId = 1011, Level = LogLevel.Warning, Message = "{Stage} failed during {Verb}: {Error}")]
    public static partial void LogStageFailedBestEffort(this ILogger logger, string stage, string verb, string error);

    [LoggerMessage(EventId = 1012, Level = LogLevel.Warning, Message = "undo of {Description} failed: {Error}")]
    public static partial void LogUndoFailed(this ILogger logger, string description, string error);
}
