extern alias KubernetesFull;

using System.Reflection;
using HumanzCni.Agent.Hosting;
using HumanzCni.Agent.Install;
using KubernetesFull::k8s;
using KubernetesFull::k8s.Models;

namespace HumanzCni.IntegrationTests.Deploy;

/// <summary>deploy/kubernetes/humanz-cni.yaml: what it asks of the cluster, and command lines the binaries accept.</summary>
public sealed class ManifestTests
{
    private readonly Manifest _manifest = Manifest.Load();

    [Fact]
    public void Holds_a_service_account_its_role_and_binding_and_the_daemon_set()
    {
        Assert.Equal(
            ["ServiceAccount", "ClusterRole", "ClusterRoleBinding", "DaemonSet"],
            _manifest.Objects.Cast<IKubernetesObject>().Select(o => o.Kind));
        var account = _manifest.Single<V1ServiceAccount>();
        var binding = _manifest.Single<V1ClusterRoleBinding>();
        Assert.Equal(_manifest.Single<V1ClusterRole>().Metadata.Name, binding.RoleRef.Name);
        var subject = Assert.Single(binding.Subjects);
        Assert.Equal((account.Metadata.Name, account.Metadata.NamespaceProperty), (subject.Name, subject.NamespaceProperty));
        Assert.Equal(account.Metadata.Name, _manifest.Pod.ServiceAccountName);
        Assert.Equal(account.Metadata.NamespaceProperty, _manifest.DaemonSet.Metadata.NamespaceProperty);
    }

    [Fact]
    public void The_role_reads_nodes_and_nothing_else()
    {
        var rule = Assert.Single(_manifest.Single<V1ClusterRole>().Rules);
        Assert.Equal([""], rule.ApiGroups);
        Assert.Equal(["nodes"], rule.Resources);
        Assert.Equal(["get", "list", "watch"], rule.Verbs.Order(StringComparer.Ordinal));
        Assert.Null(rule.ResourceNames);
        Assert.Null(rule.NonResourceURLs);
    }

    [Fact]
    public void Runs_on_every_node_on_the_host_network_before_the_node_is_ready()
    {
        var pod = _manifest.Pod;
        Assert.True(pod.HostNetwork);
        Assert.Equal("system-node-critical", pod.PriorityClassName);
        // One toleration without a key tolerates every taint: not-ready, unreachable, control-plane.
        var toleration = Assert.Single(pod.Tolerations);
        Assert.Equal(("Exists", null, null), (toleration.OperatorProperty, toleration.Key, toleration.Effect));
        Assert.All(pod.Containers.Concat(pod.InitContainers), c => Assert.NotNull(c.Resources?.Requests));
    }

    [Fact]
    public void The_installer_fills_the_hosts_cni_bin_dir_and_the_agent_its_conf_dir()
    {
        var installer = ManifestArgs.Of(_manifest.Installer);
        Assert.Equal("install", installer.Subcommand);
        Assert.Contains("--binaries-only", installer.OptionNames);
        Assert.Equal(_manifest.MountPathOf(_manifest.Installer, "/opt/cni/bin"), installer.ValueOf("--bin-dir"));

        var agent = ManifestArgs.Of(_manifest.Agent);
        Assert.Equal("agent", agent.Subcommand);
        Assert.Equal(_manifest.MountPathOf(_manifest.Agent, "/etc/cni/net.d"), agent.ValueOf("--conf-dir"));
        Assert.All(_manifest.Pod.Volumes, v => Assert.Equal("DirectoryOrCreate", v.HostPath.Type));
    }

    [Fact]
    public void The_agent_is_told_its_node_name_by_the_downward_api()
    {
        var agent = ManifestArgs.Of(_manifest.Agent);
        var reference = agent.ValueOf("--node-name");
        Assert.Matches(@"^\$\([A-Z_]+\)$", reference);
        var variable = Assert.Single(_manifest.Agent.Env, e => $"$({e.Name})" == reference);
        Assert.Equal("spec.nodeName", variable.ValueFrom.FieldRef.FieldPath);
        // No --kubeconfig, --etcd or --static-cluster: in a pod the agent takes the in-cluster API server.
        Assert.DoesNotContain(agent.OptionNames, o => o is "--kubeconfig" or "--etcd" or "--static-cluster");
    }

    [Fact]
    public void Probes_ask_the_agents_health_endpoint_on_the_nodes_loopback()
    {
        var health = ManifestArgs.Of(_manifest.Agent).ValueOf("--health-address");
        Assert.NotNull(health);
        var (host, port) = (health.Split(':')[0], int.Parse(health.Split(':')[1], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("127.0.0.1", host);
        foreach (var probe in new[] { _manifest.Agent.LivenessProbe, _manifest.Agent.ReadinessProbe })
        {
            Assert.NotNull(probe?.HttpGet);
            Assert.Equal((host, port.ToString(System.Globalization.CultureInfo.InvariantCulture), "/healthz"), (probe.HttpGet.Host, probe.HttpGet.Port.Value, probe.HttpGet.Path));
        }
    }

    [Fact]
    public void Containers_drop_every_capability_but_what_routes_need()
    {
        foreach (var container in _manifest.Pod.Containers.Concat(_manifest.Pod.InitContainers))
        {
            var security = container.SecurityContext;
            Assert.NotEqual(true, security.Privileged);
            Assert.True(security.ReadOnlyRootFilesystem);
            Assert.Equal(["ALL"], security.Capabilities.Drop);
        }

        Assert.Equal(["NET_ADMIN"], _manifest.Agent.SecurityContext.Capabilities.Add);
        Assert.Null(_manifest.Installer.SecurityContext.Capabilities.Add);
    }

    [Fact]
    public void Every_command_line_in_the_manifest_is_accepted_by_its_subcommands_parser()
    {
        // What the kubelet gives every pod and expands in args: the API server's service and the node's name.
        var kubelet = new Dictionary<string, string> { ["KUBERNETES_SERVICE_HOST"] = "10.96.0.1", ["KUBERNETES_SERVICE_PORT"] = "443", ["NODE_NAME"] = "node1" };
        foreach (var container in _manifest.Pod.Containers.Concat(_manifest.Pod.InitContainers))
        {
            var args = ManifestArgs.Of(container);
            string[] expanded = [.. args.Expanded(kubelet)];
            var errors = args.Subcommand switch
            {
                "agent" => AgentCommandLine.Parse(kubelet.GetValueOrDefault, expanded).Errors,
                "install" => InstallCommandLine.Parse(expanded).Errors,
                _ => [$"humanz-cni has no subcommand {args.Subcommand} for the manifest to run"],
            };
            Assert.True(errors.Count == 0, $"{container.Name}: humanz-cni {args.Subcommand}: {string.Join("; ", errors)}");
        }
    }

    [Fact]
    public void The_agent_runs_in_kubernetes_mode_with_the_manifests_health_address()
    {
        var kubelet = new Dictionary<string, string> { ["KUBERNETES_SERVICE_HOST"] = "10.96.0.1", ["KUBERNETES_SERVICE_PORT"] = "443", ["NODE_NAME"] = "node1" };
        var args = ManifestArgs.Of(_manifest.Agent);

        var options = AgentCommandLine.Parse(kubelet.GetValueOrDefault, [.. args.Expanded(kubelet)]).Options!;

        Assert.NotNull(options.Kubernetes);
        Assert.Null(options.Kubernetes.KubeconfigPath);
        Assert.Equal("node1", options.NodeName);
        Assert.Equal(args.ValueOf("--health-address"), options.HealthAddress?.ToString());
    }

    [Fact]
    public void Uses_the_image_of_this_version()
    {
        var version = typeof(ManifestTests).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion.Split('+')[0];
        Assert.All(_manifest.Pod.Containers.Concat(_manifest.Pod.InitContainers), c => Assert.Equal($"{HumanzCniImage.Name}:{version}", c.Image));
    }
}
