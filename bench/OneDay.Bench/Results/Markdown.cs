using System.Text.RegularExpressions;

namespace OneDay.Bench.Results;

/// <summary>Line-level markdown helpers for the results files: code blocks are left as they are.</summary>
internal static partial class Markdown
{
    /// <summary>Each line with whether it is inside a code block; fence lines themselves count as inside.</summary>
    public static IEnumerable<(int Index, string Line, bool Fenced)> OutsideFences(IReadOnlyList<string> lines)
    {
        var fenced = false;
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            if (line.StartsWith("```", StringComparison.Ordinal))
            {
                fenced = !fenced;
                yield return (i, line, true);
            }
            else
            {
                yield return (i, line, fenced);
            }
        }
    }

    /// <summary>The preamble (title included) and the sections at the '## ' headings outside code blocks.</summary>
    public static (List<string> Preamble, List<(string Heading, List<string> Body)> Sections) SplitSections(IReadOnlyList<string> lines)
    {
        var preamble = new List<string>();
        var sections = new List<(string Heading, List<string> Body)>();
        foreach (var (_, line, fenced) in OutsideFences(lines))
        {
            if (!fenced && line.StartsWith("## ", StringComparison.Ordinal))
            {
                sections.Add((line, []));
            }
            else if (sections.Count > 0)
            {
                sections[^1].Body.Add(line);
            }
            else
            {
                preamble.Add(line);
            }
        }

        return (preamble, sections);
    }

    /// <summary>Every heading one level deeper.</summary>
    public static List<string> Demote(IReadOnlyList<string> lines) =>
        OutsideFences(lines).Select(x => !x.Fenced && x.Line.StartsWith('#') ? "#" + x.Line : x.Line).ToList();

    public static List<string> Trim(IReadOnlyList<string> lines)
    {
        var start = 0;
        var end = lines.Count;
        while (start < end && IsBlank(lines[start]))
        {
            start++;
        }

        while (end > start && IsBlank(lines[end - 1]))
        {
            end--;
        }

        return lines.Skip(start).Take(end - start).ToList();
    }

    /// <summary>One blank line around headings and between paragraphs, none doubled; code blocks as they are.</summary>
    public static List<string> Tidy(IReadOnlyList<string> lines)
    {
        var output = new List<string>();
        var afterHeading = false;
        foreach (var (_, line, fenced) in OutsideFences(Trim(lines)))
        {
            var heading = !fenced && line.StartsWith('#');
            var blank = !fenced && IsBlank(line);
            if (blank && output.Count > 0 && IsBlank(output[^1]))
            {
                continue;
            }

            if ((heading && output.Count > 0 && !IsBlank(output[^1])) || (afterHeading && !blank))
            {
                output.Add("");
            }

            output.Add(line);
            afterHeading = heading;
        }

        return output;
    }

    /// <summary>The cells of a table row, trimmed.</summary>
    public static string[] Cells(string row) =>
        row.Trim().Trim('|').Split('|').Select(c => c.Trim()).ToArray();

    /// <summary>Text made safe for one table cell.</summary>
    public static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);

    public static string Row(IEnumerable<string> cells) => "| " + string.Join(" | ", cells.Select(Cell)) + " |";

    public static bool IsBlank(string line) => string.IsNullOrWhiteSpace(line);

    /// <summary>Text as lines, without its trailing newlines.</summary>
    public static List<string> Lines(string text) => text.TrimEnd('\n').Split('\n').ToList();

    /// <summary>The scenario a label such as 'jobs-get-app-2' or 'users-put-me-baseline' belongs to.</summary>
    public static string? OwnerOf(string label, IEnumerable<string> names)
    {
        foreach (var name in names.OrderByDescending(n => n.Length))
        {
            if (label == name || Regex.IsMatch(label, "^" + Regex.Escape(name) + @"-(app|baseline|pairs)(-\d+)?$"))
            {
                return name;
            }
        }

        return null;
    }

    /// <summary>The measured commit, short, with '*' when the working tree had changes.</summary>
    public static string CommitOf(string text)
    {
        var m = GitLine().Match(text);
        if (m.Success)
        {
            return m.Groups[1].Value[..7] + (DirtyWords().IsMatch(m.Groups[2].Value) ? "*" : "");
        }

        m = CommitParenthesis().Match(text);
        return m.Success ? m.Groups[1].Value[..7] + (m.Groups[2].Success ? "*" : "") : "?";
    }

    /// <summary>The environment settings of a command line, as 'A=1 B=2', without the ones that only name the run.</summary>
    public static string SettingsOf(string invocation, string keepPattern)
    {
        var prefix = invocation;
        foreach (var command in new[] { " bash ", " dotnet " })
        {
            var at = prefix.IndexOf(command, StringComparison.Ordinal);
            if (at >= 0)
            {
                prefix = prefix[..at];
            }
        }

        var found = Setting().Matches(prefix).Select(m => m.Groups[1].Value);
        return string.Join(' ', found.Where(s => Regex.IsMatch(s, "^(?:" + keepPattern + ")")
            && !s.StartsWith("BENCH_NAME=", StringComparison.Ordinal) && !s.StartsWith("BENCH_NOTE=", StringComparison.Ordinal)));
    }

    public static string JoinNote(params string[] parts) => string.Join("; ", parts.Where(p => p.Length > 0));

    /// <summary>The text of the first '> Note: ' line.</summary>
    public static string NoteOf(IEnumerable<string> lines) =>
        lines.FirstOrDefault(l => l.StartsWith("> Note: ", StringComparison.Ordinal)) is { } line ? line["> Note: ".Length..].Trim() : "";

    [GeneratedRegex(@"^- git: ([0-9a-f]{7,40})\b(.*)$", RegexOptions.Multiline)]
    private static partial Regex GitLine();

    [GeneratedRegex("working tree|dirty")]
    private static partial Regex DirtyWords();

    [GeneratedRegex(@"\(commit ([0-9a-f]{7,40})( dirty)?\)")]
    private static partial Regex CommitParenthesis();

    [GeneratedRegex(@"\b([A-Z][A-Z_]*=\S+)")]
    private static partial Regex Setting();
}
