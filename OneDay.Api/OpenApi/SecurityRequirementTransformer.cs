using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using OneDay.Api.Http;

namespace OneDay.Api.OpenApi;

/// <summary>
/// Gives every protected operation the bearer requirement (so the interactive docs send the token) and every
/// anonymous one an explicit empty list, from the endpoint's authorization metadata.
/// </summary>
public sealed class SecurityRequirementTransformer : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        if (!EndpointAccess.RequiresSignIn(metadata))
        {
            operation.Security = [];
            return Task.CompletedTask;
        }

        operation.Security =
        [
            new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiDocumentTransformer.BearerScheme, context.Document)] = [] },
        ];
        var roles = EndpointAccess.RequiredRoles(metadata);
        if (roles.Count > 0)
        {
            var requirement = $"Requires the {string.Join(" and ", roles)} role.";
            operation.Description = operation.Description is { Length: > 0 } text ? $"{text}\n\n{requirement}" : requirement;
        }

        return Task.CompletedTask;
    }
}
