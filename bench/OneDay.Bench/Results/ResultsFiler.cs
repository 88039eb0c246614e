using static OneDay.Bench.Results.Markdown;

namespace OneDay.Bench.Results;

/// <summary>
/// Files one run into bench/results/: each entry replaces its file's *Current result* (unless the run could not
/// measure it) and adds, or on a second filing of the same run replaces, its row at the end of *History*.
/// </summary>
internal static class ResultsFiler
{
    /// <summary>The entries of any run file: the runner's, bench/events.sh's or bench/random-ids.sh's.</summary>
    public static IReadOnlyList<ResultEntry> EntriesOf(string text, string? note = null)
    {
        var first = text.Split('\n', 2)[0];
        if (first.StartsWith("# Requests for things that do not exist", StringComparison.Ordinal))
        {
            return [OtherRuns.RandomIds(text, note)];
        }

        if (first.StartsWith("# Bench run ", StringComparison.Ordinal) && first.EndsWith(" (events)", StringComparison.Ordinal)
            && text.Contains("bench/events.sh", StringComparison.Ordinal))
        {
            return [OtherRuns.Events(text, note)];
        }

        return new RunResults(text).Entries(note);
    }

    /// <summary>Files every entry of RUN_MD; returns the paths written.</summary>
    public static IReadOnlyList<string> FileRun(string runMarkdownPath, string resultsDirectory)
    {
        var text = File.ReadAllText(runMarkdownPath);
        Directory.CreateDirectory(resultsDirectory);
        return EntriesOf(text).Select(e => FileEntry(resultsDirectory, e)).ToList();
    }

    public static string FileEntry(string resultsDirectory, ResultEntry entry)
    {
        var path = Path.GetFullPath(Path.Combine(resultsDirectory, entry.Name + ".md"));
        File.WriteAllText(path, Merge(File.Exists(path) ? File.ReadAllText(path) : null, entry));
        return path;
    }

    /// <summary>The results file's new text, from its old text (null when there is none yet).</summary>
    public static string Merge(string? existing, ResultEntry entry)
    {
        var historyIntro = HistoryHeaders.Intro + (entry.Header == HistoryHeaders.Scenario ? "\n" + HistoryHeaders.ScenarioBaseline : "");
        var separator = "|" + string.Concat(Enumerable.Repeat("---|", entry.Header.Count(c => c == '|') - 1));
        List<string> head, section, tail;
        if (existing is not null)
        {
            var lines = Lines(existing);
            var marks = OutsideFences(lines).Where(x => !x.Fenced && x.Line.StartsWith("## ", StringComparison.Ordinal)).Select(x => x.Index).ToList();
            var current = marks.First(i => lines[i].StartsWith("## Current result", StringComparison.Ordinal));
            var history = marks.First(i => lines[i] == "## History");
            head = lines[..current];
            section = lines[current..history];
            tail = lines[history..];
        }
        else
        {
            head = ["# " + entry.Title, "", entry.Intro, ""];
            section = ["## Current result", "", "None yet.", ""];
            tail = ["## History", "", historyIntro, "", entry.Header, separator];
        }

        if (entry.Section is { } replacement)
        {
            section = [.. replacement, ""];
        }

        var key = Row(entry.Key);
        tail = tail.Where(l => !l.StartsWith(key, StringComparison.Ordinal)).ToList();
        var last = tail.FindLastIndex(l => l.StartsWith('|'));
        tail.Insert(last + 1, entry.Row);
        return string.Join('\n', [.. head, .. section, .. tail]) + "\n";
    }
}
