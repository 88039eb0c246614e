using static OneDay.Bench.Results.Markdown;

namespace OneDay.Bench.Results;

/// <summary>A scenario's latest measured figure, from the history of its results file, to quote beside another's.</summary>
internal static class LatestFigure
{
    /// <returns>The last history row that measured something (a rate, not an ERROR's dash); null when none did.</returns>
    public static (string Date, string Run, string Commit, string Rate, string P99Ms)? Of(string resultsText)
    {
        var (_, sections) = SplitSections(Lines(resultsText));
        var history = sections.FirstOrDefault(s => s.Heading == "## History").Body;
        if (history is null)
        {
            return null;
        }

        var header = history.FirstOrDefault(l => l.StartsWith("| date", StringComparison.Ordinal));
        if (header is null)
        {
            return null;
        }

        var columns = Cells(header);
        int Column(string name) => Array.IndexOf(columns, name);
        var (rate, p99) = (Column("req/s"), Column("p99 ms"));
        if (rate < 0 || p99 < 0)
        {
            return null;
        }

        foreach (var row in history.Where(l => l.StartsWith("| ", StringComparison.Ordinal) && l != header).Reverse())
        {
            var cells = Cells(row);
            if (cells.Length == columns.Length && cells[rate].Length > 0 && char.IsAsciiDigit(cells[rate][0]))
            {
                return (cells[Column("date (UTC)")], cells[Column("run")], cells[Column("commit")], cells[rate], cells[p99]);
            }
        }

        return null;
    }
}
