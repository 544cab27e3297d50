using System.Diagnostics;
using System.Text;
using HumanzCni.Native;

namespace HumanzCni.Testbed;

/// <summary>
/// A long-running program the testbed starts (an agent, etcd), its output collected as it comes. Stop sends
/// SIGTERM and waits; Dispose kills it if it is still running, so nothing outlives the test or demo.
/// </summary>
public sealed class BackgroundProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private BackgroundProcess(Process process, string description)
    {
        _process = process;
        Description = description;
    }

    public string Description { get; }

    public int Id => _process.Id;

    /// <summary>
    /// Whether it has ended; once it has, <see cref="Output"/> holds all it wrote: the exit can be seen before the
    /// output readers reach the end of the pipes, so they are waited for (WaitForExit() does).
    /// </summary>
    public bool HasExited
    {
        get
        {
            if (!_process.HasExited)
            {
                return false;
            }

            _process.WaitForExit();
            return true;
        }
    }

    public int ExitCode => _process.ExitCode;

    /// <summary>stdout and stderr so far, interleaved as they arrived.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static BackgroundProcess Start(string fileName, IEnumerable<string> args)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            startInfo.ArgumentList.Add(arg);
        }

        var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"cannot start {fileName}");
        var background = new BackgroundProcess(process, $"{fileName} {string.Join(' ', startInfo.ArgumentList)}");
        process.OutputDataReceived += (_, e) => background.Append(e.Data);
        process.ErrorDataReceived += (_, e) => background.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return background;
    }

    /// <summary>Sends a signal (kill(2)), e.g. <see cref="Interop.SIGKILL"/> to end it without any clean-up of its own.</summary>
    public void Signal(int signal)
    {
        if (!_process.HasExited)
        {
            _ = Interop.Kill(_process.Id, signal);
        }
    }

    /// <summary>SIGTERM, then waits for the exit; returns the exit code. Kills it if it does not stop in time.</summary>
    public int Stop(TimeSpan? timeout = null)
    {
        Signal(Interop.SIGTERM);
        if (!_process.WaitForExit(timeout ?? TimeSpan.FromSeconds(15)))
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
            throw new TimeoutException($"{Description} did not stop on SIGTERM; killed. Output:\n{Output}");
        }

        _process.WaitForExit();
        return _process.ExitCode;
    }

    /// <summary>Waits for the process to end on its own; false if it is still running after the timeout.</summary>
    public bool WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
        {
            return false;
        }

        _process.WaitForExit();
        return true;
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(TimeSpan.FromSeconds(10));
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
