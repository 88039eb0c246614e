namespace OneDay.Bench.Results;

/// <summary>What one run contributes to one results file: its history row and, unless it could not run, its current result.</summary>
/// <param name="Key">The cells that identify the run in the history, so filing it again replaces its row.</param>
internal sealed record ResultEntry(
    string Name, string Title, string Intro, string Header, IReadOnlyList<string> Key, string Row, IReadOnlyList<string>? Section);
