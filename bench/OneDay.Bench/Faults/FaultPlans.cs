using OneDay.Bench.Running;
using OneDay.Testing;
using OneDay.Testing.Load;

namespace OneDay.Bench.Faults;

/// <summary>What a fault run does to the cluster, and when: the long form, and the soak with its rolling updates.</summary>
internal sealed class FaultPlans(RunningApp app, Infrastructure infrastructure, Func<int, Task> loseGateway, Func<int, Task> restoreGateway)
{
    /// <summary>The jobs silo: it holds the jobs every search, read, post and application reaches.</summary>
    private const string Victim = "silo-jobs";

    /// <summary>
    /// A minute of steady load for the baseline, then one of each fault with time to recover between them: kill -9 of
    /// a silo and its start 15 s later, a rolling update of every silo, RabbitMQ and PostgreSQL each down for 30 s,
    /// and a gateway killed and started again.
    /// </summary>
    public (TimeSpan Duration, IReadOnlyList<Fault> Faults) Long() => (TimeSpan.FromSeconds(480),
    [
        new(TimeSpan.FromSeconds(60), "kill -9 of silo-jobs", _ => KillAsync(Victim)),
        new(TimeSpan.FromSeconds(75), "silo-jobs started again", ct => StartAsync(Victim, ct)),
        new(TimeSpan.FromSeconds(120), "rolling update of every silo (successor active, then SIGTERM)", RollingRestartAsync),
        new(TimeSpan.FromSeconds(240), "RabbitMQ stopped", _ => infrastructure.RabbitMq!.StopNodeAsync()),
        new(TimeSpan.FromSeconds(270), "RabbitMQ started again", _ => infrastructure.RabbitMq!.StartNodeAsync()),
        new(TimeSpan.FromSeconds(320), "PostgreSQL stopped", _ => infrastructure.Postgres!.StopAsync()),
        new(TimeSpan.FromSeconds(350), "PostgreSQL started again", _ => infrastructure.Postgres!.ResumeAsync()),
        new(TimeSpan.FromSeconds(400), "kill -9 of gateway 2", _ => loseGateway(1)),
        new(TimeSpan.FromSeconds(420), "gateway 2 started again", _ => restoreGateway(1)),
    ]);

    /// <summary>Steady load for <paramref name="duration"/>, with a rolling update of every silo every ten minutes.</summary>
    public (TimeSpan Duration, IReadOnlyList<Fault> Faults) Soak(TimeSpan duration) => (duration,
        [.. Enumerable.Range(1, (int)(duration.TotalMinutes / 10))
            .Select(i => new Fault(TimeSpan.FromMinutes(10 * i) - TimeSpan.FromMinutes(5), $"rolling update {i} of every silo", RollingRestartAsync))]);

    private Task KillAsync(string name)
    {
        app.Silos.Single(s => s.Name == name).Silo.Kill();
        return Task.CompletedTask;
    }

    private async Task StartAsync(string name, CancellationToken cancellationToken)
    {
        var spec = app.Silos.Single(s => s.Name == name).Silo.Spec;
        var silo = SiloProcess.Start(spec);
        app.Replace(name, silo);
        await silo.WaitUntilActiveAsync(TimeSpan.FromSeconds(120)).WaitAsync(cancellationToken);
    }

    /// <summary>
    /// Each silo in turn, as the deployments' rolling update (maxSurge 1, maxUnavailable 0) does: a successor started and
    /// active, then the old silo asked to stop, before the next. Each group has one silo here, so without the surge its
    /// domain would have none while it restarts.
    /// </summary>
    private async Task RollingRestartAsync(CancellationToken cancellationToken)
    {
        foreach (var (name, silo) in app.Silos)
        {
            var successor = SiloProcess.Start(app.SuccessorSpec(name));
            await successor.WaitUntilActiveAsync(TimeSpan.FromSeconds(120)).WaitAsync(cancellationToken);
            await silo.TerminateAsync(TimeSpan.FromSeconds(60));
            app.Replace(name, successor);
        }
    }
}
