using HumanzCni.Chain.Pipeline;
using HumanzCni.Chain.Results;

namespace HumanzCni.Tests.Chain;

/// <summary>Sets a fixed dual-stack result holding every field of every version, so shaping shows in the output.</summary>
public sealed class FixedResultStage : IStage
{
    public string Name => "fixed-result";

    public static CniResult Result() => new()
    {
        Interfaces =
        [
            new CniInterface { Name = "br0", Mac = "02:00:00:00:00:01", Mtu = 1400 },
            new CniInterface { Name = "eth0", Mac = "02:00:00:00:00:02", Mtu = 1400, Sandbox = "/var/run/netns/pod-1", SocketPath = "/run/vhost.sock", PciId = "0000:00:1f.6" },
        ],
        Ips =
        [
            new CniIpConfig { Interface = 1, Address = "10.0.0.5/24", Gateway = "10.0.0.1" },
            new CniIpConfig { Interface = 1, Address = "fd00::5/64", Gateway = "fd00::1" },
        ],
        Routes = [new CniRoute { Dst = "0.0.0.0/0", Gw = "10.0.0.1", Mtu = 1400, AdvMss = 1360, Priority = 10, Table = 100, Scope = 0 }],
    };

    public void Add(StageContext context) => context.Result = Result();

    public void Del(StageContext context)
    {
    }
}

/// <summary>Throws the given exception from ADD, DEL and CHECK, as a stage with a bug or a failing lower layer does.</summary>
public sealed class ThrowingStage(Func<Exception> failure) : IStage
{
    public string Name => "thrower";

    public void Add(StageContext context) => throw failure();

    public void Del(StageContext context) => throw failure();

    public void Check(StageContext context) => throw failure();
}
