namespace HumanzCni.Chain.Pipeline;

/// <summary>A stage threw something other than a CniException; the host maps <see cref="Exception.InnerException"/> to a code.</summary>
internal sealed class StageFailedException(string stage, Exception inner)
    : Exception($"{stage}: {inner.Message}", inner)
{
    /// <summary>The name of the stage that threw.</summary>
    public string Stage { get; } = stage;
}
