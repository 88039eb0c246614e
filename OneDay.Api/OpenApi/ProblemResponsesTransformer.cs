using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using OneDay.Api.Http;

namespace OneDay.Api.OpenApi;

/// <summary>
/// Adds the problem responses that follow from how the gateway works rather than from one endpoint: a 400
/// wherever there is input to reject, 413 and 415 for bodies, 401 and 403 from the authorization metadata,
/// and the rate limiter's 429. Endpoints declare only the problems of their own outcomes (404, 409, ...).
/// </summary>
public sealed class ProblemResponsesTransformer : IOpenApiOperationTransformer
{
    public const string ProblemContentType = "application/problem+json";

    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        operation.Responses ??= [];
        var responses = operation.Responses;
        if (operation.Parameters is { Count: > 0 } || operation.RequestBody is not null)
        {
            await AddAsync(
                responses, "400", "The input is not valid: the errors name each field, query parameter or route value.",
                typeof(HttpValidationProblemDetails), context, cancellationToken);
        }

        if (operation.RequestBody is not null)
        {
            await AddAsync(responses, "413", "The body is larger than the gateway accepts.", typeof(ProblemDetails), context, cancellationToken);
            await AddAsync(responses, "415", "The body is not application/json.", typeof(ProblemDetails), context, cancellationToken);
        }

        if (EndpointAccess.RequiresSignIn(metadata))
        {
            await AddAsync(
                responses, "401", "No valid access token: missing, expired, tampered with or of a signed-out session.",
                typeof(ProblemDetails), context, cancellationToken);
            if (EndpointAccess.RequiredRoles(metadata).Count > 0)
            {
                await AddAsync(responses, "403", "The caller lacks the role this operation requires.", typeof(ProblemDetails), context, cancellationToken);
            }
        }

        var tooMany = await AddAsync(
            responses, "429", "Too many requests from this client; retry after the Retry-After seconds.",
            typeof(ProblemDetails), context, cancellationToken);
        tooMany.Headers ??= new Dictionary<string, IOpenApiHeader>();
        tooMany.Headers["Retry-After"] = new OpenApiHeader
        {
            Description = "Seconds to wait before trying again.",
            Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Minimum = "1" },
        };

        // In status order, declared and added alike, as readers of the document expect.
        var ordered = responses.OrderBy(r => r.Key, StringComparer.Ordinal).ToList();
        responses.Clear();
        foreach (var (status, response) in ordered)
        {
            responses[status] = response;
        }
    }

    private static async Task<OpenApiResponse> AddAsync(
        OpenApiResponses responses, string status, string description, Type problemType, OpenApiOperationTransformerContext context,
        CancellationToken cancellationToken)
    {
        // An endpoint's own declaration of the status wins.
        if (responses.TryGetValue(status, out var declared) && declared is OpenApiResponse existing)
        {
            return existing;
        }

        var response = new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType>
            {
                [ProblemContentType] = new() { Schema = await ReferenceAsync(problemType, context, cancellationToken) },
            },
        };
        responses[status] = response;
        return response;
    }

    // The same component id the generator gives these types, so declared and added problem responses share one schema.
    private static async Task<IOpenApiSchema> ReferenceAsync(Type type, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var document = context.Document!;
        if (document.Components?.Schemas?.ContainsKey(type.Name) != true)
        {
            document.AddComponent(type.Name, await context.GetOrCreateSchemaAsync(type, null, cancellationToken));
        }

        return new OpenApiSchemaReference(type.Name, document);
    }
}
