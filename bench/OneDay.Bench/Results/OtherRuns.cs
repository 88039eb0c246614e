using System.Text.RegularExpressions;
using static OneDay.Bench.Results.Markdown;

namespace OneDay.Bench.Results;

/// <summary>The runs of bench/events.sh and bench/random-ids.sh, each filed whole into its one results file.</summary>
internal static partial class OtherRuns
{
    public static ResultEntry Events(string text, string? note)
    {
        var lines = Lines(text);
        var stamp = EventsTitle().Match(lines[0]).Groups[1].Value;
        var plain = Cells(lines.First(l => l.StartsWith("| plain", StringComparison.Ordinal)));
        var app = Cells(lines.First(l => l.StartsWith("| grain outbox", StringComparison.Ordinal)));
        var m = EventsVerdict().Match(text);
        var invocation = Invocation().Match(text);
        var settings = SettingsOf(invocation.Success ? invocation.Groups[1].Value : "", "BENCH_");
        var row = Row([
            stamp, "events", CommitOf(text), plain[4], app[4], m.Success ? m.Groups[1].Value : "?",
            app[5].Split(" / ")[1], m.Success ? m.Groups[2].Value : "?", JoinNote(note ?? NoteOf(lines), settings),
        ]);
        const string intro = "Domain events end to end through the RabbitMQ stream provider against a plain RabbitMQ.Client loop,\n"
            + "`bash bench/events.sh` (bench/README.md, *Domain events*). Each run replaces *Current result* and adds\n"
            + "a row to *History*; *ratio* = app events/s / plain events/s.";
        return new ResultEntry("events", "events", intro, HistoryHeaders.Events, [stamp, "events"], row,
            Whole(lines, $"## Current result: bench run {stamp} (events)"));
    }

    public static ResultEntry RandomIds(string text, string? note)
    {
        var lines = Lines(text);
        var stamp = RandomIdsStamp().Match(lines[0]).Groups[1].Value;
        var table = new List<(string Key, string Value)>();
        foreach (var line in lines.Where(l => l.StartsWith("| ", StringComparison.Ordinal) && !l.StartsWith("| resident", StringComparison.Ordinal)))
        {
            var c = Cells(line);
            var value = c.Length > 1 ? c[1] : "";
            var at = table.FindIndex(x => x.Key == c[0]);
            if (at >= 0)
            {
                table[at] = (c[0], value); // a repeated key keeps its place, as a dictionary's would
            }
            else
            {
                table.Add((c[0], value));
            }
        }

        string Pick(string prefix) => table.FirstOrDefault(x => Regex.IsMatch(x.Key, "^(?:" + prefix + ")")).Value ?? "-";
        var sentKey = table.FirstOrDefault(x => x.Key.StartsWith("right after", StringComparison.Ordinal)).Key;
        var sent = sentKey is not null && Digits().Match(sentKey) is { Success: true } d ? d.Value : "-";
        var m = Verdict().Match(text);
        var invocation = CommandLine().Match(text);
        var settings = SettingsOf(invocation.Success ? invocation.Groups[1].Value : "", "(REQUESTS|SETTLE)=");
        var row = Row([
            stamp, CommitOf(text), sent, Pick("before"), Pick("right after"), Pick(@"\d+ s later"), Pick("then after"),
            m.Success ? m.Groups[1].Value : "?", JoinNote(note ?? NoteOf(lines), settings),
        ]);
        const string intro = "Resident memory of the embedded app after 100,000 requests for things that do not exist,\n"
            + "`bash bench/random-ids.sh` (bench/README.md, *Requests for things that do not exist*). Each run\n"
            + "replaces *Current result* and adds a row to *History*; the changes are against *before*.";
        return new ResultEntry("random-ids", "random-ids", intro, HistoryHeaders.RandomIds, [stamp], row,
            Whole(lines, $"## Current result: {stamp}"));
    }

    private static List<string> Whole(List<string> lines, string heading) => Tidy([heading, .. Demote(lines[1..])]);

    [GeneratedRegex(@"^# Bench run (\S+) \(events\)")]
    private static partial Regex EventsTitle();

    [GeneratedRegex(@"\*\*([\d.]+x)\*\*.*\*\*(PASS|FAIL)\*\*")]
    private static partial Regex EventsVerdict();

    [GeneratedRegex(@"\*\*(PASS|FAIL)\*\*")]
    private static partial Regex Verdict();

    [GeneratedRegex("^Run `([^`]*)`", RegexOptions.Multiline)]
    private static partial Regex Invocation();

    [GeneratedRegex("^Command: `([^`]*)`", RegexOptions.Multiline)]
    private static partial Regex CommandLine();

    [GeneratedRegex(@"\((\d{4}-\d\d-\d\dT\d{4}Z)\)")]
    private static partial Regex RandomIdsStamp();

    [GeneratedRegex(@"\d+")]
    private static partial Regex Digits();
}
