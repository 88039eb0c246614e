using System.Globalization;
using OneDay.Bench.Running;

namespace OneDay.Bench.Measure;

/// <summary>
/// wrk against one server: warm-up rounds until the rate settled (discarded), then measured runs. Every run's raw
/// output stays under the run's raw/ directory; the results list the measured ones.
/// </summary>
internal sealed class WrkDriver(RunContext run, string script, IReadOnlyList<string> headers, IReadOnlyDictionary<string, string> exports)
{
    private BenchSettings S => run.Settings;

    public IReadOnlyList<string> Arguments(string url, int seconds)
    {
        var args = new List<string>
        {
            "-d" + seconds.ToString(CultureInfo.InvariantCulture) + "s",
            "-t" + S.Threads.ToString(CultureInfo.InvariantCulture),
            "-c" + S.Connections.ToString(CultureInfo.InvariantCulture),
            "--timeout", S.WrkTimeout, "--latency", "-s", script,
        };
        foreach (var header in headers)
        {
            args.AddRange(["-H", header]);
        }

        args.Add(url);
        return args;
    }

    /// <summary>Discarded rounds until two in a row agree; every round's output also goes, one after another, to LABEL-warmup.txt.</summary>
    public async Task<List<WrkRun>> WarmUpAsync(string label, string url, int? floorSeconds)
    {
        var rule = WarmUpRule.For(S.WarmupRound, floorSeconds ?? S.Warmup, S.WarmupMax, S.WarmupTolerance);
        Console.WriteLine($"   {label}: warm-up of {rule.FloorSeconds}-{rule.CeilingSeconds}s in {S.WarmupRound}s rounds  ({url})");
        run.Log.Comment($"{label}: warm-up rounds, discarded: at least {rule.FloorSeconds} s, then until two in a row agree within {S.WarmupTolerance}% (at most {rule.CeilingSeconds} s)");
        run.Log.Record(["wrk", .. Arguments(url, S.WarmupRound)]);
        var all = run.RawFile(label + "-warmup");
        await File.WriteAllTextAsync(all, "", run.Cancellation);
        var runs = new List<WrkRun>();
        var rates = new List<long>();
        var spent = 0;
        long previous = 0;
        var settled = false;
        for (var round = 1; spent < rule.CeilingSeconds; round++)
        {
            spent += S.WarmupRound;
            var file = run.RawFile($"{label}-warmup-{round}");
            await ToolRun.ToFileAsync(file, "wrk", Arguments(url, S.WarmupRound), run.Cancellation, exports);
            var text = await File.ReadAllTextAsync(file, run.Cancellation);
            await File.AppendAllTextAsync(all, text, run.Cancellation);
            if (WrkRun.Parse(text) is not { } result)
            {
                break;
            }

            runs.Add(result);
            var rate = Figures.Of(result).Rate;
            rates.Add(rate);
            if (rule.Settled(spent, previous, rate))
            {
                settled = true;
                break;
            }

            previous = rate;
        }

        Console.WriteLine($"      warm-up: {(rates.Count == 0 ? "none" : string.Join(' ', rates))} req/s ({(settled ? "settled" : $"not settled within {rule.CeilingSeconds}s")})");
        run.Log.WarmUps.Add((label, rates, settled));
        return runs;
    }

    /// <summary>A few seconds of discarded load on a server just thawed.</summary>
    public async Task ResumeAsync(string label, string url) =>
        await ToolRun.ToFileAsync(run.RawFile(label), "wrk", Arguments(url, S.ResumeRound), run.Cancellation, exports);

    /// <summary>One measured run into raw/LABEL.txt.</summary>
    /// <param name="around">Called right before and right after the run (the CPU snapshots of cluster scenarios).</param>
    public async Task<WrkRun> MeasureAsync(string label, string url, Action<bool>? around = null)
    {
        var args = Arguments(url, S.Duration);
        run.Log.Record(["wrk", .. args]);
        var file = run.RawFile(label);
        around?.Invoke(true);
        var exit = await ToolRun.ToFileAsync(file, "wrk", args, run.Cancellation, exports);
        around?.Invoke(false);
        var text = await File.ReadAllTextAsync(file, run.Cancellation);
        run.Log.RawFiles.Add((label, file));
        if (exit != 0 || WrkRun.Parse(text) is not { } result)
        {
            throw new InvalidOperationException($"wrk failed ({label}):\n{text}");
        }

        var f = Figures.Of(result);
        Console.WriteLine($"      {label}: {f.Rate} req/s, p50 {Inv.F(f.P50Ms, 2)} ms, p99 {Inv.F(f.P99Ms, 2)} ms, max {Inv.F(f.MaxMs, 2)} ms, errors {f.Errors}");
        return result;
    }
}
