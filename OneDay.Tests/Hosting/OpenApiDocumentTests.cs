using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using OneDay.Tests.Fixtures;
using OneDay.Tests.Security;

namespace OneDay.Tests.Hosting;

/// <summary>The embedded gateway as shipped (no test endpoints), whose /openapi/v1.json clients generate code from.</summary>
public sealed class OpenApiGatewayFixture : IAsyncLifetime
{
    private GatewayHost? _gateway;

    public GatewayHost Gateway => _gateway ?? throw new InvalidOperationException("Gateway not started.");

    public JsonElement Document { get; private set; }

    public async Task InitializeAsync()
    {
        _gateway = await GatewayHost.StartEmbeddedAsync();
        var response = await _gateway.Client.GetAsync("/openapi/v1.json");
        response.EnsureSuccessStatusCode();
        Document = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    public async Task DisposeAsync()
    {
        if (_gateway is not null)
        {
            await _gateway.DisposeAsync();
        }
    }
}

public sealed class OpenApiDocumentTests(OpenApiGatewayFixture fixture) : IClassFixture<OpenApiGatewayFixture>
{
    private const string SchemaPrefix = "#/components/schemas/";
    private static readonly string[] ProblemSchemas = [SchemaPrefix + "ProblemDetails", SchemaPrefix + "HttpValidationProblemDetails"];

    private JsonElement Document => fixture.Document;

    [Fact]
    public void Every_operation_has_a_summary_a_unique_operation_id_and_a_described_tag()
    {
        var described = Document.GetProperty("tags").EnumerateArray()
            .Where(t => t.TryGetProperty("description", out var d) && d.GetString() is { Length: > 0 })
            .Select(t => t.GetProperty("name").GetString())
            .ToHashSet();
        var ids = new List<string>();
        foreach (var (name, operation) in Operations())
        {
            Assert.True(Text(operation, "summary") is { Length: > 0 }, $"{name} has no summary");
            ids.Add(Text(operation, "operationId") ?? throw new Xunit.Sdk.XunitException($"{name} has no operationId"));
            var tags = operation.TryGetProperty("tags", out var t) ? t.EnumerateArray().Select(x => x.GetString()).ToArray() : [];
            Assert.True(tags.Length > 0, $"{name} has no tag");
            Assert.All(tags, tag => Assert.True(described.Contains(tag), $"{name}: tag '{tag}' is not described at document level"));
        }

        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
        Assert.True(ids.Count >= 39, $"only {ids.Count} operations in the document");
    }

    [Fact]
    public void Every_api_endpoint_is_in_the_document_under_its_endpoint_name()
    {
        var operationIds = Operations().Select(o => Text(o.Operation, "operationId")).ToHashSet();
        foreach (var endpoint in ApiEndpoints())
        {
            var name = endpoint.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName;
            Assert.True(name is not null, $"{endpoint.RoutePattern.RawText} has no endpoint name (WithName)");
            Assert.Contains(name, operationIds);
        }
    }

    [Fact]
    public void The_bearer_scheme_is_declared_and_exactly_the_protected_operations_require_it()
    {
        var scheme = Document.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer");
        Assert.Equal("http", scheme.GetProperty("type").GetString());
        Assert.Equal("bearer", scheme.GetProperty("scheme").GetString());

        var endpoints = ApiEndpoints().ToLookup(e => e.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName);
        var reviewedAnonymous = AuthorizationMatrixTests.ReviewedAnonymous.Select(Normalize).ToHashSet();
        foreach (var (name, operation) in Operations())
        {
            var endpoint = endpoints[Text(operation, "operationId")].SingleOrDefault();
            Assert.True(endpoint is not null, $"{name}: no endpoint is named after its operationId");
            var metadata = endpoint.Metadata;
            var isProtected = metadata.GetMetadata<IAllowAnonymous>() is null && metadata.GetOrderedMetadata<IAuthorizeData>().Count > 0;
            Assert.True(operation.TryGetProperty("security", out var security), $"{name} does not say who may call it");
            var requirements = security.EnumerateArray().ToArray();
            if (isProtected)
            {
                Assert.True(
                    requirements.Length == 1 && requirements[0].TryGetProperty("Bearer", out _),
                    $"{name} is protected but does not require the bearer token: {security}");
                Assert.DoesNotContain(name, reviewedAnonymous);
            }
            else
            {
                Assert.True(requirements.All(r => !r.EnumerateObject().Any()), $"{name} is anonymous but requires {security}");
                Assert.Contains(name, reviewedAnonymous);
            }
        }
    }

    [Fact]
    public void Every_operation_lists_its_problem_responses_with_a_problem_schema()
    {
        foreach (var (name, operation) in Operations())
        {
            var responses = operation.GetProperty("responses").EnumerateObject().ToDictionary(r => r.Name, r => r.Value);
            var problems = responses.Where(r => r.Key.StartsWith('4')).ToArray();
            Assert.True(problems.Length > 0, $"{name} lists no 4xx response");
            foreach (var (status, response) in problems)
            {
                var schema = response.GetProperty("content").GetProperty("application/problem+json").GetProperty("schema");
                Assert.True(
                    ProblemSchemas.Contains(schema.GetProperty("$ref").GetString()), $"{name} {status}: not a problem schema: {schema}");
            }

            var isProtected = operation.GetProperty("security").EnumerateArray().Any(r => r.EnumerateObject().Any());
            Assert.True(!isProtected || responses.ContainsKey("401"), $"{name}: requires a token but lists no 401");
            Assert.True(responses.ContainsKey("429"), $"{name}: every operation can be rate limited");
            var takesInput = operation.TryGetProperty("parameters", out _) || operation.TryGetProperty("requestBody", out _);
            Assert.True(takesInput == responses.ContainsKey("400"), $"{name}: a 400 must be listed exactly when there is input to reject");
        }

        foreach (var problem in ProblemSchemas)
        {
            Assert.True(Document.GetProperty("components").GetProperty("schemas").TryGetProperty(problem[SchemaPrefix.Length..], out _), problem);
        }
    }

    [Fact]
    public void Success_bodies_are_named_schemas()
    {
        var components = Document.GetProperty("components").GetProperty("schemas");
        foreach (var (name, operation) in Operations())
        {
            var successes = operation.GetProperty("responses").EnumerateObject().Where(r => r.Name.StartsWith('2')).ToArray();
            Assert.True(successes.Length > 0, $"{name} lists no success response");
            foreach (var success in successes)
            {
                if (success.Name == "204")
                {
                    Assert.False(success.Value.TryGetProperty("content", out _), $"{name}: a 204 has no body");
                    continue;
                }

                Assert.True(success.Value.TryGetProperty("content", out var content), $"{name} {success.Name} has no body schema");
                var schema = content.GetProperty("application/json").GetProperty("schema");
                if (schema.TryGetProperty("items", out var items))
                {
                    Assert.Equal("array", schema.GetProperty("type").GetString());
                    schema = items;
                }

                var reference = schema.TryGetProperty("$ref", out var r) ? r.GetString() : null;
                Assert.True(reference?.StartsWith(SchemaPrefix, StringComparison.Ordinal) == true, $"{name} {success.Name}: inline body {schema}");
                Assert.True(components.TryGetProperty(reference![SchemaPrefix.Length..], out _), $"{name}: {reference} is not a component");
            }
        }
    }

    [Fact]
    public void Id_route_parameters_are_uuids_in_the_document_and_guid_constrained_in_routing()
    {
        var idParameters = new List<string>();
        foreach (var (name, operation) in Operations())
        {
            foreach (var parameter in Parameters(operation))
            {
                if (parameter.GetProperty("in").GetString() == "path" && IsIdName(parameter.GetProperty("name").GetString()!))
                {
                    idParameters.Add($"{name} {parameter.GetProperty("name").GetString()}");
                    var schema = parameter.GetProperty("schema");
                    Assert.True(Text(schema, "format") == "uuid" && Text(schema, "type") == "string", $"{name}: {parameter}");
                }
            }
        }

        Assert.Contains("GET /api/users/{id} id", idParameters);
        Assert.Contains("POST /api/jobs/{id}/applications/{workerId}/reject workerId", idParameters);
        foreach (var endpoint in ApiEndpoints())
        {
            foreach (var parameter in endpoint.RoutePattern.Parameters.Where(p => IsIdName(p.Name)))
            {
                Assert.True(
                    parameter.ParameterPolicies.Any(policy => policy.Content == "guid"),
                    $"{endpoint.RoutePattern.RawText}: {{{parameter.Name}}} has no guid constraint");
            }
        }
    }

    private IEnumerable<(string Name, JsonElement Operation)> Operations() =>
        OperationsWithPaths().Select(o => ($"{o.Method} {o.Path}", o.Operation));

    private IEnumerable<(string Method, string Path, JsonElement Operation)> OperationsWithPaths() =>
        Document.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(op => (op.Name.ToUpperInvariant(), path.Name, op.Value)));

    private IEnumerable<RouteEndpoint> ApiEndpoints() =>
        fixture.Gateway.Services.GetServices<EndpointDataSource>()
            .SelectMany(s => s.Endpoints)
            .OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.TrimStart('/').StartsWith("api/", StringComparison.Ordinal) == true);

    private static JsonElement[] Parameters(JsonElement operation) =>
        operation.TryGetProperty("parameters", out var parameters) ? [.. parameters.EnumerateArray()] : [];

    private static bool IsIdName(string name) => name == "id" || name.EndsWith("Id", StringComparison.Ordinal);

    private static string? Text(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    // "POST /api/users/" as the route inventory lists it, "POST /api/users" as the document does.
    private static string Normalize(string name) => name.TrimEnd('/');
}
