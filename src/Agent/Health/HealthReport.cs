namespace HumanzCni.Agent.Health;

/// <summary>The answer of `/healthz`: healthy (200) or not (503), and a line saying why.</summary>
internal sealed record HealthReport(bool Healthy, string Text);
