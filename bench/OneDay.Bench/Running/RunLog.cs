using System.Text.RegularExpressions;

namespace OneDay.Bench.Running;

/// <summary>What a run records for its results file besides the figures: commands, problems, warm-ups, pairs, raw outputs.</summary>
internal sealed partial class RunLog(BenchPaths paths)
{
    public List<string> Commands { get; } = [];

    /// <summary>Problems worth a line in the results.</summary>
    public List<string> Problems { get; } = [];

    /// <summary>What drain steps and the per-component reports said, after each scenario's measured run.</summary>
    public List<string> After { get; } = [];

    public List<(string Label, IReadOnlyList<long> Rates, bool Settled)> WarmUps { get; } = [];

    public List<(string Scenario, int Pair, string Order, long App, long Baseline)> Pairs { get; } = [];

    public List<(string Label, string File)> RawFiles { get; } = [];

    /// <summary>"label N%": how busy the CPU already was with processes the run did not start.</summary>
    public List<string> BusyChecks { get; } = [];

    public void Comment(string text) => Commands.Add("# " + text);

    /// <summary>A command line, shell-quoted, with paths relative to the repository and key values left out
    /// (a key printed in a committed results file is published).</summary>
    public void Record(IEnumerable<string> command)
    {
        var line = string.Join(' ', command.Select(Quote));
        line = KeyValue().Replace(line, "${1}<random>");
        Commands.Add(line.Replace(paths.Root + "/", "", StringComparison.Ordinal));
    }

    public static string Quote(string word) =>
        word.Length > 0 && SafeWord().IsMatch(word) ? word : "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    [GeneratedRegex(@"(Key=)[A-Za-z0-9+/=\\]+")]
    private static partial Regex KeyValue();

    [GeneratedRegex(@"^[A-Za-z0-9_@%+=:,./-]+$")]
    private static partial Regex SafeWord();
}
