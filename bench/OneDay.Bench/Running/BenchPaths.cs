using OneDay.Testing;

namespace OneDay.Bench.Running;

/// <summary>Where the harness reads and writes: bench/ in the repository, and its git-ignored bench/.work/.</summary>
internal sealed record BenchPaths(string Root)
{
    public static BenchPaths FromRepository() => new(RepoPaths.Root);

    public string Bench => Path.Combine(Root, "bench");
    public string Work => Path.Combine(Bench, ".work");
    public string Results => Path.Combine(Bench, "results");
    public string Lua => Path.Combine(Bench, "lua");
    public string Pgbench => Path.Combine(Bench, "pgbench");
    public string Artifacts => Path.Combine(Work, "artifacts");

    /// <summary>A path as the results show it: relative to the repository root.</summary>
    public string Relative(string path) =>
        path.StartsWith(Root + "/", StringComparison.Ordinal) ? path[(Root.Length + 1)..] : path;
}
