using System.Text;
using OneDay.Bench.Running;

namespace OneDay.Bench.Reporting;

/// <summary>
/// The whole run as markdown (bench/.work/runs/STAMP-PID/results.md): the table, how it was measured, the machine,
/// what came after each measurement, problems, every command and the raw outputs. The results filer cuts it
/// into each scenario's part (Results/RunResults.cs), so its layout is what that parser reads.
/// </summary>
internal static class RunReport
{
    public static string Write(RunContext run, RunTally tally, RunFacts facts, Infrastructure infrastructure)
    {
        var s = run.Settings;
        var log = run.Log;
        var o = new StringBuilder();
        void L(string line = "") => o.Append(line).Append('\n');

        L($"# Bench run {run.Stamp} ({facts.ShortName})");
        L();
        if (s.Note is { } note)
        {
            L("> Note: " + note);
            L();
        }

        L($"Run `{facts.Invocation}` from {facts.StartedAt} to {facts.FinishedAt} (UTC), BENCH_DURATION={s.Duration} s per measurement.");
        L();
        L(RunTally.TableHeader);
        L("|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var row in tally.Rows)
        {
            L(row);
        }

        if (tally.PgbenchRow is { } pgRow)
        {
            L();
            L("Raw pgbench single-row upserts on a throwaway PostgreSQL with fsync on (the baseline of persisted-write");
            L("scenarios, held to >= 0.5x its tx/s):");
            L();
            L("| tx/s | p50 / p99 / max ms | mean | failed |");
            L("|---|---|---|---|");
            L(pgRow);
        }

        L();
        L("## How this was measured");
        L();
        L($"- Never two servers under load at once. App and baseline are measured **in turns**: each is warmed up, then {s.Pairs}");
        L($"  pairs of {s.Duration} s runs follow (app first in odd pairs, baseline first in even ones). A server whose turn it is not");
        L($"  is frozen (SIGSTOP), so it uses no CPU, and a thawed server gets {s.ResumeRound} s of discarded load before its run.");
        L("  pgbench warms up on its fresh table before the app starts, and runs on the same PostgreSQL while the app is frozen.");
        L("  Their figures pool the runs (requests over time; percentiles from wrk's merged latency histograms), so a drift");
        L("  in the machine's speed falls on both sides. The baseline gets the app run's own wrk script and headers (same");
        L("  paths, tokens and Lua), so the load generator, which shares the cores, costs the same on both sides.");
        L($"  Warm-up: discarded rounds of {s.WarmupRound} s, at least {s.Warmup} s of them (or the scenario's WarmupMin), then until two");
        L($"  in a row agreed within {s.WarmupTolerance}% (tiered JIT and dynamic PGO recompile thousands of methods in the first");
        L($"  30-60 s of load on this machine), at most {s.WarmupMax} s. pgbench: one {s.WarmupRound} s warm-up.");
        L("  Warm-up rounds (req/s) per measurement:");
        foreach (var (label, rates, settled) in log.WarmUps)
        {
            L($"  - {label}: {(rates.Count == 0 ? "none" : string.Join(' ', rates))}{(settled ? "" : " (not settled)")}");
        }

        if (log.Pairs.Count > 0)
        {
            L();
            L($"Measured runs in turns (req/s; each {s.Duration} s):");
            L();
            L("| scenario | pair | order | app | baseline | ratio |");
            L("|---|---|---|---|---|---|");
            foreach (var (scenario, pair, order, app, baseline) in log.Pairs)
            {
                L($"| {scenario} | {pair} | {order} | {app} | {baseline} | {Inv.Ratio(app, baseline)} |");
            }

            L();
        }

        L($"- Load: wrk, {s.Connections} connections, {s.Threads} threads, --latency, --timeout {s.WrkTimeout}, on the same machine:");
        L($"  wrk and the server share the {Environment.ProcessorCount} cores, so absolute numbers are lower than on separate machines;");
        L("  compare ratios, not absolutes. Latencies come from wrk's own histogram via bench/lua/report.lua");
        L("  (each app run's script, under bench/.work/runs/, is the scenario's method/body/Lua followed by report.lua).");
        L("- **wrk is closed-loop** (each connection waits for its answer before sending the next request), so it");
        L("  suffers from coordinated omission: p99 and max here are optimistic, not what an open-loop client would see.");
        L("- The app ran with `Logging__LogLevel__Default=Warning Logging__LogLevel__OneDay=Warning` (no per-request");
        L("  logs); the bare Kestrel baseline has no logging providers at all, so neither logs per request. Other");
        L("  settings are the app's defaults (including the Orleans dashboard, on by default).");
        L($"- GC: {facts.GcModes}.");
        if (facts.Embedded)
        {
            L("- Embedded mode: one OneDay.Embedded process (the gateway co-hosting a silo with every domain) and in-memory storage.");
        }

        if (facts.Cluster)
        {
            L($"- Cluster mode, the deployed topology: {AppLauncher.DomainGroups.Count} OneDay.Silo processes in their domain groups ("
                + string.Join(" | ", AppLauncher.DomainGroups.Select(g => g.Domains)) + ")");
            L("  and the OneDay.Api gateway, mutual TLS between them (certificates from `OneDay.Silo secrets`), state in the run's");
            L("  PostgreSQL (migrated with `OneDay.Silo migrate`), domain events on RabbitMQ streams; the silos collect dashboard data.");
        }

        if (infrastructure.Postgres is not null)
        {
            L($"- PostgreSQL {infrastructure.PostgresVersion}, throwaway (initdb per run, 127.0.0.1, trust auth, via OneDay.Testing.PostgresServer): {infrastructure.PostgresSettings}.");
            L($"  pgbench: {s.Connections} clients, -j {s.Threads}, one autocommit upsert per transaction over {s.PgKeys} pre-filled keys");
            L("  (bench/pgbench/upsert.sql); latency percentiles from its per-transaction log (-l).");
        }

        if (infrastructure.RabbitMq is not null)
        {
            L($"- RabbitMQ {infrastructure.RabbitMqVersion} (Erlang {infrastructure.ErlangVersion}), throwaway node (127.0.0.1, own node name, epmd and data dir, no");
            L("  plugins, default server settings, via OneDay.Testing.RabbitMqServer) for cluster scenarios. Silos got");
            L("  `OneDay__Streams__Provider=RabbitMQ OneDay__RabbitMq__Host=127.0.0.1 OneDay__RabbitMq__Port=<port>");
            L("  OneDay__RabbitMq__QueueNamePrefix=bench-<scenario>`; the rest are the adapter's defaults. The gateway gets no");
            L("  broker or database settings, as deployed.");
        }

        L();
        L("## Machine");
        L();
        L($"- CPU: {Environment.ProcessorCount} cores (nproc){(facts.CpuModel.Length > 0 ? ", " + facts.CpuModel : "")}; memory: {facts.MemoryGiB} GiB; kernel {facts.Kernel}");
        L($"- dotnet --version: {facts.DotnetVersion}; ASP.NET Core runtime {facts.AspNetVersion}");
        L($"- wrk: {facts.WrkVersion}");
        if (infrastructure.Postgres is not null)
        {
            L($"- pgbench: {facts.PgbenchVersion}");
        }

        L($"- load average (1/5/15 min): {facts.LoadBefore} before the run, {facts.LoadAfter} after (includes this run's own load)");
        L($"- CPU busy with other processes in the second before each measurement: {string.Join(", ", log.BusyChecks)}");
        L($"- git: {facts.Commit} ({facts.Branch}){(facts.Changed > 0 ? $", working tree with {facts.Changed} changed/untracked paths" : "")}");
        if (log.After.Count > 0)
        {
            L();
            L("## After the measurement");
            L();
            L("What each scenario's drain step saw once wrk stopped (asynchronous work the requests started), and for");
            L("cluster scenarios where the CPU went during the measured run and where the database writes went.");
            L();
            foreach (var line in log.After)
            {
                L(line);
            }
        }

        if (log.Problems.Count > 0)
        {
            L();
            L("## Problems");
            L();
            foreach (var line in log.Problems)
            {
                L(line);
            }
        }

        L();
        L("## Commands");
        L();
        L("In order, as run (paths relative to the repository root; ports were free ones picked for this run).");
        L();
        L("```");
        foreach (var line in log.Commands)
        {
            L(line);
        }

        L("```");
        L();
        L("## Raw outputs");
        foreach (var (label, file) in log.RawFiles)
        {
            var lines = File.ReadAllLines(file);
            L();
            L($"<details><summary>{label}</summary>");
            L();
            L("```");
            foreach (var line in lines.Where(l => !l.StartsWith("BENCH_", StringComparison.Ordinal)))
            {
                L(line);
            }

            foreach (var line in lines.Where(l => l.StartsWith("BENCH_RESULT", StringComparison.Ordinal)))
            {
                L(line);
            }

            L("```");
            L();
            L("</details>");
        }

        return o.ToString();
    }
}
