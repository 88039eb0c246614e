using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace OneDay.Tests.Unit.Deployment;

/// <summary>
/// Images are built without Docker here, so the mistakes a build would catch are checked as text: each
/// Dockerfile copies exactly the projects its published project needs and publishes for its platform, and the
/// gateway needs no grains.
/// </summary>
public sealed partial class DockerfileTests
{
    [Theory]
    [InlineData("OneDay.Api")]
    [InlineData("OneDay.Silo")]
    public void A_dockerfile_copies_exactly_the_projects_its_project_references(string project)
    {
        var dockerfile = File.ReadAllText(Path.Combine(RepoRoot.Path, project, "Dockerfile"));
        var needed = ProjectClosure(project).Order(StringComparer.Ordinal).ToArray();

        var copiedFiles = CopiedProjectFiles().Matches(dockerfile).Select(m => m.Groups["project"].Value);
        var copiedFolders = CopiedProjectFolders().Matches(dockerfile).Select(m => m.Groups["project"].Value);
        Assert.Equal(needed, copiedFiles.Distinct().Order(StringComparer.Ordinal));
        Assert.Equal(needed, copiedFolders.Distinct().Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("OneDay.Api")]
    [InlineData("OneDay.Silo")]
    public void An_image_is_published_precompiled_for_its_platform_without_profile_guided_tiering(string project)
    {
        var dockerfile = File.ReadAllText(Path.Combine(RepoRoot.Path, project, "Dockerfile"));
        var csproj = Regex.Escape($"{project}/{project}.csproj");

        Assert.Matches(new Regex("^ARG TARGETARCH$", RegexOptions.Multiline), dockerfile);
        Assert.Matches(new Regex($@"^RUN dotnet restore {csproj} -a \$TARGETARCH$", RegexOptions.Multiline), dockerfile);
        Assert.Matches(new Regex($@"^RUN dotnet publish {csproj} .*-a \$TARGETARCH .*--no-restore", RegexOptions.Multiline), dockerfile);
        var readyToRun = Assert.Single(Project(project).Descendants("PublishReadyToRun"));
        Assert.Equal("true", readyToRun.Value);
        Assert.Equal("'$(RuntimeIdentifier)' != ''", (string?)readyToRun.Attribute("Condition"));
        Assert.Equal("false", Assert.Single(Project(project).Descendants("TieredPGO")).Value);
    }

    [Fact]
    public void The_cluster_gateway_ships_no_grains_and_no_postgres_or_rabbitmq_client()
    {
        var projects = ProjectClosure("OneDay.Api");
        Assert.DoesNotContain("OneDay.Grains", projects);
        Assert.DoesNotContain("OneDay.Silo", projects);
        var packages = projects.SelectMany(p => Project(p).Descendants("PackageReference"))
            .Select(r => (string?)r.Attribute("Include"))
            .ToArray();
        Assert.DoesNotContain(packages, p => p is "Npgsql" or "RabbitMQ.Client" || p!.Contains("AdoNet", StringComparison.Ordinal));

        // Nor through a package's own dependencies: the build's dependency manifest lists every library.
        var configuration = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
        var manifest = File.ReadAllText(Path.Combine(RepoRoot.Path, "OneDay.Api", "bin", configuration, "net10.0", "OneDay.Api.deps.json"));
        Assert.DoesNotContain("\"Npgsql/", manifest, StringComparison.Ordinal);
        Assert.DoesNotContain("\"RabbitMQ.Client/", manifest, StringComparison.Ordinal);
        Assert.DoesNotContain("\"OneDay.Grains/", manifest, StringComparison.Ordinal);
    }

    private static HashSet<string> ProjectClosure(string project)
    {
        var closure = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([project]);
        while (pending.TryPop(out var next))
        {
            if (!closure.Add(next))
            {
                continue;
            }

            foreach (var reference in Project(next).Descendants("ProjectReference"))
            {
                pending.Push(Path.GetFileNameWithoutExtension(((string)reference.Attribute("Include")!).Replace('\\', '/')));
            }
        }

        return closure;
    }

    private static XDocument Project(string name) => XDocument.Load(Path.Combine(RepoRoot.Path, name, name + ".csproj"));

    [GeneratedRegex(@"^COPY (?<project>OneDay\.[A-Za-z.]+)/\k<project>\.csproj ", RegexOptions.Multiline)]
    private static partial Regex CopiedProjectFiles();

    [GeneratedRegex(@"^COPY (?<project>OneDay\.[A-Za-z.]+)/ \k<project>/$", RegexOptions.Multiline)]
    private static partial Regex CopiedProjectFolders();
}
