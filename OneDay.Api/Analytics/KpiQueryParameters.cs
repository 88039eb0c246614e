using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.OpenApi;
using OneDay.Api.Http;
using OneDay.Api.OpenApi;
using OneDay.Grains.Interfaces.Analytics;

namespace OneDay.Api.Analytics;

/// <summary>GET /api/analytics/kpis query parameters, read by hand so each bad value is a 400 naming its field.</summary>
internal static partial class KpiQueryParameters
{
    public const int DefaultDays = 30;
    public const int MaxDays = 731;
    private const int MaxCategoryLength = 64;

    public static readonly DocumentedParameter[] Documented =
    [
        DocumentedParameter.Query("from", JsonSchemaType.String, $"First day (Korea Standard Time), yyyy-MM-dd; {DefaultDays} days before `to` by default.", "date"),
        DocumentedParameter.Query("to", JsonSchemaType.String, "Last day, inclusive, yyyy-MM-dd; today by default.", "date"),
        DocumentedParameter.Query("granularity", JsonSchemaType.String, "`day` (default) or `week` (ISO weeks, from Monday)."),
        DocumentedParameter.Query("category", JsonSchemaType.String, "Only jobs of this category (job and money figures)."),
        DocumentedParameter.Query("region", JsonSchemaType.String, "Only jobs in this one-degree square, `row:column`: 37:126 is the square from 37°N 126°E (Seoul)."),
        DocumentedParameter.Query("format", JsonSchemaType.String, "`json` (default) or `csv` (also chosen by `Accept: text/csv`)."),
    ];

    public static (KpiQuery? Query, bool Csv, Dictionary<string, string[]> Errors) Parse(IQueryCollection query, string? accept, DateOnly today)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var key in query.Keys.Where(k => k is not ("from" or "to" or "granularity" or "category" or "region" or "format")))
        {
            errors[key] = ["Unknown query parameter."];
        }

        var to = Day(query, "to", errors) ?? today;
        var from = Day(query, "from", errors) ?? to.AddDays(1 - DefaultDays);
        if (!errors.ContainsKey("from") && !errors.ContainsKey("to"))
        {
            if (from > to)
            {
                errors["from"] = ["Must not be after to."];
            }
            else if (to.DayNumber - from.DayNumber + 1 > MaxDays)
            {
                errors["from"] = [$"At most {MaxDays} days from from to to."];
            }
        }

        var granularityText = QueryValues.Single(query, "granularity", errors);
        if (granularityText is not (null or "day" or "week"))
        {
            errors["granularity"] = ["Either day or week."];
        }

        var granularity = granularityText == "week" ? KpiGranularity.Week : KpiGranularity.Day;
        // Normalized where the figures are, by the query grain.
        var category = QueryValues.Single(query, "category", errors);
        if (category is { Length: > MaxCategoryLength })
        {
            errors["category"] = [$"At most {MaxCategoryLength} characters."];
        }

        var region = QueryValues.Single(query, "region", errors);
        if (region is not null && !Region().IsMatch(region))
        {
            errors["region"] = ["A region as row:column, e.g. 37:126 (the square from 37°N 126°E)."];
        }

        var format = QueryValues.Single(query, "format", errors);
        if (format is not (null or "json" or "csv"))
        {
            errors["format"] = ["Either json or csv."];
        }

        var csv = format == "csv" || (format is null && accept?.Contains("text/csv", StringComparison.OrdinalIgnoreCase) == true);

        return errors.Count > 0 ? (null, false, errors) : (new KpiQuery(from, to, granularity, category, region), csv, errors);
    }

    private static DateOnly? Day(IQueryCollection query, string name, Dictionary<string, string[]> errors)
    {
        var value = QueryValues.Single(query, name, errors);
        if (value is null)
        {
            return null;
        }

        if (!DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            errors[name] = ["A day as yyyy-MM-dd."];
            return null;
        }

        return day;
    }

    [GeneratedRegex("^-?[0-9]{1,3}:-?[0-9]{1,4}$")]
    private static partial Regex Region();
}
