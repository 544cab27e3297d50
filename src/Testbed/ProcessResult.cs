using System.Text.Json;

namespace HumanzCni.Testbed;

/// <summary>What a process run returned.</summary>
public sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>stdout parsed as JSON (the plugin's result or error).</summary>
    public JsonElement Json()
    {
        using var document = JsonDocument.Parse(StandardOutput);
        return document.RootElement.Clone();
    }

    /// <summary>Throws with everything the process said when it did not exit 0.</summary>
    public ProcessResult EnsureSuccess(string what)
    {
        if (ExitCode != 0)
        {
            throw new InvalidOperationException($"{what} exited {ExitCode}\nstdout: {StandardOutput}\nstderr: {StandardError}");
        }

        return this;
    }
}
