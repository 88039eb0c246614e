using System.Globalization;
using OneDay.Bench.Prepare;
using OneDay.Bench.Results;

namespace OneDay.Bench.Scenarios;

/// <summary>
/// POST /api/jobs/{id}/applications/{workerId}/accept on the cluster topology: the acceptance saga with its escrow.
/// The job holds the slot (a write), the escrow holds the shift's pay and fee from the employer's wallet in one
/// PostgreSQL ledger transaction, the worker's schedule reserves the shift (a write), and the job writes the
/// acceptance; the saga grain, the employer notification and job analytics consume its events after the answer.
/// Each request accepts another prepared application, once. The drain waits for every ApplicationAccepted in the
/// event store, verifies the ledger and quotes jobs-apply's latest figure beside this one.
/// </summary>
internal sealed class JobsAccept : Scenario
{
    public override string Name => "jobs-accept";
    public override string Description => "employer accepts an application, holding the pay in escrow (cluster, PostgreSQL, RabbitMQ)";
    public override AppMode Mode => AppMode.Cluster;
    public override string Method => "POST";
    public override string Path => "/api/jobs";
    public override string? Lua => "jobs-once.lua";

    // Information beside jobs-apply's figure (issue 19); no baseline, as for jobs-apply.
    public override BaselineKind Baseline => BaselineKind.None;
    public override bool SignsOwnTokens => true;
    public override bool HasDrain => true;

    public override async Task PrepareAsync(PrepareContext context)
    {
        var count = Running.BenchSettings.Int("BENCH_ACCEPT_SHIFTS", 40_000);
        var began = DateTime.UtcNow;
        var idle = await Quiet.IdleAsync(context);
        var shifts = new Shifts(context.Http, context.BaseUrl, context.SigningKey, context.Cancellation);
        await shifts.FundEmployersAsync(count);
        // Far-future shifts (60-74 days), every worker a different one: no shift starts, and no schedule conflicts.
        var start = DateTimeOffset.UtcNow.AddDays(60);
        var prepared = await shifts.PrepareAsync(count, Shifts.Stage.Applied, i => start.AddMinutes(i % (14 * 24 * 2) * 30));
        var quiet = await Quiet.WaitAsync(context, idle, TimeSpan.FromSeconds(Running.BenchSettings.Int("BENCH_ACCEPT_QUIET_TIMEOUT", 300)));
        await OnceWalk.WriteAsync(context, "accept",
            [.. prepared.Select(s => ($"/api/jobs/{s.JobId}/applications/{s.WorkerId}/accept", s.Employer))], shifts.EmployerTokens);
        context.Exports["BENCH_ACCEPT_SINCE"] = DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        context.Exports["BENCH_ACCEPT_PREPARED"] =
            $"{count} shifts of {shifts.EmployerTokens.Count} employers (funded by {shifts.TopUps} top-ups), each with one worker's pending application, "
            + $"in {Inv.F((DateTime.UtcNow - began).TotalSeconds, 0)} s; then {quiet}";
    }

    public override async Task<bool> DrainAsync(DrainContext context)
    {
        var prepared = context.Prepared;
        context.Report.Add("- Prepared: " + prepared.Exports["BENCH_ACCEPT_PREPARED"] + ".");
        var expected = context.WarmUp.Concat(context.Measured).Sum(r => r.Successes);
        var drained = await EventDrain.RunAsync(
            prepared.Http, prepared.BaseUrl, prepared.SigningKey, "jobs.application-accepted", "acceptances", prepared.Exports["BENCH_ACCEPT_SINCE"], expected,
            TimeSpan.FromSeconds(Running.BenchSettings.Int("BENCH_ACCEPT_DRAIN_TIMEOUT", 180)), context.WrkEnded, context.Report, prepared.Cancellation);
        var walked = OnceWalk.Report(prepared, "applications", context.Report);
        var verified = await LedgerCheck.VerifyAsync(prepared.Http, prepared.BaseUrl, prepared.SigningKey, context.Report, prepared.Cancellation);
        var apply = System.IO.Path.Combine(Running.BenchPaths.FromRepository().Results, "jobs-apply.md");
        context.Report.Add(File.Exists(apply) && LatestFigure.Of(await File.ReadAllTextAsync(apply, prepared.Cancellation)) is { } latest
            ? $"- For comparison, jobs-apply's latest figure (bench/results/jobs-apply.md, run {latest.Date} {latest.Run}, commit {latest.Commit}, "
                + $"not this run): {latest.Rate} req/s, p99 {latest.P99Ms} ms."
            : "- For comparison: bench/results/jobs-apply.md holds no measured figure yet.");
        return drained && walked && verified;
    }
}
