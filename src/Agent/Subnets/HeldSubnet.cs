using HumanzCni.Agent.Cluster;

namespace HumanzCni.Agent.Subnets;

/// <summary>The subnet this node holds: its record as published in etcd and the lease that keeps it.</summary>
internal sealed record HeldSubnet(NodeRecord Record, long Lease, bool Resumed);
