using System.Runtime.InteropServices;

namespace OneDay.Bench.Running;

/// <summary>Release publishes into bench/.work/, with build intermediates under bench/.work/artifacts, so a run never
/// touches the bin/ and obj/ of anyone building at the same time.</summary>
internal static class Publisher
{
    public static async Task PublishAsync(RunContext run, string project, string name, params string[] extra)
    {
        var output = run.Published(name);
        if (Directory.Exists(output))
        {
            Directory.Delete(output, recursive: true);
        }

        List<string> args =
        [
            "publish", Path.Combine(run.Paths.Root, project), "-c", "Release", "-o", output, "--artifacts-path", run.Paths.Artifacts,
            "-nologo", "-v", "quiet", "-nodeReuse:false", "-p:UseSharedCompilation=false", .. extra,
        ];
        run.Log.Record(["dotnet", .. args]);
        Console.WriteLine($"Publishing {Path.GetFileNameWithoutExtension(project)} (Release)...");
        var log = Path.Combine(run.Logs, "publish-" + name + ".log");
        if (await ToolRun.ToFileAsync(log, "dotnet", args, run.Cancellation) != 0)
        {
            throw new InvalidOperationException($"dotnet publish {project} failed; the end of {run.Paths.Relative(log)}:\n{Infrastructure.Tail(log)}");
        }
    }

    /// <summary>
    /// Publishes the gateway or the silo as their images do: for this platform, which precompiles them (ReadyToRun),
    /// so that the cluster measured is the one deployed.
    /// </summary>
    public static Task PublishDeployedAsync(RunContext run, string project, string name) =>
        PublishAsync(run, project, name, "-r", RuntimeInformation.RuntimeIdentifier, "--self-contained", "false");
}
