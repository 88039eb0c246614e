namespace OneDay.Testing;

public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>The standalone silo as built next to this test run (same configuration).</summary>
    public static string SiloDll
    {
        get
        {
            var configuration = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
            var path = Path.Combine(Root, "OneDay.Silo", "bin", configuration, "net10.0", "OneDay.Silo.dll");
            return File.Exists(path)
                ? path
                : throw new FileNotFoundException($"Build OneDay.Silo first; {path} is missing.");
        }
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "OneDay.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("OneDay.sln not found above " + AppContext.BaseDirectory);
    }
}
