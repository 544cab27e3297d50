namespace HumanzCni.Netlink;

/// <summary>
/// Receives the data messages (not acks, errors or NLMSG_DONE) that answer one request. Implemented by
/// small structs passed by ref, so the generic transact loop is specialised per handler without
/// delegates or boxing (NativeAOT friendly).
/// </summary>
internal interface INetlinkResponseHandler
{
    void OnMessage(in NetlinkMessage message);

    /// <summary>Forget everything seen so far: the kernel interrupted a dump (NLM_F_DUMP_INTR) and it is restarted.</summary>
    void Reset();
}

/// <summary>For requests whose only answer is the ack.</summary>
internal struct IgnoreResponses : INetlinkResponseHandler
{
    public readonly void OnMessage(in NetlinkMessage message)
    {
    }

    public readonly void Reset()
    {
    }
}
