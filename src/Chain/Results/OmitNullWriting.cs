using System.Text.Json;

namespace HumanzCni.Chain.Results;

/// <summary>
/// Writes object members as the serializer context did with <c>WhenWritingNull</c>: a member whose value is null is
/// left out, an entry of a list that is null is written as null. The result types write themselves with these
/// (<see cref="ResultWriter"/>), so printing a result builds none of the serializer's per-type metadata.
/// </summary>
internal static class OmitNullWriting
{
    /// <summary>Writes <paramref name="name"/>: <paramref name="value"/> unless the value is null.</summary>
    public static void WriteIfSet(this Utf8JsonWriter writer, ReadOnlySpan<byte> name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }

    /// <summary>Writes <paramref name="name"/>: <paramref name="value"/> unless the value is null.</summary>
    public static void WriteIfSet(this Utf8JsonWriter writer, ReadOnlySpan<byte> name, int? value)
    {
        if (value is { } number)
        {
            writer.WriteNumber(name, number);
        }
    }

    /// <summary>Writes <paramref name="name"/>: the object <paramref name="value"/> by <paramref name="write"/>, unless the value is null.</summary>
    public static void WriteIfSet<T>(this Utf8JsonWriter writer, ReadOnlySpan<byte> name, T? value, Action<Utf8JsonWriter, T> write)
        where T : class
    {
        if (value is not null)
        {
            writer.WritePropertyName(name);
            write(writer, value);
        }
    }

    /// <summary>Writes <paramref name="name"/>: the list <paramref name="entries"/>, each by <paramref name="write"/>, unless the list is null.</summary>
    public static void WriteIfSet<T>(this Utf8JsonWriter writer, ReadOnlySpan<byte> name, List<T>? entries, Action<Utf8JsonWriter, T> write)
    {
        if (entries is null)
        {
            return;
        }

        writer.WriteStartArray(name);
        foreach (var entry in entries)
        {
            if (entry is null)
            {
                writer.WriteNullValue();
            }
            else
            {
                write(writer, entry);
            }
        }

        writer.WriteEndArray();
    }

    /// <summary>Writes <paramref name="name"/>: the list of strings <paramref name="entries"/>, unless the list is null.</summary>
    public static void WriteIfSet(this Utf8JsonWriter writer, ReadOnlySpan<byte> name, List<string>? entries) =>
        writer.WriteIfSet(name, entries, static (w, entry) => w.WriteStringValue(entry));
}
