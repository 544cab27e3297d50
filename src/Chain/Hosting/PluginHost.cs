using System.Diagnostics;
using HumanzCni.Chain.Config;
using HumanzCni.Chain.Logging;
using HumanzCni.Chain.Pipeline;
using HumanzCni.Chain.Protocol;
using HumanzCni.Chain.Results;

namespace HumanzCni.Chain.Hosting;

/// <summary>
/// The CNI skeleton: turns one process invocation (CNI_* environment, config on stdin) into a run of
/// the right plugin type, and prints exactly one thing on stdout: the result, the version info, or the
/// error JSON. Returns the process exit code.
/// </summary>
public sealed class PluginHost
{
    /// <summary>stdin is read into this much first: a config with a previous result fits.</summary>
    private const int InitialInputBytes = 8 * 1024;

    private readonly Func<PluginTypeRegistry> _createRegistry;
    private readonly Func<Exception, int?> _classify;
    private readonly string? _invokedAs;
    private readonly string? _defaultLogFile;
    private PluginTypeRegistry? _registry;

    /// <param name="registry">The plugin types this binary serves.</param>
    /// <param name="classify">Maps exceptions of lower layers (netlink, I/O) to CNI error codes; null means "internal".</param>
    /// <param name="invokedAs">
    /// The file name the binary was started under (argv[0]), e.g. "humanz-portmap" for a link to humanz-cni;
    /// null in-process. It never picks the type (the config's "type" does); it only sharpens the error
    /// when the two disagree.
    /// </param>
    /// <param name="defaultLogFile">Where a call logs when its config names no logFile; null: it does not log.</param>
    public PluginHost(PluginTypeRegistry registry, Func<Exception, int?> classify, string? invokedAs = null, string? defaultLogFile = null)
        : this(() => registry, classify, invokedAs, defaultLogFile)
    {
    }

    /// <summary>
    /// As the other constructor, with the registry built by <paramref name="createRegistry"/> only when a call
    /// needs a plugin type: VERSION never does, and composing every type costs a process start-up time.
    /// </summary>
    public PluginHost(Func<PluginTypeRegistry> createRegistry, Func<Exception, int?> classify, string? invokedAs = null, string? defaultLogFile = null)
    {
        _createRegistry = createRegistry;
        _classify = classify;
        _invokedAs = invokedAs;
        _defaultLogFile = defaultLogFile;
    }

    private PluginTypeRegistry Registry => _registry ??= _createRegistry();

    /// <summary>This host serves the plugin type <paramref name="type"/>.</summary>
    public bool Serves(string type) => Registry.Find(type) is not null;

    /// <summary>Serves one call: reads the CNI_* variables through <paramref name="getVariable"/> and the config from <paramref name="stdin"/>, prints to <paramref name="stdout"/>, and returns the exit code (0, or 1 after an error JSON).</summary>
    public int Run(Func<string, string?> getVariable, Stream stdin, Stream stdout)
    {
        try
        {
            return Serve(getVariable, stdin, stdout);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // stdin or stdout itself failed (the caller closed its end of the pipe, or gave none): no error JSON can
            // reach anyone, so one line on stderr and a failed exit. An ADD that got this far is undone by the DEL the
            // runtime sends for a call that failed.
            Console.Error.WriteLine($"humanz-cni: cannot talk to the caller over stdin/stdout: {(e.InnerException ?? e).Message}");
            return 1;
        }
    }

    private int Serve(Func<string, string?> getVariable, Stream stdin, Stream stdout)
    {
        var start = Stopwatch.GetTimestamp();
        var input = ReadAll(stdin);
        string? version = null;
        try
        {
            var request = CniEnvironmentReader.Read(getVariable, input);
            if (request.Command == CniCommand.Version)
            {
                WriteVersion(stdout, input.Span);
                return 0;
            }

            var config = NetworkConfigReader.Read(input);
            version = config.CniVersion;
            version = NetworkConfigReader.RequireSupportedVersion(config);
            RequireVerbAllowed(request.Command, version);
            var type = FindType(config.Type);
            request.Args.EnsureKnown(type.CniArgKeys);
            var rotation = PluginLogging.Rotation(config.LogMaxBytes, config.LogMaxFiles);
            return RunPipeline(type, request, config, version, rotation, stdout, start);
        }
        catch (CniException e)
        {
            // Errors found before the config was decoded still answer in the caller's version when it is readable.
            ErrorWriter.Write(stdout, version ?? NetworkConfigReader.PeekCniVersion(input.Span), e);
            return 1;
        }
    }

    private int RunPipeline(PluginType type, CniRequest request, NetworkConfig config, string version, LogRotation rotation, Stream stdout, long start)
    {
        var logFile = string.IsNullOrEmpty(config.LogFile) ? _defaultLogFile : config.LogFile;
        using var loggers = PluginLogging.CreateProvider(logFile, config.LogLevel, rotation, $"pid={Environment.ProcessId} type={type.Name}");
        var logger = loggers.CreateLogger(type.Name);
        // The call's own line goes to the file logger by its type (see PluginHostLog); without a file nothing is written.
        var callLog = logger as FileLogger;
        using var context = new StageContext(request, config, version, logger);
        var timings = new StageTimings();
        var verb = request.Command.ToVerb();
        try
        {
            PipelineRunner.Run(type.CreateStages(), context, timings);
            if (request.Command == CniCommand.Add)
            {
                ResultWriter.Write(stdout, context.Result!, version);
            }

            callLog?.LogCallSucceeded(verb, request.ContainerId, request.IfName, request.Netns, timings, new LoggedMilliseconds(Stopwatch.GetElapsedTime(start)));
            return 0;
        }
        catch (Exception e)
        {
            var error = ToCniException(e);
            callLog?.LogCallFailed(
                e is CniException ? null : e,
                verb, request.ContainerId, request.IfName, request.Netns, error.Code, new LoggedMilliseconds(Stopwatch.GetElapsedTime(start)), timings, error.Message);
            ErrorWriter.Write(stdout, version, error);
            return 1;
        }
    }

    /// <summary>
    /// The config's "type" decides which type runs, whatever name the binary was started under: libcni
    /// execs the file the type names, so the two agree unless a link points at the wrong binary or a
    /// config was copied by hand. When they disagree and the type is not served, both are named.
    /// </summary>
    private PluginType FindType(string? typeName)
    {
        if (Registry.Find(typeName) is { } type)
        {
            return type;
        }

        var served = string.Join(", ", Registry.Names);
        if (string.IsNullOrEmpty(typeName))
        {
            throw new CniException(CniErrorCode.InvalidConfig, $"the config has no \"type\"; set one of: {served}");
        }

        if (_invokedAs is not null && Registry.Find(_invokedAs) is not null)
        {
            throw new CniException(
                CniErrorCode.InvalidConfig,
                $"the config's type \"{typeName}\" is not served by this binary, which was started as \"{_invokedAs}\" " +
                $"(a type it serves, but the config's type decides); set \"type\" to one of: {served}, or install the plugin \"{typeName}\" under its own name");
        }

        throw new CniException(CniErrorCode.InvalidConfig, $"type \"{typeName}\" is not served by this binary; use one of: {served}");
    }

    /// <summary>The spec gates verbs by version: CHECK from 0.4.0, GC and STATUS from 1.1.0.</summary>
    private static void RequireVerbAllowed(CniCommand command, string version)
    {
        var allowed = command switch
        {
            CniCommand.Check => CniVersion.AllowsCheck(version),
            CniCommand.Gc or CniCommand.Status => CniVersion.AllowsGcAndStatus(version),
            _ => true,
        };
        if (!allowed)
        {
            var since = command == CniCommand.Check ? CniVersion.V040 : CniVersion.V110;
            throw new CniException(
                CniErrorCode.IncompatibleVersion,
                $"config version {version} does not allow {command.ToVerb()}; it exists from cniVersion {since} on");
        }
    }

    private CniException ToCniException(Exception e)
    {
        if (e is CniException cni)
        {
            return cni;
        }

        var cause = e is StageFailedException { InnerException: { } inner } ? inner : e;
        var code = _classify(cause) ?? cause switch
        {
            IOException or UnauthorizedAccessException => CniErrorCode.IoFailure,
            _ => CniErrorCode.Internal,
        };
        return new CniException(code, e.Message, inner: e);
    }

    /// <summary>VERSION answers in the version the caller asked for when we speak it, else in our latest.</summary>
    private static void WriteVersion(Stream stdout, ReadOnlySpan<byte> input)
    {
        var requested = NetworkConfigReader.PeekCniVersion(input);
        var info = new VersionInfo
        {
            CniVersion = CniVersion.IsSupported(requested) ? requested! : CniVersion.Latest,
            SupportedVersions = CniVersion.Supported,
        };
        info.WriteTo(stdout);
    }

    /// <summary>
    /// Reads stdin to its end into one array, doubled when full. Not <see cref="Stream.CopyTo(Stream)"/>: on a pipe, which
    /// is what runtimes give a plugin, it rents an 80 KiB buffer from the shared array pool (a 128 KiB array on the large
    /// object heap, and the pool's per-thread set-up) to read a config of a few hundred bytes. Not zeroed either: only the
    /// bytes read are ever looked at, and zeroing would fault in every page of it for a config that fills a few hundred bytes.
    /// </summary>
    private static ReadOnlyMemory<byte> ReadAll(Stream stdin)
    {
        var buffer = GC.AllocateUninitializedArray<byte>(InitialInputBytes);
        var length = 0;
        int read;
        while ((read = stdin.Read(buffer, length, buffer.Length - length)) > 0)
        {
            length += read;
            if (length == buffer.Length)
            {
                Array.Resize(ref buffer, buffer.Length * 2);
            }
        }

        return buffer.AsMemory(0, length);
    }
}
