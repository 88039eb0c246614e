using System.Diagnostics;
using OneDay.Testing;

namespace OneDay.Tests.Resilience;

/// <summary>A silo asked to stop stops within its shutdown timeout even when the stores it would say goodbye to are gone.</summary>
[Collection(FaultsCollection.Name)]
public sealed class BoundedShutdownTests(FaultsFixture infrastructure)
{
    /// <summary>The host's ShutdownTimeout (30 s) and a margin for the process to exit after it.</summary>
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(40);

    [Fact]
    public async Task Sigterm_stops_a_silo_in_bounded_time_while_PostgreSQL_is_down()
    {
        var database = await infrastructure.Postgres.CreateMigratedDatabaseAsync("shutdown");
        var metricsPort = FreePort.Next();
        await using var silo = SiloProcess.Start(SiloSpec.OnFreePorts(database, "shutdown-" + Guid.NewGuid().ToString("N")[..8]) with { MetricsPort = metricsPort });
        await silo.WaitUntilActiveAsync(TimeSpan.FromSeconds(90));
        // The metrics listener opens once every other part of the silo has started.
        using var metrics = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{metricsPort}") };
        await Fixtures.Retry.UntilSuccess(async () => (await metrics.GetAsync("/metrics")).EnsureSuccessStatusCode(), TimeSpan.FromSeconds(60));
        await infrastructure.Postgres.Server.StopAsync();
        await Task.Delay(TimeSpan.FromSeconds(5));
        try
        {
            var stopping = Stopwatch.StartNew();
            try
            {
                await silo.TerminateAsync(Bound);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"still running after {stopping.Elapsed}:\n{silo.Output}");
            }

            Assert.True(silo.HasExited);
            Assert.True(stopping.Elapsed < Bound, $"stopped after {stopping.Elapsed}");
        }
        finally
        {
            await infrastructure.Postgres.Server.ResumeAsync();
        }
    }
}
