using System.Text.RegularExpressions;
using static OneDay.Bench.Results.Markdown;

namespace OneDay.Bench.Results;

/// <summary>
/// One bench run's results.md (written by the runner under bench/.work/runs/), read back and cut into the
/// part that concerns each scenario, for its results file.
/// </summary>
internal sealed partial class RunResults
{
    private readonly List<string> _preamble;
    private readonly List<(string Heading, List<string> Body)> _sections;
    private readonly string _invocation;
    private readonly string _commit;
    private readonly string _note;
    private readonly Dictionary<string, string[]> _rows = new(StringComparer.Ordinal);
    private readonly List<string> _rowOrder = [];
    private readonly string[]? _pgbenchRow;

    public RunResults(string text)
    {
        var lines = Lines(text);
        var m = Title().Match(lines[0]);
        if (!m.Success)
        {
            throw new FormatException("not a bench run results file: " + lines[0]);
        }

        Stamp = m.Groups[1].Value;
        Label = m.Groups[2].Value;
        (_preamble, _sections) = SplitSections(lines);
        var invocation = Invocation().Match(text);
        _invocation = invocation.Success ? invocation.Groups[1].Value : "";
        _commit = CommitOf(text);
        _note = NoteOf(_preamble);
        foreach (var line in _preamble)
        {
            if (line.StartsWith("| ", StringComparison.Ordinal) && !line.StartsWith("| scenario ", StringComparison.Ordinal)
                && !line.StartsWith("| tx/s ", StringComparison.Ordinal) && Cells(line) is { Length: 12 } cells)
            {
                if (!_rows.ContainsKey(cells[0]))
                {
                    _rowOrder.Add(cells[0]);
                }

                _rows[cells[0]] = cells;
            }
        }

        var header = _preamble.FindIndex(l => l.StartsWith("| tx/s ", StringComparison.Ordinal));
        _pgbenchRow = header >= 0 ? Cells(_preamble[header + 2]) : null;
        ReferenceOnly = _pgbenchRow is not null && !_rows.Values.Any(r => r[6].StartsWith("pgbench", StringComparison.Ordinal));
    }

    public string Stamp { get; }

    public string Label { get; }

    /// <summary>The pgbench baseline was measured on its own, for reference (no scenario measured it in turns).</summary>
    public bool ReferenceOnly { get; }

    public IReadOnlyList<string> Names() => [.. _rowOrder, .. ReferenceOnly ? ["pgbench-reference"] : Array.Empty<string>()];

    public IReadOnlyList<ResultEntry> Entries(string? note = null)
    {
        note ??= _note;
        var settings = SettingsOf(_invocation, "BENCH_(?!PGBENCH)");
        var found = new List<ResultEntry>();
        foreach (var name in _rowOrder)
        {
            var r = _rows[name];
            var how = r[6] == "-" ? "-" : r[6].Contains("in turns", StringComparison.Ordinal) ? "in turns" : "alone";
            var baseline = r[7] == "-" ? "-" : $"{r[7]} ({how})";
            var p99 = r[4].Contains(" / ", StringComparison.Ordinal) ? r[4].Split(" / ")[1] : r[4];
            var result = r[11].Replace("*", "", StringComparison.Ordinal);
            var row = Row([Stamp, Label, _commit, r[1], r[3], p99, baseline, r[9], result, JoinNote(note, settings)]);
            var kind = r[6].StartsWith("bare Kestrel", StringComparison.Ordinal) ? "bare Kestrel"
                : r[6].StartsWith("pgbench", StringComparison.Ordinal) ? "raw pgbench upserts" : null;
            var intro = $"Scenario `{name}` (`bench/OneDay.Bench/Scenarios/`): `{r[2]}`, {r[1]} mode, "
                + (kind is null ? "no baseline" : "against " + kind) + ".\n"
                + $"`dotnet run --project bench/OneDay.Bench -c Release -- {name}` replaces *Current result* with its run and adds a\n"
                + "row to *History* (bench/README.md).";
            var section = result.StartsWith("ERROR", StringComparison.Ordinal) ? null : SectionFor(name);
            found.Add(new ResultEntry(name, name, intro, HistoryHeaders.Scenario, [Stamp, Label], row, section));
        }

        if (ReferenceOnly && _pgbenchRow is { } p)
        {
            var row = Row([Stamp, Label, _commit, p[0], p[1], p[2], p[3], JoinNote(note, settings)]);
            const string intro = "The pgbench upsert baseline measured on its own, for reference (bench/README.md, *Baselines*):\n"
                + "the runner does it on full runs and with `BENCH_PGBENCH=1`, when no selected\n"
                + "scenario measures pgbench in turns. Scenarios with a pgbench baseline record theirs in their own file.";
            found.Add(new ResultEntry(
                "pgbench-reference", "pgbench-reference", intro, HistoryHeaders.Pgbench, [Stamp, Label], row, SectionFor("pgbench-reference")));
        }

        return found;
    }

    /// <summary>The run's markdown cut down to what concerns one scenario (or 'pgbench-reference').</summary>
    public List<string> SectionFor(string target)
    {
        var names = Names();
        bool Mine(string label) => OwnerOf(label, names) == target;
        var output = new List<string> { $"## Current result: bench run {Stamp} ({Label})" };
        output.AddRange(PreambleFor(target));
        foreach (var (heading, original) in _sections)
        {
            var body = heading[3..].Trim() switch
            {
                "How this was measured" => SectionCuts.MeasuredFor(original, Mine),
                "After the measurement" => SectionCuts.AfterFor(original, target),
                "Problems" => SectionCuts.ProblemsFor(original, target, names),
                "Commands" => SectionCuts.CommandsFor(original, target, names),
                "Raw outputs" => SectionCuts.RawFor(original, Mine),
                _ => original,
            };
            if (body is null)
            {
                continue;
            }

            output.AddRange(["", "#" + heading, ""]);
            output.AddRange(Demote(body));
        }

        return Tidy(output);
    }

    private List<string> PreambleFor(string target)
    {
        var output = new List<string>();
        var pre = _preamble;
        var i = 1;
        while (i < pre.Count)
        {
            var line = pre[i];
            if (line.StartsWith("| scenario ", StringComparison.Ordinal))
            {
                // The run's table: its header and this scenario's row.
                var table = new List<string> { line, pre[i + 1] };
                i += 2;
                while (i < pre.Count && pre[i].StartsWith('|'))
                {
                    if (Cells(pre[i])[0] == target)
                    {
                        table.Add(pre[i]);
                    }

                    i++;
                }

                if (target != "pgbench-reference")
                {
                    output.AddRange(table);
                }

                continue;
            }

            if (line.StartsWith("Raw pgbench", StringComparison.Ordinal))
            {
                var block = new List<string>();
                while (i < pre.Count && (!IsBlank(pre[i]) || block.Count == 0 || !block[^1].StartsWith('|')))
                {
                    block.Add(pre[i]);
                    i++;
                }

                if (target == "pgbench-reference" || (_rows.TryGetValue(target, out var row) && row[6].StartsWith("pgbench", StringComparison.Ordinal)))
                {
                    output.AddRange(block);
                }

                continue;
            }

            output.Add(line);
            i++;
        }

        return output.Where((l, j) => !IsBlank(l) || (j > 0 && !IsBlank(output[j - 1]))).ToList();
    }

    [GeneratedRegex(@"^# Bench run (\S+) \((.*)\)$")]
    private static partial Regex Title();

    [GeneratedRegex("^Run `([^`]*)`", RegexOptions.Multiline)]
    private static partial Regex Invocation();
}
