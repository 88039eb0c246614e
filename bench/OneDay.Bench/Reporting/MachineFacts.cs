namespace OneDay.Bench.Reporting;

/// <summary>Fills in the machine, tool and git facts of a run (each "unknown" when its command is missing).</summary>
internal static class MachineFacts
{
    public static async Task FillAsync(RunFacts facts, string root, bool pgbench)
    {
        facts.CpuModel = (await Output("lscpu", [])).Split('\n')
            .FirstOrDefault(l => l.StartsWith("Model name:", StringComparison.Ordinal))?["Model name:".Length..].Trim() ?? "";
        var memKb = File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal", StringComparison.Ordinal))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
        facts.MemoryGiB = Inv.F(Inv.ParseLong(memKb) / 1048576.0, 1);
        facts.Kernel = (await Output("uname", ["-r"])).Trim();
        facts.DotnetVersion = (await Output("dotnet", ["--version"])).Trim();
        facts.AspNetVersion = (await Output("dotnet", ["--list-runtimes"])).Split('\n')
            .Where(l => l.StartsWith("Microsoft.AspNetCore.App ", StringComparison.Ordinal))
            .Select(l => l.Split(' ')[1]).LastOrDefault() ?? "";
        var wrk = (await Output("wrk", ["-v"])).Split('\n')[0];
        facts.WrkVersion = wrk.Contains("Copyright", StringComparison.Ordinal) ? wrk[..wrk.IndexOf("Copyright", StringComparison.Ordinal)].TrimEnd() : wrk.Trim();
        if (pgbench)
        {
            facts.PgbenchVersion = (await Output("pgbench", ["--version"])).Trim();
        }

        facts.Commit = (await Output("git", ["-C", root, "rev-parse", "HEAD"])).Trim() is { Length: > 0 } commit ? commit : "unknown";
        facts.Branch = (await Output("git", ["-C", root, "rev-parse", "--abbrev-ref", "HEAD"])).Trim() is { Length: > 0 } branch ? branch : "unknown";
        facts.Changed = (await Output("git", ["-C", root, "status", "--porcelain"])).Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;
    }

    public static string LoadAverage() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));

    /// <summary>server or workstation, from a published app's runtimeconfig.json.</summary>
    public static string GcMode(string runtimeConfig) =>
        File.Exists(runtimeConfig) && File.ReadAllText(runtimeConfig).Contains("\"System.GC.Server\": true", StringComparison.Ordinal) ? "server" : "workstation";

    private static async Task<string> Output(string file, string[] args)
    {
        try
        {
            // wrk -v exits 1 after printing its version; the output is what matters here.
            var path = Path.Combine(Path.GetTempPath(), "oneday-bench-" + Guid.NewGuid().ToString("N") + ".txt");
            await Running.ToolRun.ToFileAsync(path, file, args, CancellationToken.None);
            var text = await File.ReadAllTextAsync(path);
            File.Delete(path);
            return text;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "";
        }
    }
}
