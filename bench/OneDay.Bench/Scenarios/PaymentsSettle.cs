using System.Globalization;
using OneDay.Bench.Prepare;

namespace OneDay.Bench.Scenarios;

/// <summary>
/// POST /api/jobs/{id}/confirm on the cluster topology: the employer confirms a worked shift, and that is its
/// settlement. The job completes (its write, its employer's list and the worker's schedule told), and the escrow
/// releases the pay in one PostgreSQL ledger transaction into the worker's wallet, the platform's revenue and the
/// tax withheld; the job then writes again to emit PaymentCompleted on the worker's stream. Each request confirms
/// another prepared shift, once. The drain waits for every PaymentCompleted in the event store and verifies the
/// ledger.
/// </summary>
internal sealed class PaymentsSettle : Scenario
{
    /// <summary>
    /// From a shift's post to its start: the application and the acceptance must come before the start, and the
    /// five requests take seconds even under the preparation's load.
    /// </summary>
    private static readonly TimeSpan Lead = TimeSpan.FromMinutes(1);

    public override string Name => "payments-settle";
    public override string Description => "employer confirms a worked shift: escrow released into wallets, revenue and tax (cluster, PostgreSQL, RabbitMQ)";
    public override AppMode Mode => AppMode.Cluster;
    public override string Method => "POST";
    public override string Path => "/api/jobs";
    public override string? Lua => "jobs-once.lua";

    // Issue 19: a settlement at >= 0.25x the raw upsert rate in the same run, p99 <= 50 ms.
    public override BaselineKind Baseline => BaselineKind.Pgbench;
    public override double? TargetRatio => 0.25;
    public override double? TargetP99Ms => 50;
    public override bool SignsOwnTokens => true;
    public override bool HasDrain => true;

    public override async Task PrepareAsync(PrepareContext context)
    {
        var count = Running.BenchSettings.Int("BENCH_SETTLE_SHIFTS", 30_000);
        var began = DateTime.UtcNow;
        var idle = await Quiet.IdleAsync(context);
        var shifts = new Shifts(context.Http, context.BaseUrl, context.SigningKey, context.Cancellation);
        await shifts.FundEmployersAsync(count);
        // Each shift starts soon after it is posted, so that its worker may check in at once (from 30 minutes
        // before the start); the employer may confirm only once it has started.
        var prepared = await shifts.PrepareAsync(count, Shifts.Stage.CheckedOut, _ => DateTimeOffset.UtcNow + Lead);
        await shifts.StartAsync(prepared);
        var quiet = await Quiet.WaitAsync(context, idle, TimeSpan.FromSeconds(Running.BenchSettings.Int("BENCH_SETTLE_QUIET_TIMEOUT", 300)));
        await OnceWalk.WriteAsync(context, "settle", [.. prepared.Select(s => ($"/api/jobs/{s.JobId}/confirm", s.Employer))], shifts.EmployerTokens);
        context.Exports["BENCH_SETTLE_SINCE"] = DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        context.Exports["BENCH_SETTLE_PREPARED"] =
            $"{count} shifts of {shifts.EmployerTokens.Count} employers (funded by {shifts.TopUps} top-ups), each accepted, checked in, checked out and started, "
            + $"in {Inv.F((DateTime.UtcNow - began).TotalSeconds, 0)} s; then {quiet}";
    }

    public override async Task<bool> DrainAsync(DrainContext context)
    {
        var prepared = context.Prepared;
        context.Report.Add("- Prepared: " + prepared.Exports["BENCH_SETTLE_PREPARED"] + ".");
        var expected = context.WarmUp.Concat(context.Measured).Sum(r => r.Successes);
        var drained = await EventDrain.RunAsync(
            prepared.Http, prepared.BaseUrl, prepared.SigningKey, "payments.completed", "settlements", prepared.Exports["BENCH_SETTLE_SINCE"], expected,
            TimeSpan.FromSeconds(Running.BenchSettings.Int("BENCH_SETTLE_DRAIN_TIMEOUT", 180)), context.WrkEnded, context.Report, prepared.Cancellation);
        var walked = OnceWalk.Report(prepared, "shifts", context.Report);
        var verified = await LedgerCheck.VerifyAsync(prepared.Http, prepared.BaseUrl, prepared.SigningKey, context.Report, prepared.Cancellation);
        return drained && walked && verified;
    }
}
