using System.Globalization;
using System.Net;
using System.Security.Cryptography;

namespace HumanzCni.IntegrationTests.Crash;

/// <summary>How the runtime cleans up after a killed ADD in one sweep.</summary>
public enum Cleanup
{
    /// <summary>DEL with the pod's namespace, then DEL again without it (containerd's second DEL).</summary>
    DelTwice,

    /// <summary>GC naming no valid attachment.</summary>
    Gc,
}

/// <summary>
/// Kills an ADD (or the DEL of a complete attachment) at each of its counted calls (netlink sends, lease
/// writes), each time on a fresh node and pod, cleans up as a runtime does, and collects everything that went wrong: a failed cleanup, anything of the
/// container left behind, a re-ADD of the same container that fails or gets an address outside the range.
/// </summary>
public sealed class KillSweep(KillTracer tracer, Func<TestNode, TestNamespace, string, PodAttachment> attach)
{
    private readonly List<string> _failures = [];
    private readonly HashSet<string> _killedIn = new(StringComparer.Ordinal);

    /// <summary>What went wrong, one entry per kill point and step.</summary>
    public IReadOnlyList<string> Failures => _failures;

    /// <summary>The executables the sweep's kills landed in (the runner, an exec'd plugin).</summary>
    public IReadOnlySet<string> KilledIn => _killedIn;

    /// <summary>
    /// Kill points among the calls of <paramref name="counted"/>: from <paramref name="first"/> in steps of <paramref name="every"/>,
    /// and always the first call after each switch of executable (into an exec'd plugin and back) and the last call
    /// (the chain runner's cache write), in order.
    /// </summary>
    public static IReadOnlyList<int> Points(TracedRun counted, int first, int every)
    {
        var calls = counted.Counted;
        var switches = Enumerable.Range(2, Math.Max(0, counted.Programs.Count - 1)).Where(k => counted.Programs[k - 1] != counted.Programs[k - 2]);
        return [.. Enumerable.Range(0, ((calls - first) / every) + 1).Select(i => first + (i * every)).Concat(switches).Append(calls).Distinct().Order()];
    }

    /// <summary>The calls a complete ADD on a fresh node makes (the kill points are 1..their count).</summary>
    public TracedRun CountCalls() =>
        OnFreshNode("count", attachment =>
        {
            var run = KillTracer.Parse(attachment.Add(Wrapper(attachment, 0)));
            run.Result.EnsureSuccess("traced ADD");
            attachment.Del(attachment.Pod.Path).EnsureSuccess("DEL after the counting ADD");
            return run;
        });

    /// <summary>ADD killed at call <paramref name="killAt"/>, then <paramref name="cleanup"/>, then checks.</summary>
    public void KillAt(int killAt, Cleanup cleanup) =>
        OnFreshNode($"k{killAt}", attachment =>
        {
            var where = $"killed at call {killAt}, then {cleanup}";
            var run = KillTracer.Parse(attachment.Add(Wrapper(attachment, killAt)));
            _killedIn.Add(run.KilledIn ?? "");
            if (!run.Killed)
            {
                _failures.Add($"{where}: the ADD made only {run.Counted} calls and was never killed");
            }

            if (cleanup == Cleanup.DelTwice)
            {
                ExpectDelTwice(where, attachment);
            }
            else
            {
                Expect(where, "GC", attachment.Gc());
            }

            ExpectNothingLeft(where, attachment, networkRulesToo: cleanup == Cleanup.DelTwice);
            ExpectReAddWorks(where, attachment);
            return true;
        });

    /// <summary>The calls the DEL of a complete attachment makes.</summary>
    public TracedRun CountDelCalls() =>
        OnFreshNode("count-del", attachment =>
        {
            attachment.Add().EnsureSuccess("ADD");
            var run = KillTracer.Parse(attachment.Del(attachment.Pod.Path, Wrapper(attachment, 0)));
            run.Result.EnsureSuccess("traced DEL");
            return run;
        });

    /// <summary>A complete ADD whose DEL is killed at call <paramref name="killAt"/>; the runtime's DELs after it must finish the job.</summary>
    public void KillDelAt(int killAt) =>
        OnFreshNode($"d{killAt}", attachment =>
        {
            var where = $"DEL killed at call {killAt}";
            if (!Expect(where, "ADD", attachment.Add()))
            {
                return false;
            }

            if (!KillTracer.Parse(attachment.Del(attachment.Pod.Path, Wrapper(attachment, killAt))).Killed)
            {
                _failures.Add($"{where}: the DEL was never killed");
            }

            ExpectDelTwice(where, attachment);
            ExpectNothingLeft(where, attachment, networkRulesToo: true);
            ExpectReAddWorks(where, attachment);
            return true;
        });

    private void ExpectDelTwice(string where, PodAttachment attachment)
    {
        Expect(where, "DEL", attachment.Del(attachment.Pod.Path));
        Expect(where, "second DEL without netns", attachment.Del(""));
    }

    private void ExpectReAddWorks(string where, PodAttachment attachment)
    {
        var add = attachment.Add();
        if (!Expect(where, "re-ADD", add))
        {
            return;
        }

        var address = IPAddress.Parse(CniResults.PodAddress(add.Json()));
        var bytes = address.GetAddressBytes();
        if (bytes is not [100, 100, 1, > 1 and < 255])
        {
            _failures.Add($"{where}: re-ADD got {address}, outside 100.100.1.2-254");
        }

        if (Expect(where, "DEL after the re-ADD", attachment.Del(attachment.Pod.Path)))
        {
            ExpectNothingLeft($"{where}, re-ADD, DEL", attachment, networkRulesToo: true);
        }
    }

    private void ExpectNothingLeft(string where, PodAttachment attachment, bool networkRulesToo)
    {
        foreach (var leftover in Leftovers.Of(attachment, networkRulesToo))
        {
            _failures.Add($"{where}: left behind: {leftover}");
        }
    }

    private bool Expect(string where, string step, ProcessResult result)
    {
        if (result.ExitCode == 0)
        {
            return true;
        }

        _failures.Add($"{where}: {step} exited {result.ExitCode}: {result.StandardOutput.Trim()} {result.StandardError.Trim()}");
        return false;
    }

    private string[] Wrapper(PodAttachment attachment, int killAt) =>
        [tracer.Path, killAt.ToString(CultureInfo.InvariantCulture), attachment.CountedDirectories];

    private T OnFreshNode<T>(string label, Func<PodAttachment, T> work)
    {
        using var node = new TestNode("hzk");
        var pod = node.CreatePod();
        return work(attach(node, pod, $"kill-{label}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3))}"));
    }
}
