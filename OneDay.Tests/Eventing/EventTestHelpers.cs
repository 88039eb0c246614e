namespace OneDay.Tests.Eventing;

internal static class Eventually
{
    /// <summary>Polls until <paramref name="condition"/> holds; on timeout fails with what it last saw.</summary>
    public static async Task HoldsAsync(Func<Task<bool>> condition, TimeSpan timeout, Func<Task<string>> describe)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (Exception) when (DateTime.UtcNow < deadline)
            {
                // The cluster may be recovering (a silo or the broker restarting); ask again.
            }

            if (DateTime.UtcNow >= deadline)
            {
                Assert.Fail($"Not reached within {timeout}: {await describe()}");
            }

            await Task.Delay(200);
        }
    }
}

/// <summary>A batch of producers (one aggregate each) and the consumers their events must reach.</summary>
internal sealed class EventRun(IGrainFactory grains, string prefix, int aggregates, int eventsPerAggregate, bool inBackground = false)
{
    public IReadOnlyList<string> Keys { get; } =
        Enumerable.Range(0, aggregates).Select(i => $"{prefix}-{Guid.NewGuid():N}-{i}").ToArray();

    public int Total => Keys.Count * eventsPerAggregate;

    /// <summary>Each producer emits its events in calls of <paramref name="perCall"/>, producers in parallel.</summary>
    public Task ProduceAsync(int perCall, Func<int, Task>? afterCall = null) =>
        Task.WhenAll(Keys.Select(async key =>
        {
            var producer = grains.GetGrain<ITestProducerGrain>(key);
            for (var sent = 0; sent < eventsPerAggregate; sent += perCall)
            {
                var until = Math.Min(sent + perCall, eventsPerAggregate);
                await Fixtures.Retry.UntilSuccess(() => inBackground ? producer.EmitInBackground(until) : producer.EmitUntil(until));
                if (afterCall is not null)
                {
                    await afterCall(perCall);
                }
            }
        }));

    public async Task<IReadOnlyList<ConsumerStats>> StatsAsync() =>
        await Task.WhenAll(Keys.Select(k => grains.GetGrain<ITestConsumerGrain>(k).Stats()));

    public async Task<int> AppliedAsync() => (await StatsAsync()).Sum(s => s.Applied);

    public Task WaitUntilAllAppliedAsync(TimeSpan timeout) => WaitUntilAppliedAsync(Total, timeout);

    public Task WaitUntilAppliedAsync(int count, TimeSpan timeout) => Eventually.HoldsAsync(
        async () => await AppliedAsync() >= count,
        timeout,
        async () => $"{await AppliedAsync()} of {count} events applied");

    /// <summary>Every event applied exactly once: each consumer holds exactly 0..n-1 and never applied one twice.</summary>
    public async Task AssertExactlyOnceAsync()
    {
        foreach (var stats in await StatsAsync())
        {
            Assert.Equal(0, stats.AppliedTwice);
            Assert.Equal(Enumerable.Range(0, eventsPerAggregate), stats.Sequences);
            Assert.Equal(eventsPerAggregate, stats.Applied);
        }
    }
}
