using HumanzCni.Chain.Config;
using HumanzCni.Chain.Protocol;
using HumanzCni.Chain.Results;
using Microsoft.Extensions.Logging;

namespace HumanzCni.Chain.Pipeline;

/// <summary>
/// The state one invocation's stages share. Framework data is typed here; what a stage hands to a
/// later stage goes in as a typed feature (<see cref="Set{T}"/>/<see cref="Get{T}"/>), so new stages
/// add their own types without changing the framework. Features that hold resources (an open
/// namespace, a socket) are disposed with the context.
/// </summary>
public sealed class StageContext : IDisposable
{
    // Keyed by type handle rather than Type: in the shared code of a generic method over a class, typeof(T) makes
    // the runtime create T's Type object, and the first one a process creates maps a segment for such objects
    // (mmap and mprotect, ~15 us of a call); typeof(T).TypeHandle is read straight from the generic context.
    private readonly Dictionary<RuntimeTypeHandle, object> _features = [];

    /// <summary>The context of one call; <see cref="Hosting.PluginHost"/> makes it.</summary>
    public StageContext(CniRequest request, NetworkConfig config, string cniVersion, ILogger logger)
    {
        Request = request;
        Config = config;
        CniVersion = cniVersion;
        Logger = logger;
    }

    /// <summary>The CNI_* environment and the raw config of this call.</summary>
    public CniRequest Request { get; }

    /// <summary>The framework's fields of the config (name, type, prevResult, log settings).</summary>
    public NetworkConfig Config { get; }

    /// <summary>The config's cniVersion, already checked to be supported.</summary>
    public string CniVersion { get; }

    /// <summary>The config exactly as received, for stages that decode their own fields.</summary>
    public ReadOnlyMemory<byte> RawConfig => Request.Config;

    /// <summary>The call's logger (the config's logFile and logLevel).</summary>
    public ILogger Logger { get; }

    /// <summary>The result the runtime passed on (chained plugins, CHECK, DEL); null when none.</summary>
    public CniResult? PrevResult => Config.PrevResult;

    /// <summary>The result this invocation will print; ADD must leave one here.</summary>
    public CniResult? Result { get; set; }

    /// <summary>What this ADD has done so far, undone newest first when a later stage fails.</summary>
    public UndoStack Undo { get; } = new();

    /// <summary>Registers how to take back a change this ADD just made.</summary>
    public void OnUndo(string description, Action undo) => Undo.Push(description, undo);

    /// <summary>Hands <paramref name="feature"/> to later stages (replacing one of the same type); declare it in <see cref="IStage.Provides"/>.</summary>
    public void Set<T>(T feature)
        where T : class => _features[typeof(T).TypeHandle] = feature;

    /// <summary>The feature of type <typeparamref name="T"/>; null when no stage has set it.</summary>
    public T? Find<T>()
        where T : class => _features.TryGetValue(typeof(T).TypeHandle, out var value) ? (T)value : null;

    /// <summary>The feature of type <typeparamref name="T"/>, created by <paramref name="create"/> on first use
    /// (a socket or namespace handle the stages of one call share).</summary>
    public T GetOrAdd<T>(Func<StageContext, T> create)
        where T : class
    {
        if (Find<T>() is { } existing)
        {
            return existing;
        }

        var created = create(this);
        Set(created);
        return created;
    }

    /// <summary>A feature an earlier stage must have set; its absence is a wiring mistake in the plugin type.</summary>
    public T Get<T>()
        where T : class => Find<T>() ?? throw new InvalidOperationException(
            $"no {typeof(T).Name} in the stage context: a stage that provides it must run earlier in this plugin type");

    /// <summary>Disposes the features that hold resources.</summary>
    public void Dispose()
    {
        foreach (var feature in _features.Values)
        {
            (feature as IDisposable)?.Dispose();
        }

        _features.Clear();
    }
}
