using System.Globalization;
using Microsoft.OpenApi;
using OneDay.Api.Errors;
using OneDay.Api.OpenApi;
using OneDay.Grains.Interfaces;
using OneDay.Grains.Interfaces.Jobs;

namespace OneDay.Api.Jobs;

/// <summary>GET /api/jobs?lat=&amp;lon=&amp;radiusKm=&amp;category=&amp;from=&amp;to=&amp;minPay=&amp;sort=&amp;cursor=&amp;limit=</summary>
public static class JobSearchEndpoints
{
    private const double DefaultRadiusKm = 5;
    private const int DefaultLimit = 20;
    private const int MaxLimit = 100;

    public static RouteGroupBuilder MapJobSearchApi(this RouteGroupBuilder jobs)
    {
        jobs.MapGet("/", SearchAsync)
            .WithName("searchJobs").WithSummary("Find open jobs near a point")
            .WithDescription("Open jobs that have not started, within radiusKm of (lat, lon); page on with nextCursor.")
            .WithParameters(Documented)
            .Produces<SearchResponse>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return jobs;
    }

    private static readonly DocumentedParameter[] Documented =
    [
        DocumentedParameter.Query("lat", JsonSchemaType.Number, "Latitude of the point, -90 to 90.", "double", required: true),
        DocumentedParameter.Query("lon", JsonSchemaType.Number, "Longitude of the point, -180 to 180.", "double", required: true),
        DocumentedParameter.Query("radiusKm", JsonSchemaType.Number, $"Search radius in km, 0.1 to {GeoGrid.MaxRadiusKm} (default {DefaultRadiusKm}).", "double"),
        DocumentedParameter.Query("category", JsonSchemaType.String, "Only jobs of this category code."),
        DocumentedParameter.Query("from", JsonSchemaType.String, "Only shifts starting at or after this time.", "date-time"),
        DocumentedParameter.Query("to", JsonSchemaType.String, "Only shifts starting before this time.", "date-time"),
        DocumentedParameter.Query("minPay", JsonSchemaType.Number, "Only jobs paying at least this many KRW per hour."),
        DocumentedParameter.Query("sort", JsonSchemaType.String, "Order of the hits (default distance).", oneOf: ["distance", "pay", "start"]),
        DocumentedParameter.Query("cursor", JsonSchemaType.String, "The nextCursor of the previous page of the same search."),
        DocumentedParameter.Query("limit", JsonSchemaType.Integer, $"Page size, 1 to {MaxLimit} (default {DefaultLimit}).", "int32"),
    ];

    private static async Task<IResult> SearchAsync(HttpRequest http, IGrainFactory grains, SearchPageWriter writer)
    {
        var errors = new Dictionary<string, string[]>();
        var q = http.Query;
        double? ReadDouble(string name, double min, double max)
        {
            if (!q.TryGetValue(name, out var text))
            {
                return null;
            }

            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
            {
                return value;
            }

            errors[name] = [$"A number between {min} and {max}."];
            return null;
        }

        DateTimeOffset? ReadTime(string name)
        {
            if (!q.TryGetValue(name, out var text))
            {
                return null;
            }

            if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value))
            {
                return value.ToUniversalTime();
            }

            errors[name] = ["An ISO 8601 time."];
            return null;
        }

        var lat = ReadDouble("lat", -90, 90);
        var lon = ReadDouble("lon", -180, 180);
        if (!q.ContainsKey("lat"))
        {
            errors["lat"] = ["Required."];
        }

        if (!q.ContainsKey("lon"))
        {
            errors["lon"] = ["Required."];
        }

        var radius = ReadDouble("radiusKm", 0.1, GeoGrid.MaxRadiusKm) ?? DefaultRadiusKm;
        var minPay = ReadDouble("minPay", 0, 10_000_000);
        var limit = ReadDouble("limit", 1, MaxLimit) ?? DefaultLimit;
        var from = ReadTime("from");
        var to = ReadTime("to");
        var category = q.TryGetValue("category", out var c) ? c.ToString() : null;
        var sort = JobSort.Distance;
        if (q.TryGetValue("sort", out var sortText))
        {
            switch (sortText.ToString())
            {
                case "distance": sort = JobSort.Distance; break;
                case "pay": sort = JobSort.Pay; break;
                case "start": sort = JobSort.Start; break;
                default: errors["sort"] = ["One of distance, pay, start."]; break;
            }
        }

        if (errors.Count > 0 || lat is null || lon is null)
        {
            return Problems.Validation(errors);
        }

        var query = new JobSearchQuery(
            new GeoPoint(lat.Value, lon.Value), radius, string.IsNullOrEmpty(category) ? null : category, from, to,
            minPay is { } m ? (long)m : null, sort, q.TryGetValue("cursor", out var cursor) ? cursor.ToString() : null, (int)limit);
        var page = await grains.Reference<IJobSearchGrain>(0).Search(query);
        if (page.AreaTooLarge)
        {
            return Results.Problem(
                string.Create(CultureInfo.InvariantCulture,
                    $"A {radius} km circle here covers more than {GeoGrid.MaxCellsPerSearch} grid cells (they narrow towards the poles); search a smaller radius, or further from the pole."),
                statusCode: StatusCodes.Status422UnprocessableEntity, title: "The search area is too large here.",
                type: ProblemTypes.SearchAreaTooLarge);
        }

        return page.BadCursor
            ? JobProblems.Validation("cursor", "Not a cursor from this search; start again without it.")
            : writer.Page(page);
    }
}
