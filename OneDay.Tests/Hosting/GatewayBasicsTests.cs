using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using OneDay.Api.Hosting;
using OneDay.Tests.Fixtures;

namespace OneDay.Tests.Hosting;

[Collection(ClusterCollection.Name)]
public sealed class GatewayBasicsTests(ClusterFixture fixture)
{
    private HttpClient Http => fixture.Http;

    [Fact]
    public async Task Live_answers_without_touching_the_cluster()
    {
        var response = await Http.GetAsync("/health/live");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", (await ReadJson(response)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Ready_says_only_whether_the_cluster_and_its_storage_answer()
    {
        // The first background probe may still be on its way just after the gateway started.
        var response = await Retry.UntilSuccess(async () => (await Http.GetAsync("/health/ready")).EnsureSuccessStatusCode());
        Assert.Equal("""{"status":"Healthy"}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task OpenApi_docs_and_dashboard_are_served()
    {
        var openApi = await ReadJson(await Http.GetAsync("/openapi/v1.json"));
        Assert.StartsWith("3.", openApi.GetProperty("openapi").GetString(), StringComparison.Ordinal);

        var docs = await Http.GetAsync("/docs/");
        Assert.Equal(HttpStatusCode.OK, docs.StatusCode);
        Assert.Contains("OneDay API", await docs.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // This gateway runs in cluster mode, where the dashboard is for admins only.
        var dashboard = await Http.GetAsync("/dashboard/");
        await ProblemAssert.IsProblem(dashboard, HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task Unknown_route_is_a_404_problem_with_correlation_id()
    {
        var response = await Http.GetAsync("/api/nothing-here");
        var problem = await ProblemAssert.IsProblem(response, HttpStatusCode.NotFound, "not-found");
        Assert.Equal(
            response.Headers.GetValues("X-Correlation-Id").Single(),
            problem.GetProperty("correlationId").GetString());
    }

    [Fact]
    public async Task Wrong_method_is_a_405_problem()
    {
        var response = await Http.PostAsync("/health/live", null);
        await ProblemAssert.IsProblem(response, HttpStatusCode.MethodNotAllowed, "method-not-allowed");
    }

    [Fact]
    public async Task Caller_correlation_id_is_echoed_and_a_forged_one_is_replaced()
    {
        using var good = new HttpRequestMessage(HttpMethod.Get, "/health/live");
        good.Headers.Add("X-Correlation-Id", "client-req-42");
        var echoed = await Http.SendAsync(good);
        Assert.Equal("client-req-42", echoed.Headers.GetValues("X-Correlation-Id").Single());

        using var forged = new HttpRequestMessage(HttpMethod.Get, "/health/live");
        forged.Headers.TryAddWithoutValidation("X-Correlation-Id", "evil value with spaces and\ttabs");
        var replaced = await Http.SendAsync(forged);
        var id = replaced.Headers.GetValues("X-Correlation-Id").Single();
        Assert.NotEqual("evil value with spaces and\ttabs", id);
        Assert.Matches("^[a-f0-9]{32}$", id);
    }

    [Fact]
    public async Task Well_formed_json_passes_the_pipeline()
    {
        var response = await Http.PostAsJsonAsync(PipelineProbeEndpoints.Path, new { name = "a", count = 2 });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, (await ReadJson(response)).GetProperty("count").GetInt32());
    }

    [Theory]
    [InlineData("{\"name\": \"a\", \"count\": ", "$")]
    [InlineData("{\"name\": \"a\", \"count\": \"two\"}", "$.count")]
    [InlineData("{\"name\": \"a\", \"count\": 1, \"admin\": true}", "$.admin")]
    [InlineData("{\"count\": 1}", "$")]
    [InlineData("{\"name\": null, \"count\": 1}", "$.name")]
    [InlineData("[1, 2]", "$")]
    public async Task Bad_json_is_a_400_problem_naming_the_field(string body, string path)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        var response = await Http.PostAsync(PipelineProbeEndpoints.Path, content);
        var problem = await ProblemAssert.IsProblem(response, HttpStatusCode.BadRequest, "malformed-json");
        var errors = problem.GetProperty("errors");
        Assert.Contains(errors.EnumerateObject(), e => e.Name.StartsWith(path, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Oversized_body_is_a_413_problem()
    {
        var big = new string('x', (int)GatewayApp.MaxRequestBodyBytes + 1024);
        using var content = new StringContent($"{{\"name\": \"{big}\", \"count\": 1}}", Encoding.UTF8, "application/json");
        var response = await Http.PostAsync(PipelineProbeEndpoints.Path, content);
        await ProblemAssert.IsProblem(response, HttpStatusCode.RequestEntityTooLarge, "payload-too-large");
    }

    [Fact]
    public async Task Wrong_content_type_is_a_415_problem()
    {
        using var content = new StringContent("name=a", Encoding.UTF8, "application/x-www-form-urlencoded");
        var response = await Http.PostAsync(PipelineProbeEndpoints.Path, content);
        await ProblemAssert.IsProblem(response, HttpStatusCode.UnsupportedMediaType, "unsupported-media-type");
    }

    private static async Task<JsonElement> ReadJson(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
}
