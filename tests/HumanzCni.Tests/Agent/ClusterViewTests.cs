using HumanzCni.Agent.Cluster;

namespace HumanzCni.Tests.Agent;

public sealed class ClusterViewTests
{
    private static readonly NodeRecord Self = new("node1", "200.0.0.10", "100.100.1.0/24");
    private static readonly NodeRecord Two = new("node2", "200.0.0.20", "100.100.2.0/24");
    private static readonly NodeRecord Three = new("node3", "200.0.0.30", "100.100.3.0/24");

    [Fact]
    public void Until_a_snapshot_arrives_the_view_is_incomplete_and_routes_are_not_touched()
    {
        var view = new ClusterView("node1");
        view.Apply(new NodeChanged("k2", Two));

        Assert.False(view.IsComplete);
        view.Apply(new ClusterSnapshot(new Dictionary<string, NodeRecord> { ["k1"] = Self, ["k2"] = Two }));
        Assert.True(view.IsComplete);
    }

    [Fact]
    public void Peers_are_every_node_but_this_one_following_changes_and_snapshots()
    {
        var view = new ClusterView("node1");
        view.Apply(new ClusterSnapshot(new Dictionary<string, NodeRecord> { ["k1"] = Self, ["k2"] = Two }));
        Assert.Equal([Two], view.Peers());

        view.Apply(new NodeChanged("k3", Three));
        Assert.Equal([Two, Three], view.Peers());

        view.Apply(new NodeChanged("k2", null));
        Assert.Equal([Three], view.Peers());

        // A snapshot after an outage replaces everything: a node that left meanwhile is gone.
        view.Apply(new ClusterSnapshot(new Dictionary<string, NodeRecord> { ["k2"] = Two }));
        Assert.Equal([Two], view.Peers());
    }

    [Fact]
    public void The_conflist_is_rendered_when_the_own_subnet_is_first_held_or_changes_only()
    {
        var view = new ClusterView("node1");

        Assert.True(view.Apply(new OwnSubnetHeld(Self)));
        Assert.False(view.Apply(new OwnSubnetHeld(Self)));
        Assert.True(view.Apply(new OwnSubnetHeld(Self with { Subnet = "100.100.9.0/24" })));
        Assert.False(view.Apply(ReconcileTick.Instance));
    }
}
