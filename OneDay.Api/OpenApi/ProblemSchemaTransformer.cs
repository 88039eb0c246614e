using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace OneDay.Api.OpenApi;

/// <summary>
/// Problem schemas as the gateway writes them. The generator closes every object schema (the gateway refuses
/// unknown JSON fields), but a problem carries extensions: the correlation id, the trace id, field errors.
/// </summary>
public sealed class ProblemSchemaTransformer : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.JsonPropertyInfo is not null || !typeof(ProblemDetails).IsAssignableFrom(context.JsonTypeInfo.Type))
        {
            return Task.CompletedTask;
        }

        schema.AdditionalPropertiesAllowed = true;
        schema.AdditionalProperties = null;
        schema.Description = "An RFC 9457 problem. Switch on type, never on title.";
        schema.Properties ??= new Dictionary<string, IOpenApiSchema>();
        schema.Properties["correlationId"] = new OpenApiSchema
        {
            Type = JsonSchemaType.String,
            Description = "The request's X-Correlation-Id; quote it when reporting the problem.",
        };
        return Task.CompletedTask;
    }
}
