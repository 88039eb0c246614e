using System.Diagnostics;

namespace OneDay.Bench.Running;

/// <summary>A foreground tool (wrk, pgbench, psql, dotnet publish) run to completion, its output into a file.</summary>
internal static class ToolRun
{
    /// <returns>The tool's exit code.</returns>
    public static async Task<int> ToFileAsync(
        string outputFile, string file, IEnumerable<string> args, CancellationToken cancellationToken,
        IReadOnlyDictionary<string, string>? environment = null, string? workingDirectory = null)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {file}");
        ProcessRegistry.Add(process);
        try
        {
            var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
            var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
            try
            {
                await process.WaitForExitAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw;
            }

            await File.WriteAllTextAsync(outputFile, await stdout + await stderr, CancellationToken.None);
            return process.ExitCode;
        }
        finally
        {
            ProcessRegistry.Remove(process);
        }
    }
}
