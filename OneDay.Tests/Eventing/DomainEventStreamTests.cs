using OneDay.Tests.Fixtures;

namespace OneDay.Tests.Eventing;

/// <summary>
/// Domain events on the RabbitMQ stream provider across two silos: delivery, a silo killed mid-stream,
/// the broker restarted mid-stream, a producer that died between its state write and its publish, and an
/// event store that refuses an event.
/// </summary>
[Collection(EventsCollection.Name)]
public sealed class DomainEventStreamTests(EventsClusterFixture fixture)
{
    /// <summary>Enough to cross every queue and both silos many times, small enough to run in seconds.</summary>
    private const int Aggregates = 20;
    private const int EventsPerAggregate = 100;
    private static readonly TimeSpan DeliveryTimeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Events_published_on_two_silos_reach_their_consumers_exactly_once()
    {
        var run = new EventRun(fixture.Grains, "spread", Aggregates, EventsPerAggregate);
        Assert.Equal(2_000, run.Total);

        await run.ProduceAsync(perCall: 10);
        await run.WaitUntilAllAppliedAsync(DeliveryTimeout);

        await run.AssertExactlyOnceAsync();
        // Consumers are placed across the cluster, so events crossed silos to reach them.
        Assert.Equal(2, (await run.StatsAsync()).Select(s => s.Silo).Distinct().Count());
    }

    [Fact]
    public async Task A_silo_killed_mid_stream_and_restarted_loses_nothing_and_applies_nothing_twice()
    {
        var run = new EventRun(fixture.Grains, "kill", Aggregates, EventsPerAggregate);
        var produced = 0;
        var killed = new TaskCompletionSource();
        var production = run.ProduceAsync(perCall: 5, async perCall =>
        {
            if (Interlocked.Add(ref produced, perCall) >= run.Total / 2)
            {
                killed.TrySetResult();
            }

            await Task.Yield();
        });

        await killed.Task.WaitAsync(DeliveryTimeout);
        var victim = fixture.Cluster.SecondarySilos[0];
        await fixture.Cluster.KillSiloAsync(victim);
        await fixture.Cluster.StartAdditionalSiloAsync();

        await production.WaitAsync(DeliveryTimeout);
        await run.WaitUntilAllAppliedAsync(DeliveryTimeout);
        await run.AssertExactlyOnceAsync();
    }

    [Fact]
    public async Task A_broker_restart_mid_stream_recovers_producers_and_consumers_without_a_process_restart()
    {
        var (_, whileDown) = await RestartBrokerMidStreamAsync("broker", inBackground: false);
        Assert.Equal(0, await PendingAsync(whileDown));
    }

    [Fact]
    public async Task Publishing_in_the_background_keeps_each_aggregate_in_order_and_loses_nothing_across_a_broker_restart()
    {
        var (run, whileDown) = await RestartBrokerMidStreamAsync("background", inBackground: true);
        Assert.All(await run.StatsAsync(), s => Assert.Equal(0, s.AppliedOutOfOrder));
        await Eventually.HoldsAsync(async () => await PendingAsync(whileDown) == 0, DeliveryTimeout, async () => $"{await PendingAsync(whileDown)} still pending");
    }

    /// <summary>
    /// Stops the broker a third of the way into a run, produces more while it is down (those events must wait
    /// in the outboxes), starts it again, and checks that both runs were applied exactly once.
    /// </summary>
    private async Task<(EventRun Run, EventRun WhileDown)> RestartBrokerMidStreamAsync(string name, bool inBackground)
    {
        var run = new EventRun(fixture.Grains, name, Aggregates / 2, EventsPerAggregate, inBackground);
        var produced = 0;
        var stopAt = new TaskCompletionSource();
        var production = run.ProduceAsync(perCall: 5, async perCall =>
        {
            if (Interlocked.Add(ref produced, perCall) >= run.Total / 3)
            {
                stopAt.TrySetResult();
            }

            await Task.Yield();
        });

        await stopAt.Task.WaitAsync(DeliveryTimeout);
        await fixture.Rabbit.StopNodeAsync();
        // Producers keep writing (and writes keep being acknowledged) while the broker is down.
        var whileDown = new EventRun(fixture.Grains, name + "-down", 4, 5, inBackground);
        await whileDown.ProduceAsync(perCall: 5);
        Assert.True(await PendingAsync(whileDown) > 0, "events produced while the broker was down should wait in the outbox");

        await fixture.Rabbit.StartNodeAsync();
        await production.WaitAsync(DeliveryTimeout);
        await run.WaitUntilAllAppliedAsync(DeliveryTimeout);
        await whileDown.WaitUntilAllAppliedAsync(DeliveryTimeout);
        await run.AssertExactlyOnceAsync();
        await whileDown.AssertExactlyOnceAsync();
        return (run, whileDown);
    }

    [Fact]
    public async Task A_producer_that_died_between_its_write_and_its_publish_publishes_when_it_comes_back()
    {
        var run = new EventRun(fixture.Grains, "crash", 1, 3);
        var producer = fixture.Grains.GetGrain<ITestProducerGrain>(run.Keys[0]);

        await Assert.ThrowsAsync<InvalidOperationException>(() => producer.EmitThenCrash(3));

        // Any call reactivates it; activation republishes what storage still holds in the outbox.
        Assert.Equal(0, await producer.Pending());
        await run.WaitUntilAllAppliedAsync(DeliveryTimeout);
        await run.AssertExactlyOnceAsync();
    }

    [Fact]
    public async Task An_event_the_store_refuses_stays_in_the_outbox_and_is_stored_and_applied_once_the_store_takes_it()
    {
        var run = new EventRun(fixture.Grains, "store-outage", 1, 3);
        var key = run.Keys[0];
        var producer = fixture.Grains.GetGrain<ITestProducerGrain>(key);
        var refusal = "test_refuse_" + Guid.NewGuid().ToString("N")[..8];
        // A check violation is about the row, so the store's batch writes its other rows one by one.
        await Sql.ExecuteAsync(fixture.Database, $$"""
            CREATE FUNCTION {{refusal}}() RETURNS trigger AS $f$
            BEGIN
                IF NEW.aggregate_id = '{{key}}' THEN
                    RAISE EXCEPTION 'store outage' USING ERRCODE = 'check_violation';
                END IF;
                RETURN NEW;
            END $f$ LANGUAGE plpgsql;
            CREATE TRIGGER {{refusal}} BEFORE INSERT ON oneday_event_store FOR EACH ROW EXECUTE FUNCTION {{refusal}}();
            """);
        try
        {
            Assert.Equal(3, await producer.EmitUntil(3));

            // The stream took the oldest event, so its consumer applies it; the later ones wait behind it.
            await run.WaitUntilAppliedAsync(1, DeliveryTimeout);
            Assert.Equal(3, await producer.Pending());
            Assert.Equal(0, await StoredAsync(key));
        }
        finally
        {
            await Sql.ExecuteAsync(fixture.Database, $"DROP TRIGGER {refusal} ON oneday_event_store; DROP FUNCTION {refusal}();");
        }

        await Eventually.HoldsAsync(
            async () => await producer.Pending() == 0, DeliveryTimeout, async () => $"{await producer.Pending()} events still pending");
        Assert.Equal(3, await StoredAsync(key));
        await run.WaitUntilAllAppliedAsync(DeliveryTimeout);
        await run.AssertExactlyOnceAsync();
    }

    private Task<long> StoredAsync(string aggregateId) =>
        Sql.ScalarAsync<long>(fixture.Database, "SELECT count(*) FROM oneday_event_store WHERE aggregate_id = $1", aggregateId);

    private async Task<int> PendingAsync(EventRun run) =>
        (await Task.WhenAll(run.Keys.Select(k => fixture.Grains.GetGrain<ITestProducerGrain>(k).Pending()))).Sum();
}
