namespace HumanzCni.Samples.Sysctls;

/// <summary>The sysctls to set in the pod's network namespace, in the config's order: the stages' shared feature.</summary>
/// <param name="Values">Key in sysctl's dotted form (all under net.) and the value to write.</param>
public sealed record PodSysctls(IReadOnlyList<KeyValuePair<string, string>> Values);
