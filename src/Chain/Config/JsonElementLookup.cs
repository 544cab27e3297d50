using System.Text.Json;

namespace HumanzCni.Chain.Config;

/// <summary>Property look-up on raw config sections that matches keys case-insensitively, as Go's decoder does.</summary>
public static class JsonElementLookup
{
    /// <summary>The property <paramref name="name"/> of an object, exact match first, then ignoring case; false when absent or not an object.</summary>
    public static bool TryGetPropertyIgnoreCase(this JsonElement element, string name, out JsonElement value)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            if (element.TryGetProperty(name, out value))
            {
                return true;
            }

            foreach (var property in element.EnumerateObject())
            {
                if (property.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
                {
                    value = property.Value;
                    return true;
                }
            }
        }

        value = default;
        return false;
    }

    /// <summary>Follows a path of keys, e.g. ("cni", "ips") inside "args".</summary>
    public static bool TryGetPath(this JsonElement? element, out JsonElement value, params ReadOnlySpan<string> path)
    {
        value = default;
        if (element is not { } current)
        {
            return false;
        }

        foreach (var name in path)
        {
            if (!current.TryGetPropertyIgnoreCase(name, out current))
            {
                return false;
            }
        }

        value = current;
        return true;
    }
}
