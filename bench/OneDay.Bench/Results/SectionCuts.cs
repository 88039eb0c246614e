using System.Text.RegularExpressions;
using static OneDay.Bench.Results.Markdown;

namespace OneDay.Bench.Results;

/// <summary>Each section of a run's results.md cut down to one scenario's lines.</summary>
internal static partial class SectionCuts
{
    public static List<string> MeasuredFor(List<string> body, Func<string, bool> mine)
    {
        var output = new List<string>();
        var i = 0;
        while (i < body.Count)
        {
            var line = body[i];
            var m = WarmUpItem().Match(line);
            if (m.Success && !mine(m.Groups[1].Value))
            {
                i++;
                continue;
            }

            if (line.StartsWith("Measured runs in turns", StringComparison.Ordinal))
            {
                var block = new List<string> { line };
                i++;
                while (i < body.Count && !body[i].StartsWith("- ", StringComparison.Ordinal))
                {
                    block.Add(body[i]);
                    i++;
                }

                var rows = block.Where(l => l.StartsWith("| ", StringComparison.Ordinal)
                    && !l.StartsWith("| scenario ", StringComparison.Ordinal) && mine(Cells(l)[0])).ToList();
                if (rows.Count > 0)
                {
                    output.AddRange([block[0], ""]);
                    output.AddRange(block.Where(l => l.StartsWith("| scenario ", StringComparison.Ordinal) || l.StartsWith("|---", StringComparison.Ordinal)));
                    output.AddRange(rows);
                    output.Add("");
                }

                continue;
            }

            output.Add(line);
            i++;
        }

        // The warm-up list's heading stays only above rounds of this scenario.
        return output.Where((l, j) => !(l.Trim().StartsWith("Warm-up rounds (req/s)", StringComparison.Ordinal)
            && !(j + 1 < output.Count && output[j + 1].StartsWith("  - ", StringComparison.Ordinal)))).ToList();
    }

    public static List<string>? AfterFor(List<string> body, string target)
    {
        var intro = new List<string>();
        var parts = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        string? current = null;
        foreach (var (_, line, fenced) in OutsideFences(body))
        {
            if (!fenced && line.StartsWith("### ", StringComparison.Ordinal))
            {
                current = line[4..].Trim();
                parts[current] = [line];
            }
            else if (current is null)
            {
                intro.Add(line);
            }
            else
            {
                parts[current].Add(line);
            }
        }

        return parts.TryGetValue(target, out var part) ? [.. Trim(intro), "", .. Trim(part), ""] : null;
    }

    public static List<string>? ProblemsFor(List<string> body, string target, IReadOnlyList<string> names)
    {
        var entries = new List<List<string>>();
        foreach (var (_, line, fenced) in OutsideFences(body))
        {
            if (fenced && entries.Count > 0)
            {
                entries[^1].Add(line); // a code block (log tails) belongs to the entry above it
            }
            else if (!IsBlank(line))
            {
                entries.Add([line]);
            }
        }

        var output = new List<string>();
        foreach (var entry in entries)
        {
            var labels = Word().Matches(Punctuation().Replace(entry[0], " ")).Select(m => m.Value);
            var owners = labels.Select(l => OwnerOf(l, names)).OfType<string>().ToHashSet(StringComparer.Ordinal);
            if (owners.Count == 0 || owners.Contains(target))
            {
                output.AddRange(entry);
                output.Add("");
            }
        }

        return output.Count > 0 ? ["", .. output] : null;
    }

    public static List<string> CommandsFor(List<string> body, string target, IReadOnlyList<string> names)
    {
        var start = body.FindIndex(l => l.StartsWith("```", StringComparison.Ordinal));
        var end = body.FindLastIndex(l => l.StartsWith("```", StringComparison.Ordinal));
        // Each block: its owner (a scenario, "*" for the build, null for shared set-up), its label, its lines.
        var blocks = new List<(string? Owner, string Label, List<string> Lines)>();
        for (var i = start + 1; i < end; i++)
        {
            var line = body[i];
            if (line.StartsWith("# ", StringComparison.Ordinal) || blocks.Count == 0)
            {
                var m = CommentLabel().Match(line);
                var label = m.Success ? m.Groups[1].Value.Trim() : "";
                blocks.Add((label == "build" ? "*" : OwnerOf(label, names), label, []));
            }

            blocks[^1].Lines.Add(line);
        }

        // Shared set-up (a throwaway PostgreSQL or RabbitMQ) goes with the scenario that started it, the next one
        // in the list; the pgbench reference also gets the PostgreSQL it ran on, whoever started it.
        var keep = new HashSet<int>();
        for (var i = 0; i < blocks.Count; i++)
        {
            var (owner, label, _) = blocks[i];
            if (owner == "*" && target != "pgbench-reference")
            {
                keep.Add(i);
            }
            else if (owner is null && target == "pgbench-reference" && label.StartsWith("throwaway PostgreSQL", StringComparison.Ordinal))
            {
                keep.Add(i);
            }
            else if (owner == target)
            {
                keep.Add(i);
                for (var j = i - 1; j >= 0 && blocks[j].Owner is null; j--)
                {
                    keep.Add(j);
                }
            }
        }

        var kept = blocks.Where((_, i) => keep.Contains(i)).SelectMany(b => b.Lines);
        return [.. body.Take(start + 1), .. kept, .. body.Skip(end)];
    }

    public static List<string> RawFor(List<string> body, Func<string, bool> mine)
    {
        var output = new List<string>();
        var keep = true;
        foreach (var (_, line, fenced) in OutsideFences(body))
        {
            var m = fenced ? null : Summary().Match(line);
            if (m is { Success: true })
            {
                keep = mine(m.Groups[1].Value);
            }

            if (keep)
            {
                output.Add(line);
            }
        }

        return output;
    }

    [GeneratedRegex(@"^  - ([A-Za-z0-9._+-]+): ")]
    private static partial Regex WarmUpItem();

    [GeneratedRegex("[A-Za-z0-9._+-]+")]
    private static partial Regex Word();

    [GeneratedRegex("[:.,]")]
    private static partial Regex Punctuation();

    [GeneratedRegex("^# ([^:(]*)")]
    private static partial Regex CommentLabel();

    [GeneratedRegex("^<details><summary>([^<]*)</summary>")]
    private static partial Regex Summary();
}
