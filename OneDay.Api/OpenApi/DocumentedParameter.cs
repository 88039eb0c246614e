using Microsoft.OpenApi;

namespace OneDay.Api.OpenApi;

/// <summary>
/// A query or header parameter that a handler reads by hand (so that a bad value becomes a field error), which
/// the generator therefore cannot see, or sees only as the string the handler binds.
/// </summary>
public sealed record DocumentedParameter(
    string Name, ParameterLocation In, JsonSchemaType Type, string Description, string? Format = null, bool Required = false,
    IReadOnlyList<string>? OneOf = null)
{
    public static DocumentedParameter Query(
        string name, JsonSchemaType type, string description, string? format = null, bool required = false, IReadOnlyList<string>? oneOf = null) =>
        new(name, ParameterLocation.Query, type, description, format, required, oneOf);

    public static DocumentedParameter Header(string name, string description, bool required = false) =>
        new(name, ParameterLocation.Header, JsonSchemaType.String, description, Required: required);

    public OpenApiParameter ToOpenApi() => new()
    {
        Name = Name,
        In = In,
        Required = Required,
        Description = Description,
        Schema = new OpenApiSchema
        {
            Type = Type,
            Format = Format,
            Enum = OneOf?.Select(v => (System.Text.Json.Nodes.JsonNode)System.Text.Json.Nodes.JsonValue.Create(v)).ToList(),
        },
    };
}

public static class DocumentedParameterExtensions
{
    /// <summary>
    /// Adds the parameters to the endpoint's operation in the API document, each replacing a generated one of the
    /// same name and place; nothing changes at request time.
    /// </summary>
    public static TBuilder WithParameters<TBuilder>(this TBuilder builder, params IReadOnlyList<DocumentedParameter> parameters)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            operation.Parameters ??= [];
            foreach (var parameter in parameters)
            {
                var generated = operation.Parameters.FirstOrDefault(p => p.Name == parameter.Name && p.In == parameter.In);
                if (generated is not null)
                {
                    operation.Parameters.Remove(generated);
                }

                operation.Parameters.Add(parameter.ToOpenApi());
            }

            return Task.CompletedTask;
        });
}
