using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace ChatBench;

/// <summary>The run's figures, its verdict against issue 20's targets, and bench/results/chat.md.</summary>
internal sealed class Report(string stamp, int conversations, int seconds, int rounds)
{
    public const double TargetRatio = 0.5;
    public const double TargetP99Ms = 50;

    private readonly List<(int Round, string Server, Sample Sample)> _saturation = [];
    private readonly DateTime _started = DateTime.UtcNow;

    // Read once: the current result and the history row name the same build.
    private readonly Lazy<(string Commit, bool Dirty)> _build = new(() => (Git("rev-parse --short HEAD"), Git("status --porcelain").Length > 0));

    public long AppRssAfterConnect { get; set; }

    public long AppRssAtEnd { get; set; }

    public Sample? AppSteady { get; set; }

    public Sample? BareSteady { get; set; }

    public void AddSaturation(int round, string server, Sample sample) => _saturation.Add((round, server, sample));

    /// <summary>Half of the app's maximum (its median round), in messages per second.</summary>
    public double SteadyRate => Median("app").MessagesPerSecond / 2;

    public double Ratio => Median("app").DeliveriesPerSecond / Median("bare").DeliveriesPerSecond;

    /// <summary>Every message sent in the steady phase reached both participants' clients.</summary>
    public bool AllDelivered => AppSteady is { } s && s.Deliveries == 2 * s.Sent;

    public long Errors => _saturation.Sum(s => s.Sample.Errors) + (AppSteady?.Errors ?? 0) + (BareSteady?.Errors ?? 0);

    public bool Passed => Ratio >= TargetRatio && AppSteady!.P99Ms <= TargetP99Ms && AllDelivered && Errors == 0;

    public string Markdown()
    {
        var app = Median("app");
        var bare = Median("bare");
        var s = new StringBuilder();
        s.AppendLine(Inv($"## Current result: {stamp} (commit {_build.Value.Commit}{(_build.Value.Dirty ? ", working tree dirty" : "")})"));
        s.AppendLine();
        s.AppendLine(Inv($"Command: `dotnet run -c Release --project bench/chat/ChatBench -- {conversations} {seconds} {rounds}` ({_started:HH:mm}-{DateTime.UtcNow:HH:mm} UTC, load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]} at the end)"));
        s.AppendLine();
        s.AppendLine(Inv($"{conversations * 2} clients in {conversations} conversations, {seconds} s windows, {rounds} rounds in turns (median round shown), 2 cores shared by the server and the clients:"));
        s.AppendLine();
        s.AppendLine("| server | deliveries/s at the maximum | messages/s | p50 / p99 ms at the maximum | errors |");
        s.AppendLine("|---|---|---|---|---|");
        s.AppendLine(Row("app: /hubs/chat, conversation grains, stored before the answer", app));
        s.AppendLine(Row("bare SignalR hub: group relay, nothing stored", bare));
        s.AppendLine();
        s.AppendLine(Inv($"Ratio (app / bare deliveries per second): **{Ratio:F2}x**, target >= {TargetRatio}x: **{Verdict(Ratio >= TargetRatio)}**"));
        s.AppendLine();
        s.AppendLine(Inv($"At half the app's maximum, {SteadyRate:F0} messages/s for {seconds} s, open loop (timed from when each send was due):"));
        s.AppendLine();
        s.AppendLine("| server | messages sent | deliveries (both participants) | p50 / p99 / max ms | errors |");
        s.AppendLine("|---|---|---|---|---|");
        s.AppendLine(SteadyRow("app", AppSteady!));
        s.AppendLine(SteadyRow("bare SignalR hub", BareSteady!));
        s.AppendLine();
        s.AppendLine(Inv($"App p99 {AppSteady!.P99Ms:F1} ms, target <= {TargetP99Ms} ms: **{Verdict(AppSteady.P99Ms <= TargetP99Ms)}**; every message reached both participants: **{Verdict(AllDelivered)}**; errors: {Errors}."));
        s.AppendLine();
        s.AppendLine(Inv($"App resident memory: {AppRssAfterConnect / 1048576.0:F0} MiB with every client connected and the conversations open, {AppRssAtEnd / 1048576.0:F0} MiB at the end."));
        s.AppendLine();
        s.AppendLine("Every round (deliveries/s, p99 ms):");
        s.AppendLine();
        foreach (var (round, server, sample) in _saturation)
        {
            s.AppendLine(Inv($"- round {round} {server}: {sample.DeliveriesPerSecond:F0}, {sample.P99Ms:F1}"));
        }

        s.AppendLine();
        s.AppendLine("### How this was measured");
        s.AppendLine();
        s.AppendLine("- Both servers are published Release builds in their own processes, both up for the whole run; the clients");
        s.AppendLine("  (Microsoft.AspNetCore.SignalR.Client, WebSockets, JSON protocol) all run in the ChatBench process. One server is");
        s.AppendLine("  under load at a time; the other idles with its clients connected.");
        s.AppendLine("- **app**: OneDay.Embedded (gateway and silo in one process, in-memory storage), the rate limits lifted. Its");
        s.AppendLine("  conversations are opened the real way: each of the employers (tokens signed with the run's key) posts a job,");
        s.AppendLine("  a worker applies, and the application saga opens the conversation. A send is answered once the conversation");
        s.AppendLine("  grain stored it; the grain pushes it to each participant's connections through the gateway's observer.");
        s.AppendLine("- **bare**: bench/baseline/BareHub, a SignalR hub that numbers each message and sends it to the");
        s.AppendLine("  conversation's group, no grains, no storage, no authentication.");
        s.AppendLine("- **maximum**: each conversation keeps one send outstanding, its two participants taking turns; deliveries =");
        s.AppendLine("  messages received by a participant's client (two per message: the sender's devices get it too, as in the app).");
        s.AppendLine("  A discarded warm-up of the same load comes first. Latency = due time of the send to receipt, Stopwatch in one");
        s.AppendLine("  process, HdrHistogram.");
        return s.ToString();
    }

    public string HistoryRow()
    {
        var app = Median("app");
        var bare = Median("bare");
        return Inv($"| {stamp} | {_build.Value.Commit}{(_build.Value.Dirty ? "*" : "")} | {bare.DeliveriesPerSecond:F0} | {app.DeliveriesPerSecond:F0} | {Ratio:F2}x | {SteadyRate:F0} | {AppSteady!.P99Ms:F1} | {Verdict(Passed)} |");
    }

    /// <summary>The results file with its current result replaced and the run's history row added.</summary>
    public static string Merge(string? existing, string current, string row)
    {
        const string history = "## History";
        var head = "# chat\n\nIssue 20's chat benchmark: the app's SignalR hub (conversation grains behind it) against a bare SignalR\n"
            + "hub relaying the same traffic, `bench/chat/ChatBench` (bench/README.md, *Chat*). Each run replaces\n*Current result* and adds a row to *History*.\n\n";
        var rows = existing is null
            ? ["| date (UTC) | commit | bare deliveries/s | app deliveries/s | ratio | steady messages/s | app p99 ms at steady | result |", "|---|---|---|---|---|---|---|---|"]
            : existing[(existing.IndexOf(history, StringComparison.Ordinal) + history.Length)..].Split('\n').Where(l => l.StartsWith('|')).ToList();
        rows.Add(row);
        return head + current + "\n" + history + "\n\nOne row per run, oldest first; *commit* with `*` was measured with uncommitted changes.\n\n" + string.Join('\n', rows) + "\n";
    }

    private Sample Median(string server)
    {
        var samples = _saturation.Where(s => s.Server == server).Select(s => s.Sample).OrderBy(s => s.DeliveriesPerSecond).ToList();
        return samples[samples.Count / 2];
    }

    private static string Row(string name, Sample s) =>
        Inv($"| {name} | {s.DeliveriesPerSecond:F0} | {s.MessagesPerSecond:F0} | {s.P50Ms:F1} / {s.P99Ms:F1} | {s.Errors} |");

    private static string SteadyRow(string name, Sample s) =>
        Inv($"| {name} | {s.Sent} | {s.Deliveries} | {s.P50Ms:F1} / {s.P99Ms:F1} / {s.MaxMs:F1} | {s.Errors} |");

    private static string Verdict(bool ok) => ok ? "PASS" : "FAIL";

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    private static string Git(string arguments)
    {
        using var git = Process.Start(new ProcessStartInfo("git", arguments) { RedirectStandardOutput = true, WorkingDirectory = OneDay.Testing.RepoPaths.Root })!;
        var output = git.StandardOutput.ReadToEnd().Trim();
        git.WaitForExit();
        return output;
    }
}
