using OneDay.Testing;

namespace OneDay.Tests.Unit.Deployment;

/// <summary>
/// Every shell script in the repository passes shellcheck, with the settings in .shellcheckrc. A test, so
/// the one test command (scripts/test.sh, run by every CI) holds them to it and names the failure.
/// </summary>
public sealed class ShellScriptTests
{
    /// <summary>Build output, results, and what the cluster and bench scripts leave behind.</summary>
    private static readonly HashSet<string> SkippedDirectories = new(StringComparer.Ordinal)
    {
        ".git", "bin", "obj", "TestResults", ".cluster", ".work", "node_modules",
    };

    [Fact]
    public async Task Every_shell_script_passes_shellcheck()
    {
        var scripts = ShellScripts(RepoRoot.Path).Order(StringComparer.Ordinal).ToArray();
        // A walk that missed the scripts CI itself runs would check nothing and pass.
        Assert.Contains("scripts/test.sh", scripts);
        Assert.Contains(".ci/run", scripts);
        var shellcheck = ExternalProcess.FindOnPath("shellcheck") ?? throw new InvalidOperationException(
            "shellcheck is not installed. Install it with: apt-get install -y shellcheck (scripts/test.sh does this for you).");

        // Throws with shellcheck's findings when it exits other than 0.
        await ExternalProcess.RunAsync(shellcheck, ["--format=gcc", .. scripts], TimeSpan.FromMinutes(2), RepoRoot.Path);
    }

    /// <summary>Files named *.sh, and files of any name that start with a shell's #! line (such as .ci/run).</summary>
    private static IEnumerable<string> ShellScripts(string root)
    {
        var pending = new Stack<string>([root]);
        while (pending.TryPop(out var directory))
        {
            foreach (var child in Directory.EnumerateDirectories(directory))
            {
                if (!SkippedDirectories.Contains(Path.GetFileName(child)))
                {
                    pending.Push(child);
                }
            }

            foreach (var file in Directory.EnumerateFiles(directory))
            {
                if (file.EndsWith(".sh", StringComparison.Ordinal) || StartsWithShellShebang(file))
                {
                    yield return Path.GetRelativePath(root, file).Replace('\\', '/');
                }
            }
        }
    }

    private static bool StartsWithShellShebang(string file)
    {
        // Only the start of the file: most files here are not scripts, and some are large.
        using var reader = new StreamReader(file);
        var start = new char[128];
        var first = new string(start, 0, reader.ReadBlock(start)).Split('\n')[0].TrimEnd('\r');
        return first.StartsWith("#!", StringComparison.Ordinal)
            && (first.EndsWith("bash", StringComparison.Ordinal) || first.EndsWith("/sh", StringComparison.Ordinal));
    }
}
