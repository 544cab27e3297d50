using System.Runtime.InteropServices;
using System.Text.Json;
using HumanzCni.Native;

namespace HumanzCni.Nftables;

/// <summary>
/// nft commands run in-process through libnftables: the same language as the `nft` command, parsed and
/// sent by the library over its own netlink socket, opened in the network namespace of the calling
/// process. Every <see cref="Run"/> is one kernel transaction: all its commands apply or none do.
/// Output and errors are buffered (stdout belongs to the CNI result); failures throw
/// <see cref="NftablesException"/> with nft's own error text. Not thread-safe.
/// </summary>
public sealed class NftSession : IDisposable
{
    private nint _context;

    private NftSession(nint context) => _context = context;

    /// <summary>Creates a libnftables context with buffered output and errors.</summary>
    public static NftSession Open()
    {
        var context = Interop.NftCtxNew(Interop.NFT_CTX_DEFAULT);
        if (context == 0)
        {
            throw new NftablesException("nft_ctx_new", "libnftables could not create a context");
        }

        if (Interop.NftCtxBufferOutput(context) != 0 || Interop.NftCtxBufferError(context) != 0)
        {
            Interop.NftCtxFree(context);
            throw new NftablesException("nft_ctx_buffer_output", "libnftables could not buffer its output");
        }

        return new NftSession(context);
    }

    /// <summary>Runs commands, one per line (e.g. "add table inet t\nadd chain inet t c"), as one transaction.</summary>
    public void Run(string commands)
    {
        ObjectDisposedException.ThrowIf(_context == 0, this);
        Interop.NftCtxOutputSetFlags(_context, 0);
        Execute(commands);
    }

    /// <summary>Runs a list command (`nft -j -a list ...`) and returns what it printed: tables, chains and rules with their handles.</summary>
    public NftListing List(string command)
    {
        ObjectDisposedException.ThrowIf(_context == 0, this);
        // JSON output also makes the library try the input as JSON first; a list command is not, so it falls back to nft syntax.
        Interop.NftCtxOutputSetFlags(_context, Interop.NFT_CTX_OUTPUT_JSON | Interop.NFT_CTX_OUTPUT_HANDLE);
        var output = Execute(command);
        if (string.IsNullOrWhiteSpace(output))
        {
            return NftListing.Empty;
        }

        try
        {
            var document = JsonSerializer.Deserialize(output, NftJsonContext.Default.NftDocument);
            return NftListing.From(document);
        }
        catch (JsonException e)
        {
            throw new NftablesException(command, $"cannot read libnftables' JSON output: {e.Message}");
        }
    }

    public void Dispose()
    {
        var context = Interlocked.Exchange(ref _context, 0);
        if (context != 0)
        {
            Interop.NftCtxFree(context);
        }
    }

    private string Execute(string commands)
    {
        var status = Interop.NftRunCmdFromBuffer(_context, commands);
        var output = Marshal.PtrToStringUTF8(Interop.NftCtxGetOutputBuffer(_context)) ?? "";
        var error = Marshal.PtrToStringUTF8(Interop.NftCtxGetErrorBuffer(_context)) ?? "";
        if (status != 0)
        {
            throw new NftablesException(commands, error.Length > 0 ? error : $"libnftables failed with status {status} and no message");
        }

        return output;
    }
}
