using HumanzCni.Agent.Static;

namespace HumanzCni.Tests.Agent;

public sealed class StaticClusterFileTests
{
    [Fact]
    public void Nodes_are_read_with_keys_in_any_case_comments_and_trailing_commas()
    {
        var nodes = StaticClusterFile.Parse("""
            // the lab
            {"Nodes": [
              {"name": "node1", "address": "200.0.0.10", "subnet": "100.100.1.0/24"},
              {"NAME": "node2", "Address": "200.0.0.20", "Subnet": "100.100.2.0/24"},
            ]}
            """, "cluster.json");

        Assert.Equal(["node1", "node2"], nodes.Select(n => n.Name));
        Assert.Equal("200.0.0.20", nodes[1].Address);
        Assert.Equal("100.100.2.0/24", nodes[1].Subnet);
    }

    [Theory]
    [InlineData("not json", "is not valid JSON")]
    [InlineData("{}", "lists no nodes")]
    [InlineData("""{"nodes": []}""", "lists no nodes")]
    [InlineData("""{"nodes": [{"address": "200.0.0.10", "subnet": "100.100.1.0/24"}]}""", "a node needs a name")]
    [InlineData("""{"nodes": [{"name": "a", "address": "nope", "subnet": "100.100.1.0/24"}]}""", "node a: address 'nope' is not an IP address")]
    [InlineData("""{"nodes": [{"name": "a", "address": "200.0.0.10", "subnet": "100.100.1.5/24"}]}""", "node a: subnet '100.100.1.5/24' is not a CIDR without host bits")]
    [InlineData("""{"nodes": [{"name": "a", "address": "200.0.0.10", "subnet": "100.100.1.0"}]}""", "is not a CIDR")]
    [InlineData("""{"nodes": [{"name": "a", "address": "fd00::1", "subnet": "100.100.1.0/24"}]}""", "of different families")]
    [InlineData("""{"nodes": [{"name": "a", "address": "200.0.0.10", "subnet": "100.100.1.0/24"}, {"name": "a", "address": "200.0.0.20", "subnet": "100.100.2.0/24"}]}""", "node a is listed twice")]
    [InlineData("""{"nodes": [{"name": "a", "address": "200.0.0.10", "subnet": "100.100.0.0/16"}, {"name": "b", "address": "200.0.0.20", "subnet": "100.100.2.0/24"}]}""", "subnets of a (100.100.0.0/16) and b (100.100.2.0/24) overlap")]
    public void Bad_files_are_refused_with_a_message_naming_the_problem(string json, string fragment)
    {
        var error = Assert.Throws<FormatException>(() => StaticClusterFile.Parse(json, "cluster.json"));

        Assert.Contains("cluster.json", error.Message, StringComparison.Ordinal);
        Assert.Contains(fragment, error.Message, StringComparison.Ordinal);
    }
}
