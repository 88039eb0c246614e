using System.Net;
using OneDay.Grains.Interfaces;
using OneDay.Grains.Interfaces.Payments;
using OneDay.Grains.Interfaces.Payments.Providers;
using OneDay.Tests.Fixtures;
using OneDay.Tests.Jobs;

namespace OneDay.Tests.Payments;

/// <summary>The reminder's daily reconciliation: each closed day once, its reports listed for admins.</summary>
[Collection(ClusterCollection.Name)]
public sealed class DailyReconciliationTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Each_closed_day_is_reconciled_once_and_listed_for_admins()
    {
        var daily = fixture.Cluster.Client.Reference<IDailyReconciliationGrain>(0);

        // The silos' start registered the reminder, which may have run already; either way the day is done once.
        await daily.RunDue();
        Assert.Empty(await daily.RunDue());

        var admin = ApiUser.Create(fixture, "admin");
        var reports = await (await admin.Get("/api/payments/reconciliation/daily")).Json(HttpStatusCode.OK);
        var newest = reports.EnumerateArray().First();
        var closed = SettlementDay.Of(DateTimeOffset.UtcNow.AddHours(-1)).AddDays(-1);
        Assert.Equal(SettlementDay.Key(closed), newest.GetProperty("day").GetString());
        Assert.Empty(newest.GetProperty("differences").EnumerateArray());
        await (await ApiUser.Create(fixture, "employer").Get("/api/payments/reconciliation/daily")).Problem(HttpStatusCode.Forbidden, "forbidden");
    }
}
