namespace HumanzCni.AgentCli.Demo;

/// <summary>A required step failed: the demo skips to its clean-up.</summary>
internal sealed class DemoAbortedException(string step) : Exception($"stopped after the failed step: {step}");
