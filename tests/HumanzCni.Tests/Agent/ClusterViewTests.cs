using HumanzCni.Agent.Cluster;
using Microsoft.Extensions.Time.Testing;

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

    [Fact]
    public void With_a_grace_a_node_a_later_snapshot_lacks_stays_a_peer_until_it_claims_again_or_the_grace_ends()
    {
        var clock = new FakeTimeProvider();
        var view = new ClusterView("node1", TimeSpan.FromSeconds(6), clock);
        view.Apply(new OwnSubnetHeld(Self));
        view.Apply(new ClusterSnapshot(new Dictionary<string, NodeRecord> { ["k1"] = Self, ["k2"] = Two, ["k3"] = Three }));

        // etcd came back wiped: an empty snapshot takes no live node's route away.
        view.Apply(new ClusterSnapshot(new Dictionary<string, NodeRecord>()));
        Assert.Equal([Two, Three], view.Peers());

        // node2 claims its subnet again; node3 never does and is dropped when the grace ends, not before.
        view.Apply(new NodeChanged("k2", Two));
        clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal([Two, Three], view.Peers());
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal([Two], view.Peers());
    }

    [Fact]
    public void A_vanished_node_yields_to_a_node_holding_its_subnet_and_a_watched_delete_takes_effect_at_once()
    {
        var view = new ClusterView("node1", TimeSpan.FromSeconds(6), new FakeTimeProvider());
        view.Apply(new ClusterSnapshot(new Dictionary<string, NodeRecord> { ["k2"] = Two, ["k3"] = Three }));
        view.Apply(new ClusterSnapshot(new Dictionary<string, NodeRecord>()));

        // Another node took node2's subnet meanwhile: it is the peer there, not the remembered one.
        var newcomer = new NodeRecord("node9", "200.0.0.90", Two.Subnet);
        view.Apply(new NodeChanged("k9", newcomer));
        Assert.Equal([Three, newcomer], view.Peers());

        // A delete the watch saw is real (a lease that expired or was revoked while watched).
        view.Apply(new NodeChanged("k3", Three));
        view.Apply(new NodeChanged("k3", null));
        Assert.Equal([newcomer], view.Peers());
    }
}
