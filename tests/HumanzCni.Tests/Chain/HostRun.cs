using System.Text;
using System.Text.Json;
using HumanzCni.Chain.Hosting;
using HumanzCni.Chain.Pipeline;

namespace HumanzCni.Tests.Chain;

/// <summary>What one in-process PluginHost.Run printed and returned.</summary>
public sealed record HostOutput(int ExitCode, string Stdout)
{
    /// <summary>stdout as its single JSON document; fails the test unless stdout holds exactly one.</summary>
    public JsonElement Json()
    {
        Assert.Equal(1, CountDocuments(Stdout));
        using var document = JsonDocument.Parse(Stdout);
        return document.RootElement.Clone();
    }

    /// <summary>The error JSON's code, checking the exit code and the error's shape on the way.</summary>
    public int ErrorCode => ErrorJson().GetProperty("code").GetInt32();

    public string ErrorMessage => ErrorJson().GetProperty("msg").GetString()!;

    public JsonElement ErrorJson()
    {
        Assert.Equal(1, ExitCode);
        var json = Json();
        Assert.True(json.TryGetProperty("cniVersion", out _), $"error JSON without cniVersion: {Stdout}");
        return json;
    }

    /// <summary>How many top-level JSON values stdout holds: a runtime decodes exactly one.</summary>
    public static int CountDocuments(string text)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(text), new JsonReaderOptions { AllowMultipleValues = true });
        var count = 0;
        while (reader.Read())
        {
            if (reader.CurrentDepth == 0)
            {
                count++;
                reader.Skip();
            }
        }

        return count;
    }
}

/// <summary>Runs a <see cref="PluginHost"/> in-process as a runtime would call the binary: environment, stdin bytes, stdout captured.</summary>
public static class HostRun
{
    public static HostOutput Run(PluginTypeRegistry registry, Func<string, string?> environment, string stdin, Func<Exception, int?>? classify = null, string? invokedAs = null, string? defaultLogFile = null) =>
        Run(registry, environment, Encoding.UTF8.GetBytes(stdin), classify, invokedAs, defaultLogFile);

    public static HostOutput Run(PluginTypeRegistry registry, Func<string, string?> environment, byte[] stdin, Func<Exception, int?>? classify = null, string? invokedAs = null, string? defaultLogFile = null)
    {
        var host = new PluginHost(registry, classify ?? (_ => null), invokedAs, defaultLogFile);
        using var input = new MemoryStream(stdin);
        using var output = new MemoryStream();
        var exitCode = host.Run(environment, input, output);
        return new HostOutput(exitCode, Encoding.UTF8.GetString(output.ToArray()));
    }
}
