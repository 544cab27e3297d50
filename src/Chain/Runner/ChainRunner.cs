using System.Text.Json.Nodes;
using HumanzCni.Chain.Config;
using HumanzCni.Chain.Protocol;
using HumanzCni.Chain.Results;

namespace HumanzCni.Chain.Runner;

/// <summary>
/// Runs a conflist for one attachment with libcni's semantics (AddNetworkList, CheckNetworkList,
/// DelNetworkList, GCNetworkList, GetStatusNetworkList): ADD in order, each plugin getting the previous
/// result; CHECK in order and DEL in reverse with the cached ADD result; GC and STATUS per plugin.
/// Where libcni gives up on a bad cache entry, DEL goes on without a prevResult: a DEL must always be
/// able to clean up, also after an ADD that was killed half-way and never cached anything.
/// </summary>
internal sealed class ChainRunner(IPluginExecutor executor, ResultCache cache, IReadOnlyList<string> cniPath, TextWriter notes)
{
    /// <summary>ADDs every plugin in order, each with the previous result; caches and returns the last result.</summary>
    public CniResult Add(NetworkConfigList list, RuntimeConf runtime)
    {
        var environment = CniEnvironment(CniCommand.Add, runtime);
        var version = RequireRunnable(list, CniCommand.Add, environment);
        CniResult? result = null;
        foreach (var plugin in list.Plugins)
        {
            var config = PluginConfigBuilder.ForAttachment(plugin, list.Name, version, result, runtime.CapabilityArgs);
            result = Run(plugin, CniCommand.Add, environment, config, list)
                ?? throw Failed(plugin, list, CniCommand.Add, new CniException(CniErrorCode.DecodeFailure, "it printed no result"));
        }

        var final = ResultWriter.ShapeFor(result!, version);
        cache.Write(new CachedAttachment
        {
            ContainerId = runtime.ContainerId,
            Config = list.Bytes,
            IfName = runtime.IfName,
            NetworkName = list.Name,
            Netns = runtime.Netns,
            CniArgs = runtime.CniArgs.Count > 0 ? runtime.CniArgs.Select(p => new List<string> { p.Key, p.Value }).ToList() : null,
            CapabilityArgs = runtime.CapabilityArgs is { Count: > 0 } caps ? (JsonObject)caps.DeepClone() : null,
            Result = final,
        });
        return final;
    }

    /// <summary>CHECKs every plugin in order with the cached result; a list with disableCheck is not checked.</summary>
    public void Check(NetworkConfigList list, RuntimeConf runtime)
    {
        var environment = CniEnvironment(CniCommand.Check, runtime);
        var version = RequireRunnable(list, CniCommand.Check, environment);
        if (list.DisableCheck)
        {
            notes.WriteLine($"network \"{list.Name}\" sets disableCheck: no plugin was asked");
            return;
        }

        var cached = cache.Read(list.Name, runtime.ContainerId, runtime.IfName);
        if (cached.Problem is not null)
        {
            throw new CniException(CniErrorCode.IoFailure, $"cannot CHECK network \"{list.Name}\": the cached ADD result is unusable: {cached.Problem}");
        }

        foreach (var plugin in list.Plugins)
        {
            Run(plugin, CniCommand.Check, environment, PluginConfigBuilder.ForAttachment(plugin, list.Name, version, cached.Entry?.Result, runtime.CapabilityArgs), list);
        }
    }

    /// <summary>DELs every plugin in reverse, from 0.4.0 with the cached result (none when the entry is missing or bad), then drops the cache entry.</summary>
    public void Del(NetworkConfigList list, RuntimeConf runtime)
    {
        var environment = CniEnvironment(CniCommand.Del, runtime);
        var version = RequireRunnable(list, CniCommand.Del, environment);
        CniResult? prevResult = null;
        // As libcni: DEL gets the cached result from 0.4.0 on.
        if (CniVersion.AllowsCheck(version))
        {
            var cached = cache.Read(list.Name, runtime.ContainerId, runtime.IfName);
            if (cached.Problem is not null)
            {
                notes.WriteLine($"ignoring the cached ADD result ({cached.Problem}); every plugin gets DEL without prevResult");
            }

            prevResult = cached.Entry?.Result;
        }

        for (var i = list.Plugins.Count - 1; i >= 0; i--)
        {
            var plugin = list.Plugins[i];
            Run(plugin, CniCommand.Del, environment, PluginConfigBuilder.ForAttachment(plugin, list.Name, version, prevResult, runtime.CapabilityArgs), list);
        }

        cache.Delete(list.Name, runtime.ContainerId, runtime.IfName);
    }

    /// <summary>
    /// DELs every cached attachment of this network the runtime no longer names, removes the temp files of
    /// entries whose ADD was killed while writing them, then (from 1.1.0) asks each plugin to GC with the
    /// attachments still valid. Failures are collected, not stopped at.
    /// A list with disableGC is left alone entirely, as the spec asks of runtimes.
    /// </summary>
    public void Gc(NetworkConfigList list, IReadOnlyList<Attachment> validAttachments)
    {
        var version = RequireSupportedVersion(list);
        if (list.DisableGc)
        {
            notes.WriteLine($"network \"{list.Name}\" sets disableGC: nothing was collected");
            return;
        }

        var valid = validAttachments.Select(a => (a.ContainerId, a.IfName)).ToHashSet();
        var errors = new List<CniException>();
        foreach (var stale in cache.All().Where(e => e.NetworkName == list.Name && !valid.Contains((e.ContainerId, e.IfName))))
        {
            try
            {
                Del(list, stale.ToRuntimeConf());
            }
            catch (CniException e)
            {
                errors.Add(new CniException(e.Code, $"DEL of stale attachment {stale.ContainerId}/{stale.IfName}: {e.Message}", e.Details));
            }
        }

        cache.DeleteOrphanedTempFiles(list.Name);
        if (CniVersion.AllowsGcAndStatus(version))
        {
            foreach (var plugin in list.Plugins)
            {
                try
                {
                    Run(plugin, CniCommand.Gc, CniEnvironment(CniCommand.Gc, new RuntimeConf()), PluginConfigBuilder.ForGc(plugin, list.Name, version, validAttachments), list);
                }
                catch (CniException e)
                {
                    errors.Add(e);
                }
            }
        }

        if (errors.Count > 0)
        {
            throw new CniException(errors[0].Code, string.Join("; ", errors.Select(e => e.Message)), errors[0].Details);
        }
    }

    /// <summary>STATUS of each plugin in order; the first that is not ready answers for the list. Before 1.1.0 there is nothing to ask.</summary>
    public void Status(NetworkConfigList list)
    {
        var version = RequireSupportedVersion(list);
        if (!CniVersion.AllowsGcAndStatus(version))
        {
            notes.WriteLine($"cniVersion {version} has no STATUS (it exists from {CniVersion.V110} on): no plugin was asked");
            return;
        }

        foreach (var plugin in list.Plugins)
        {
            Run(plugin, CniCommand.Status, CniEnvironment(CniCommand.Status, new RuntimeConf()), PluginConfigBuilder.ForStatus(plugin, list.Name, version), list);
        }
    }

    private CniResult? Run(JsonObject plugin, CniCommand command, IReadOnlyDictionary<string, string> environment, byte[] config, NetworkConfigList list)
    {
        var call = new PluginCall
        {
            Type = PluginConfigBuilder.TypeOf(plugin)!,
            Command = command,
            Config = config,
            Environment = environment,
        };
        try
        {
            return executor.Execute(call);
        }
        catch (CniException e)
        {
            throw Failed(plugin, list, command, e);
        }
    }

    /// <summary>libcni's wording, keeping the plugin's own code and details: plugin type="portmap" name="net" failed (add): ...</summary>
    private static CniException Failed(JsonObject plugin, NetworkConfigList list, CniCommand command, CniException e) =>
        new(e.Code, $"plugin type=\"{PluginConfigBuilder.TypeOf(plugin)}\" name=\"{list.Name}\" failed ({command.ToVerb().ToLowerInvariant()}): {e.Message}", e.Details, e);

    /// <summary>The CNI_* variables every plugin of the list gets for <paramref name="command"/>, as libcni sets them.</summary>
    private Dictionary<string, string> CniEnvironment(CniCommand command, RuntimeConf runtime) => new(StringComparer.Ordinal)
    {
        ["CNI_COMMAND"] = command.ToVerb(),
        ["CNI_CONTAINERID"] = runtime.ContainerId,
        ["CNI_NETNS"] = runtime.Netns,
        ["CNI_IFNAME"] = runtime.IfName,
        ["CNI_ARGS"] = runtime.CniArgsText,
        ["CNI_PATH"] = string.Join(':', cniPath),
    };

    /// <summary>
    /// The checks libcni and the plugins make before anything runs: a version the runner speaks, one
    /// that has the verb, a network name and container id fit for a cache file name, a valid ifname
    /// (the plugins' own reading of <paramref name="environment"/>).
    /// </summary>
    private static string RequireRunnable(NetworkConfigList list, CniCommand command, IReadOnlyDictionary<string, string> environment)
    {
        var version = RequireSupportedVersion(list);
        if (command == CniCommand.Check && !CniVersion.AllowsCheck(version))
        {
            throw new CniException(CniErrorCode.IncompatibleVersion, $"network \"{list.Name}\" has cniVersion {version}, which has no CHECK (it exists from {CniVersion.V040} on)");
        }

        CniEnvironmentReader.Read(name => environment.GetValueOrDefault(name), ReadOnlyMemory<byte>.Empty);
        if (!CniName.IsValid(list.Name))
        {
            throw new CniException(CniErrorCode.InvalidConfig, $"network name \"{list.Name}\" is invalid: {CniName.Rule}");
        }

        return version;
    }

    private static string RequireSupportedVersion(NetworkConfigList list)
    {
        if (!CniVersion.IsSupported(list.CniVersion))
        {
            throw new CniException(
                CniErrorCode.IncompatibleVersion,
                $"network \"{list.Name}\" has cniVersion \"{list.CniVersion}\"; the chain runner speaks {string.Join(", ", CniVersion.Supported)}");
        }

        return list.CniVersion;
    }
}
