using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace OneDay.Api.OpenApi;

/// <summary>The document-wide parts: what the API is, the bearer scheme operations refer to, and the described tags.</summary>
public sealed class ApiDocumentTransformer : IOpenApiDocumentTransformer
{
    public const string BearerScheme = "Bearer";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info = new OpenApiInfo
        {
            Title = "OneDay API",
            Version = "v1",
            Description =
                "The OneDay gig-work platform: employers post one-day paid shifts, workers find them, apply, check in and out and are rated. " +
                "Errors are RFC 9457 problems (application/problem+json) with a stable `type` per kind of error. Sign in with " +
                "POST /api/security/token and send the access token as `Authorization: Bearer <token>`.",
        };

        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "JWT",
            Description = "The access token from POST /api/security/token or /api/security/token/refresh.",
        };

        document.Tags = new HashSet<OpenApiTag>(
            ApiTags.Descriptions.Select(t => new OpenApiTag { Name = t.Key, Description = t.Value }));

        // The generator takes the server from the request, with a trailing slash linters reject (paths begin with one).
        foreach (var server in document.Servers ?? [])
        {
            server.Url = server.Url?.TrimEnd('/');
        }

        return Task.CompletedTask;
    }
}
