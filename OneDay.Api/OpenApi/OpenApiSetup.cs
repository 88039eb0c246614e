namespace OneDay.Api.OpenApi;

public static class OpenApiSetup
{
    /// <summary>The document at /openapi/v1.json: endpoint metadata plus the rules every operation shares.</summary>
    public static IServiceCollection AddOneDayOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(options =>
        {
            options.AddOperationTransformer<SecurityRequirementTransformer>();
            options.AddOperationTransformer<ProblemResponsesTransformer>();
            options.AddDocumentTransformer<ApiDocumentTransformer>();
            options.AddSchemaTransformer<ProblemSchemaTransformer>();
        });
}
