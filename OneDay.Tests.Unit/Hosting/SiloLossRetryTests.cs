using OneDay.Api.Errors;
using OneDay.Grains.Interfaces.Diagnostics;
using Orleans.Runtime;

namespace OneDay.Tests.Unit.Hosting;

public sealed class SiloLossRetryTests
{
    [Fact]
    public void A_silo_that_cannot_be_reached_is_worth_a_second_try_a_store_outage_is_not()
    {
        Assert.True(SiloLossRetry.IsSiloLoss(new InvalidOperationException("wrapped", new SiloUnavailableException("connection refused"))));
        Assert.True(SiloLossRetry.IsSiloLoss(new SiloUnavailableException("gone")));
        Assert.False(SiloLossRetry.IsSiloLoss(new SiloUnavailableException("gone", new StoreUnavailableException("grain state store", "08006"))));
        Assert.False(SiloLossRetry.IsSiloLoss(new TimeoutException("the call may have run")));
    }
}
