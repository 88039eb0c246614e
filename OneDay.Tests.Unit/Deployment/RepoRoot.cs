namespace OneDay.Tests.Unit.Deployment;

/// <summary>
/// The checkout these tests read (compose.yaml, k8s/, Dockerfiles, scripts): the first folder above the test
/// output that holds OneDay.sln. The fast tests' own, so they need nothing from the integration fixtures.
/// </summary>
internal static class RepoRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "OneDay.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("OneDay.sln not found above " + AppContext.BaseDirectory);
    }
}
