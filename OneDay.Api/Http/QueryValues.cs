namespace OneDay.Api.Http;

/// <summary>Query parameters read by hand, so a repeated or empty value is a field error, not a binder exception.</summary>
internal static class QueryValues
{
    /// <summary>The one value of <paramref name="name"/>, or null when absent; a repeated or blank one is recorded in <paramref name="errors"/>.</summary>
    public static string? Single(IQueryCollection query, string name, Dictionary<string, string[]> errors)
    {
        if (!query.TryGetValue(name, out var values))
        {
            return null;
        }

        if (values.Count != 1 || string.IsNullOrWhiteSpace(values[0]))
        {
            errors[name] = ["Give exactly one non-empty value."];
            return null;
        }

        return values[0];
    }
}
