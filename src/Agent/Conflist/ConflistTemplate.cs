using System.Text.Json;
using Scriban;
using Scriban.Runtime;

namespace HumanzCni.Agent.Conflist;

/// <summary>
/// The node's conflist as a Scriban template (templates/humanz-cni.conflist.sbn, also built into the binary).
/// Values go in through a <see cref="ScriptObject"/> of plain strings, numbers and booleans: no reflection
/// over objects, so it stays NativeAOT-safe.
/// </summary>
internal sealed class ConflistTemplate
{
    /// <summary>The embedded resource name of the default template.</summary>
    public const string DefaultResource = "humanz-cni.conflist.sbn";

    private readonly Template _template;
    private readonly string _source;

    private ConflistTemplate(string text, string source)
    {
        _source = source;
        _template = Template.Parse(text, source);
        if (_template.HasErrors)
        {
            throw new FormatException($"template {source} does not parse: {string.Join("; ", _template.Messages)}");
        }
    }

    /// <summary>Loads a template file, or the built-in default when <paramref name="path"/> is null.</summary>
    public static ConflistTemplate Load(string? path)
    {
        if (path is not null)
        {
            return new ConflistTemplate(File.ReadAllText(path), path);
        }

        using var stream = typeof(ConflistTemplate).Assembly.GetManifestResourceStream(DefaultResource)
            ?? throw new InvalidOperationException($"the built-in template {DefaultResource} is missing from the binary");
        using var reader = new StreamReader(stream);
        return new ConflistTemplate(reader.ReadToEnd(), $"built-in {DefaultResource}");
    }

    public static ConflistTemplate Parse(string text) => new(text, "inline template");

    /// <summary>
    /// Renders the conflist for a node's subnets (one, or a dual-stack node's IPv4 and IPv6: `subnets`, and `subnet`
    /// the first); throws <see cref="FormatException"/> when the result is not a JSON object.
    /// </summary>
    public string Render(ConflistSettings settings, params IReadOnlyList<string> subnets)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentOutOfRangeException.ThrowIfZero(subnets.Count);
        var values = new ScriptObject
        {
            ["network_name"] = settings.NetworkName,
            ["cni_version"] = settings.CniVersion,
            ["bridge"] = settings.Bridge,
            ["subnet"] = subnets[0],
            ["subnets"] = StringArray(subnets),
            ["mtu"] = settings.Mtu,
            ["log_file"] = settings.PluginLogFile,
            ["data_dir"] = settings.IpamDataDir,
            ["ip_masq"] = settings.IpMasq,
            ["non_masquerade_cidrs"] = StringArray(settings.NonMasqueradeCidrs),
            ["portmap"] = settings.PortMap,
            ["bandwidth"] = settings.Bandwidth,
            ["chained"] = settings.Chained,
        };
        var context = new TemplateContext { StrictVariables = true };
        context.PushGlobal(values);
        var text = _template.Render(context);
        try
        {
            using var document = JsonDocument.Parse(text);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException($"template {_source} rendered JSON that is not an object");
            }
        }
        catch (JsonException e)
        {
            throw new FormatException($"template {_source} rendered invalid JSON ({e.Message}):\n{text}", e);
        }

        return text;
    }

    private static ScriptArray StringArray(IEnumerable<string> items)
    {
        var array = new ScriptArray();
        foreach (var item in items)
        {
            array.Add(item);
        }

        return array;
    }
}
