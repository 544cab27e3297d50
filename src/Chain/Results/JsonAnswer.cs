using System.Buffers;
using System.Text.Json;

namespace HumanzCni.Chain.Results;

/// <summary>
/// An answer on stdout (the result, the version info, an error): indented JSON and its newline in a single write(2). Written by a
/// <see cref="Utf8JsonWriter"/> on the stream and followed by a newline of its own, the answer took two system calls, and
/// the runtime reading the pipe was woken for each.
/// </summary>
internal static class JsonAnswer
{
    /// <summary>
    /// Indented, as the serializer context writes; with readable (relaxed) escaping that builds no encoder tables for the
    /// plain ASCII answers nearly always hold (<see cref="PlainFirstJsonEncoder"/>).
    /// </summary>
    private static readonly JsonWriterOptions WriterOptions = new() { Indented = true, Encoder = PlainFirstJsonEncoder.Instance };

    /// <summary>Writes what <paramref name="write"/> writes of <paramref name="answer"/>, and a newline, to <paramref name="output"/> at once.</summary>
    public static void Write<T>(Stream output, T answer, Action<T, Utf8JsonWriter> write)
    {
        var line = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(line, WriterOptions))
        {
            write(answer, writer);
        }

        line.Write("\n"u8);
        output.Write(line.WrittenSpan);
    }
}
