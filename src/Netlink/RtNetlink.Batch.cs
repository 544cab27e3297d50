namespace HumanzCni.Netlink;

/// <summary>Several changes in one datagram: <see cref="RtNetlinkBatch"/>.</summary>
public sealed partial class RtNetlink
{
    /// <summary>`ip -batch`, of changes that need nothing from each other's answers: an empty <see cref="RtNetlinkBatch"/> to send over this socket.</summary>
    public RtNetlinkBatch CreateBatch() => new(this);

    /// <summary>Moves the request just built in the socket's request buffer to the end of <paramref name="requests"/>.</summary>
    internal void AppendBuiltRequest(NetlinkMessageBuilder requests) => requests.AppendRequest(Request.Written);

    /// <summary>Sends <paramref name="requests"/>; throws for the first refused, described by its entry of <paramref name="operations"/>.</summary>
    internal void Send(NetlinkMessageBuilder requests, IReadOnlyList<Func<string>> operations)
    {
        var errno = _socket.TransactRequests(requests, out var failed, out var message);
        if (errno != 0)
        {
            // No index: the datagram could not be sent or its answers not read, so none or any of them may have been carried out.
            var operation = failed >= 0 ? operations[failed]() : string.Join("; ", operations.Select(describe => describe()));
            throw new NetlinkException(operation, errno, message);
        }
    }
}
