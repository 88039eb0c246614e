using OneDay.Bench.Measure;
using OneDay.Bench.Prepare;
using OneDay.Bench.Reporting;
using OneDay.Bench.Scenarios;
using OneDay.Testing;

namespace OneDay.Bench.Running;

/// <summary>
/// One scenario from start to row: its pgbench baseline's table (before the app fills the database), the app
/// started and prepared, the measurement (in turns with its baseline, or alone), the drain, where the time went,
/// and the verdict.
/// </summary>
internal sealed class ScenarioRunner(RunContext run, Infrastructure infrastructure, AppLauncher launcher, PgbenchDriver pgbench, RunTally tally)
{
    private static readonly HttpClient Http = new(new SocketsHttpHandler { MaxConnectionsPerServer = 16 }) { Timeout = TimeSpan.FromSeconds(30) };

    public async Task RunAsync(Scenario scenario, int index, int count)
    {
        var name = scenario.Name;
        var mode = scenario.Mode == AppMode.Embedded ? "embedded" : "cluster";
        Console.WriteLine($"== [{index}/{count}] {name}: {scenario.Request} ({mode} mode, baseline: {scenario.Baseline.ToString().ToLowerInvariant()})");
        Figures app = Figures.None;
        Figures? baseline = null;
        var baselineName = "-";
        string? status = null;
        var drainFailed = false;
        if (scenario.Baseline == BaselineKind.Pgbench)
        {
            await pgbench.PrepareAsync(name + "-baseline");
            tally.PgbenchMeasured = true;
        }

        var script = Path.Combine(run.LuaDirectory, name + ".lua");
        await File.WriteAllTextAsync(script, WrkScript.For(scenario, run.Paths.Lua), run.Cancellation);
        var signingKey = BenchTokens.NewSigningKey();
        var appEnvironment = new Dictionary<string, string>(scenario.AppEnvironment);
        if (scenario.SignsOwnTokens || scenario.Mode == AppMode.Cluster)
        {
            // Cluster gateways refuse to start without a signing key; scenarios that sign their own tokens sign with it.
            appEnvironment["OneDay__Security__SigningKey"] = signingKey;
        }

        BusyCheck.Sample(run, name + "-app");
        RunningApp? running = null;
        try
        {
            running = await Step(() => launcher.StartAsync(scenario, appEnvironment), "the app did not become ready");
            var cpu = new CpuWindow(run, running, infrastructure);
            var prepared = new PrepareContext(
                new Uri(running.Url), signingKey, run.RunDirectory, Http, run.Cancellation, cpu.CpuSeconds, cpu.AppResidentBytes,
                scenario.Mode == AppMode.Cluster ? infrastructure.ConnectionString : null);
            await Step(async () => { await scenario.PrepareAsync(prepared); return true; }, "prepare failed");
            var wrk = new WrkDriver(run, script, scenario.Headers, prepared.Exports);
            var cluster = scenario.Mode == AppMode.Cluster;
            var pgBefore = cluster
                ? await Step(() => PgWrites.SnapshotAsync(infrastructure.ConnectionString, run.Cancellation), "reading PostgreSQL's statistics failed")
                : null;
            var measured = new List<WrkRun>();
            long pgbenchTransactions = 0;
            switch (scenario.Baseline)
            {
                case BaselineKind.Kestrel:
                    (app, baseline) = await Step(
                        () => KestrelTurns.MeasureAsync(run, name, scenario.Path, running, wrk, scenario.WarmupMin), "wrk or the bare Kestrel baseline failed");
                    baselineName = "bare Kestrel, same requests, in turns";
                    break;
                case BaselineKind.SameApp:
                    (app, baseline) = await Step(
                        () => SameAppTurns.MeasureAsync(run, scenario, running, wrk, () => StartBaselineAsync(scenario, appEnvironment, signingKey, script)),
                        "wrk or the app's second instance failed");
                    baselineName = "the app with " + string.Join(" ", scenario.BaselineEnvironment.Select(kv => $"{kv.Key}={kv.Value}")) + ", in turns";
                    break;
                case BaselineKind.Pgbench:
                    (app, baseline, measured) = await Step(
                        () => PgbenchTurns.MeasureAsync(run, name, running.Url + scenario.Path, running, wrk, pgbench, scenario.WarmupMin, cluster ? cpu.Around : null),
                        "wrk or the pgbench baseline failed");
                    baselineName = "pgbench upsert (tx/s), in turns";
                    pgbenchTransactions = baseline.Requests;
                    tally.PgbenchRow = $"| {baseline.Rate} | {baseline.Latency} | {Inv.F(baseline.MeanMs, 3)} ms | {baseline.Errors} |";
                    break;
                default:
                    var single = await Step(async () =>
                    {
                        await wrk.WarmUpAsync(name + "-app", running.Url + scenario.Path, scenario.WarmupMin);
                        return await wrk.MeasureAsync(name + "-app", running.Url + scenario.Path, cluster ? cpu.Around : null);
                    }, "wrk failed");
                    measured = [single];
                    app = Figures.Of(single);
                    break;
            }

            var warmUp = WrkRun.ParseAll(await File.ReadAllTextAsync(run.RawFile(name + "-app-warmup"), run.Cancellation));
            if (scenario.Baseline is BaselineKind.Kestrel or BaselineKind.SameApp)
            {
                measured = WrkRun.ParseAll(await File.ReadAllTextAsync(run.RawFile(name + "-app-1"), run.Cancellation));
            }

            var after = new List<string>();
            if (scenario.HasDrain)
            {
                // Asynchronous work the requests started (events, sagas): the scenario polls a real read path until it caught up.
                Console.WriteLine($"   {name}: drain");
                var drain = new DrainContext(prepared, warmUp, measured, DateTimeOffset.UtcNow);
                bool drained;
                try
                {
                    drained = await scenario.DrainAsync(drain);
                }
                catch (Exception ex) when (ex is HttpRequestException or InvalidOperationException or System.Text.Json.JsonException)
                {
                    drain.Report.Add("- The drain step failed: " + ex.Message);
                    drained = false;
                }

                foreach (var line in drain.Report)
                {
                    Console.WriteLine("      " + line);
                }

                after.AddRange(["### " + name, "", .. drain.Report, ""]);
                if (!drained)
                {
                    run.Log.Problems.Add($"{name}: the drain step failed: the asynchronous work did not catch up (see *After the measurement*).");
                    drainFailed = true;
                }
            }

            if (cpu.Taken && pgBefore is not null)
            {
                // Where the time went: CPU per component over the measured run, and database writes from the end of
                // prepare to now (the drain, if any, has let the asynchronous work finish), per request.
                await Task.Delay(2000, run.Cancellation); // PostgreSQL backends report their statistics at most once a second
                var pgAfter = await PgWrites.SnapshotAsync(infrastructure.ConnectionString, run.Cancellation);
                var measuredRequests = WrkRun.ParseAll(await File.ReadAllTextAsync(run.RawFile(name + "-app"), run.Cancellation)).Sum(r => r.Requests);
                var requests = warmUp.Sum(r => r.Requests) + measured.Sum(r => r.Requests);
                List<string> where = [.. cpu.Report(measuredRequests), "", .. PgWrites.Report(pgBefore, pgAfter, requests, pgbenchTransactions)];
                foreach (var line in where)
                {
                    Console.WriteLine("      " + line);
                }

                if (!scenario.HasDrain)
                {
                    after.AddRange(["### " + name, ""]);
                }

                after.AddRange([.. where, ""]);
            }

            run.Log.After.AddRange(after);
        }
        catch (StepFailedException failed)
        {
            status = "ERROR: " + failed.Message;
            Console.Error.WriteLine("   " + status + ": " + failed.InnerException?.Message);
            run.Log.Problems.AddRange([
                $"{name}: {status}. {failed.InnerException?.Message.Split('\n')[0]} Log tails:", "```", running?.LogTails() ?? "(the app did not start)", "```",
            ]);
        }
        finally
        {
            if (running is not null)
            {
                await running.DisposeAsync();
            }
        }

        var row = $"| {name} | {mode} | {scenario.Request} |";
        if (status is not null)
        {
            tally.Rows.Add($"{row} - | - | - | {baselineName} | {(baseline is null ? "-" : baseline.Rate)} | {baseline?.Latency ?? "- / - / -"} | - | - | ERROR |");
            tally.Failures++;
            return;
        }

        var (ratio, target, result, failedVerdict) = Verdict.Judge(scenario, app, baseline, drainFailed);
        if (failedVerdict)
        {
            tally.Failures++;
        }

        if (app.Errors != 0)
        {
            run.Log.Problems.Add($"{name}: wrk counted {app.Errors} errors (connect/read/write/timeout or HTTP status >= 400); see its raw output below.");
        }

        tally.Rows.Add($"{row} {app.Rate} | {app.Latency} | {app.Errors} | {baselineName} | {(baseline is null ? "-" : baseline.Rate)} | "
            + $"{baseline?.Latency ?? "- / - / -"} | {ratio} | {target} | {result} |");
        Console.WriteLine($"   -> app {app.Rate} req/s vs baseline {(baseline is null ? "-" : baseline.Rate)}: {ratio}  {result}");
    }

    private async Task<(RunningApp, WrkDriver)> StartBaselineAsync(
        Scenario scenario, IReadOnlyDictionary<string, string> appEnvironment, string signingKey, string script)
    {
        var environment = new Dictionary<string, string>(appEnvironment);
        foreach (var (key, value) in scenario.BaselineEnvironment)
        {
            environment[key] = value;
        }

        var second = await launcher.StartAsync(scenario, environment, "baseline");
        try
        {
            var prepared = new PrepareContext(new Uri(second.Url), signingKey, run.RunDirectory, Http, run.Cancellation);
            await scenario.PrepareAsync(prepared);
            return (second, new WrkDriver(run, script, scenario.Headers, prepared.Exports));
        }
        catch
        {
            await second.DisposeAsync();
            throw;
        }
    }

    /// <summary>A step whose failure ends the scenario with an ERROR row saying which step failed.</summary>
    private async Task<T> Step<T>(Func<Task<T>> step, string failure)
    {
        try
        {
            return await step();
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !run.Cancellation.IsCancellationRequested)
        {
            throw new StepFailedException(failure, ex);
        }
    }
}
