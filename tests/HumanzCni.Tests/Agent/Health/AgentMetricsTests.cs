using HumanzCni.Agent.Health;
using Microsoft.Extensions.Time.Testing;

namespace HumanzCni.Tests.Agent.Health;

/// <summary>/metrics: every metric with its name, type and value, read back from the text format.</summary>
public sealed class AgentMetricsTests
{
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.FromUnixTimeSeconds(1_800_000_000));

    [Fact]
    public async Task Reconciles_routes_store_errors_and_renewals_are_exposed_with_their_types_and_values()
    {
        var metrics = new AgentMetrics(_clock);
        var etcd = metrics.Source("etcd");
        metrics.Source("static");

        metrics.Record(ReconcileOutcome.Waiting("waiting for this node's subnet", null), TimeSpan.FromMilliseconds(1));
        metrics.Record(new ReconcileOutcome(ReconcileResult.Success, null, 3), TimeSpan.FromMilliseconds(2));
        _clock.Advance(TimeSpan.FromSeconds(10));
        metrics.Record(ReconcileOutcome.Failure("route add ... failed", 2), TimeSpan.FromMilliseconds(30));
        etcd.StoreError();
        etcd.StoreError();
        etcd.LeaseRenewed();

        var text = PrometheusText.Parse(await Exposition(metrics));

        Assert.Equal("gauge", text.Types["humanz_agent_routes_owned"]);
        Assert.Equal(2, text.Samples["humanz_agent_routes_owned"]);
        Assert.Equal("counter", text.Types["humanz_agent_reconciles_total"]);
        Assert.Equal(1, text.Samples["humanz_agent_reconciles_total{outcome=\"success\"}"]);
        Assert.Equal(1, text.Samples["humanz_agent_reconciles_total{outcome=\"failure\"}"]);
        Assert.Equal(1, text.Samples["humanz_agent_reconciles_total{outcome=\"waiting\"}"]);
        Assert.Equal("histogram", text.Types["humanz_agent_reconcile_duration_seconds"]);
        Assert.Equal(3, text.Samples["humanz_agent_reconcile_duration_seconds_count"]);
        Assert.Equal(0.033, text.Samples["humanz_agent_reconcile_duration_seconds_sum"], 9);
        Assert.Equal(1, text.Samples["humanz_agent_reconcile_duration_seconds_bucket{le=\"0.001\"}"]);
        Assert.Equal(2, text.Samples["humanz_agent_reconcile_duration_seconds_bucket{le=\"0.005\"}"]);
        Assert.Equal(3, text.Samples["humanz_agent_reconcile_duration_seconds_bucket{le=\"+Inf\"}"]);
        Assert.Equal("gauge", text.Types["humanz_agent_last_successful_reconcile_timestamp_seconds"]);
        Assert.Equal(1_800_000_000, text.Samples["humanz_agent_last_successful_reconcile_timestamp_seconds"]);
        Assert.Equal("counter", text.Types["humanz_agent_store_errors_total"]);
        Assert.Equal(2, text.Samples["humanz_agent_store_errors_total{source=\"etcd\"}"]);
        Assert.Equal(0, text.Samples["humanz_agent_store_errors_total{source=\"static\"}"]);
        Assert.Equal("counter", text.Types["humanz_agent_lease_renewals_total"]);
        Assert.Equal(1, text.Samples["humanz_agent_lease_renewals_total{source=\"etcd\"}"]);
    }

    [Fact]
    public async Task Before_any_pass_every_outcome_is_there_with_zero_and_no_success_time()
    {
        var text = PrometheusText.Parse(await Exposition(new AgentMetrics(_clock)));

        foreach (var outcome in (string[])["success", "failure", "waiting"])
        {
            Assert.Equal(0, text.Samples[$"humanz_agent_reconciles_total{{outcome=\"{outcome}\"}}"]);
        }

        Assert.Equal(0, text.Samples["humanz_agent_last_successful_reconcile_timestamp_seconds"]);
    }

    private static async Task<string> Exposition(AgentMetrics metrics)
    {
        using var output = new MemoryStream();
        await metrics.WriteAsync(output, CancellationToken.None);
        return System.Text.Encoding.UTF8.GetString(output.ToArray());
    }
}
