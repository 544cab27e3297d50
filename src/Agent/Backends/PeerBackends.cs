using System.Net.Sockets;
using HumanzCni.Agent.Routes;
using Microsoft.Extensions.Logging;

namespace HumanzCni.Agent.Backends;

/// <summary>The backend --backend names, for the agent of any source.</summary>
internal static class PeerBackends
{
    /// <param name="options">--backend and the VXLAN options.</param>
    /// <param name="families">The families host-gw routes (VXLAN follows this node's own record).</param>
    /// <param name="logger">Where changes and refusals are logged.</param>
    public static IPeerBackend Create(BackendOptions options, IReadOnlyList<AddressFamily> families, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Kind == BackendKind.Vxlan
            ? new VxlanPeerBackend(options, logger)
            : new HostGwBackend(new PeerRoutes(logger), families, logger);
    }
}
