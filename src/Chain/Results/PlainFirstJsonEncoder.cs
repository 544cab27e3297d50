using System.Buffers;
using System.Text.Encodings.Web;

namespace HumanzCni.Chain.Results;

/// <summary>
/// <see cref="JavaScriptEncoder.UnsafeRelaxedJsonEscaping"/>, the escaping results and errors have always been printed
/// with, made only when a string needs escaping. Making it (it shares a static constructor with the default encoder)
/// fills tables for every code point: 0.05-0.1 ms of a plugin call, whose strings (addresses, names, paths, versions)
/// are nearly always printable ASCII, which it never escapes but for <c>"</c> and <c>\</c>.
/// </summary>
internal sealed class PlainFirstJsonEncoder : JavaScriptEncoder
{
    private PlainFirstJsonEncoder()
    {
    }

    public static PlainFirstJsonEncoder Instance { get; } = new();

    private static JavaScriptEncoder Relaxed => UnsafeRelaxedJsonEscaping;

    public override int MaxOutputCharactersPerInputCharacter => Relaxed.MaxOutputCharactersPerInputCharacter;

    public override unsafe int FindFirstCharacterToEncode(char* text, int textLength) =>
        IsPlain(new ReadOnlySpan<char>(text, textLength)) ? -1 : Relaxed.FindFirstCharacterToEncode(text, textLength);

    public override int FindFirstCharacterToEncodeUtf8(ReadOnlySpan<byte> utf8Text) =>
        IsPlain(utf8Text) ? -1 : Relaxed.FindFirstCharacterToEncodeUtf8(utf8Text);

    public override unsafe bool TryEncodeUnicodeScalar(int unicodeScalar, char* buffer, int bufferLength, out int numberOfCharactersWritten) =>
        Relaxed.TryEncodeUnicodeScalar(unicodeScalar, buffer, bufferLength, out numberOfCharactersWritten);

    public override bool WillEncode(int unicodeScalar) => Relaxed.WillEncode(unicodeScalar);

    public override OperationStatus EncodeUtf8(ReadOnlySpan<byte> utf8Source, Span<byte> utf8Destination, out int bytesConsumed, out int bytesWritten, bool isFinalBlock = true) =>
        Relaxed.EncodeUtf8(utf8Source, utf8Destination, out bytesConsumed, out bytesWritten, isFinalBlock);

    public override OperationStatus Encode(ReadOnlySpan<char> source, Span<char> destination, out int charsConsumed, out int charsWritten, bool isFinalBlock = true) =>
        Relaxed.Encode(source, destination, out charsConsumed, out charsWritten, isFinalBlock);

    private static bool IsPlain(ReadOnlySpan<char> text) => !text.ContainsAnyExceptInRange(' ', '~') && !text.ContainsAny('"', '\\');

    private static bool IsPlain(ReadOnlySpan<byte> utf8Text) =>
        !utf8Text.ContainsAnyExceptInRange((byte)' ', (byte)'~') && !utf8Text.ContainsAny((byte)'"', (byte)'\\');
}
