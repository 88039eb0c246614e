using System.Globalization;
using Microsoft.OpenApi;
using OneDay.Api.Errors;
using OneDay.Api.OpenApi;

namespace OneDay.Api.Http;

/// <summary>The "limit" query parameter of a ranked list (recommendations, candidates): a whole number from 1 to a maximum.</summary>
public static class ListLimits
{
    public const string Name = "limit";

    public static DocumentedParameter Parameter(int max, int fallback) =>
        DocumentedParameter.Query(Name, JsonSchemaType.Integer, $"How many, 1 to {max} (default {fallback}).", "int32");

    /// <summary>The limit, or <paramref name="fallback"/> when none is given; false (with the problem to answer) when it is not one.</summary>
    public static bool TryRead(string? text, int fallback, int max, out int limit, out IResult invalid)
    {
        invalid = Results.Empty;
        limit = fallback;
        if (text is null || (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out limit) && limit >= 1 && limit <= max))
        {
            return true;
        }

        invalid = Problems.Validation(new FieldErrors().Add(Name, $"A whole number from 1 to {max}."));
        return false;
    }
}
