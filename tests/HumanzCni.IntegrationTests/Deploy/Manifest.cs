extern alias KubernetesFull;

using KubernetesFull::k8s;
using KubernetesFull::k8s.Models;

namespace HumanzCni.IntegrationTests.Deploy;

/// <summary>deploy/kubernetes/humanz-cni.yaml, loaded with the Kubernetes client's own YAML loader into its typed objects.</summary>
internal sealed class Manifest
{
    public static readonly string Path = System.IO.Path.Combine(PluginBinary.RepositoryRoot(), "deploy", "kubernetes", "humanz-cni.yaml");

    private Manifest(IReadOnlyList<object> objects) => Objects = objects;

    public IReadOnlyList<object> Objects { get; }

    public V1DaemonSet DaemonSet => Single<V1DaemonSet>();

    public V1PodSpec Pod => DaemonSet.Spec.Template.Spec;

    public V1Container Agent => Pod.Containers.Single(c => c.Name == "agent");

    public V1Container Installer => Pod.InitContainers.Single();

    public static Manifest Load() => new(KubernetesYaml.LoadAllFromString(File.ReadAllText(Path)));

    public T Single<T>() => Assert.Single(Objects.OfType<T>());

    /// <summary>Where <paramref name="container"/> mounts the hostPath <paramref name="hostPath"/>, or null when it does not.</summary>
    public string? MountPathOf(V1Container container, string hostPath)
    {
        var volume = Pod.Volumes.SingleOrDefault(v => v.HostPath?.Path == hostPath);
        return volume is null ? null : container.VolumeMounts?.SingleOrDefault(m => m.Name == volume.Name)?.MountPath;
    }
}
