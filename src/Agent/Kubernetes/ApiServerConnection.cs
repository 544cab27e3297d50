using k8s;
using k8s.Exceptions;
using YamlDotNet.Core;

namespace HumanzCni.Agent.Kubernetes;

/// <summary>
/// How the agent reaches the Kubernetes API server: a kubeconfig file, or (<see cref="KubeconfigPath"/> null)
/// in-cluster, with the pod's service account token and KUBERNETES_SERVICE_HOST/_PORT.
/// </summary>
internal sealed record ApiServerConnection(string? KubeconfigPath)
{
    /// <summary>Whether the variables every pod gets from the kubelet are set: the agent then runs in a cluster.</summary>
    public static bool InClusterVariablesSet(Func<string, string?> getVariable) =>
        !string.IsNullOrEmpty(getVariable("KUBERNETES_SERVICE_HOST")) && !string.IsNullOrEmpty(getVariable("KUBERNETES_SERVICE_PORT"));

    public string Describe() => KubeconfigPath is null ? "in-cluster service account" : $"kubeconfig {KubeconfigPath}";

    /// <summary>The client configuration; a kubeconfig or service account the client cannot use is a <see cref="FormatException"/> naming it.</summary>
    public KubernetesClientConfiguration Load()
    {
        try
        {
            var config = KubeconfigPath is null
                ? KubernetesClientConfiguration.InClusterConfig()
                : KubernetesClientConfiguration.BuildConfigFromConfigFile(KubeconfigPath);

            // A list answers quickly or the API server is unreachable; watches are not bound by this (the client lifts it for them).
            config.HttpClientTimeout = TimeSpan.FromSeconds(10);
            return config;
        }
        catch (Exception e) when (e is KubeConfigException or YamlException or IOException or UnauthorizedAccessException or UriFormatException)
        {
            throw new FormatException($"cannot use the {Describe()}: {Flatten(e)}", e);
        }
    }

    /// <summary>The YAML parser's message alone does not say where: add the line and column.</summary>
    private static string Flatten(Exception e) =>
        e is YamlException yaml ? $"{yaml.Message} (line {yaml.Start.Line}, column {yaml.Start.Column})" : e.Message;
}
