using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Microsoft.OpenApi;
using OneDay.Api.Http;
using OneDay.Api.OpenApi;
using OneDay.Grains.Interfaces.Eventing;

namespace OneDay.Api.Analytics;

/// <summary>
/// Reads GET /api/analytics/events query parameters by hand, so every malformed value becomes a 400 with
/// the offending field named instead of a binder exception.
/// </summary>
internal static class EventQueryParameters
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 500;
    private const int MaxTextLength = 200;

    /// <summary>The parameters <see cref="Parse"/> reads, for the API document.</summary>
    public static readonly DocumentedParameter[] Documented =
    [
        DocumentedParameter.Query("aggregateId", JsonSchemaType.String, "Only events of this aggregate."),
        DocumentedParameter.Query("type", JsonSchemaType.String, "Only events of this type, e.g. jobs.created."),
        DocumentedParameter.Query("from", JsonSchemaType.String, "Events that occurred at or after this instant (with an offset).", "date-time"),
        DocumentedParameter.Query("to", JsonSchemaType.String, "Events that occurred before this instant (with an offset).", "date-time"),
        DocumentedParameter.Query("cursor", JsonSchemaType.String, "The nextCursor of the previous page."),
        DocumentedParameter.Query("limit", JsonSchemaType.Integer, $"Page size, 1 to {MaxLimit} (default {DefaultLimit}).", "int32"),
    ];

    public static (EventQuery? Query, Dictionary<string, string[]> Errors) Parse(IQueryCollection query)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var key in query.Keys.Where(k => k is not ("aggregateId" or "type" or "from" or "to" or "cursor" or "limit")))
        {
            errors[key] = ["Unknown query parameter."];
        }

        var aggregateId = Text(query, "aggregateId", errors);
        var type = Text(query, "type", errors);
        var from = Time(query, "from", errors);
        var to = Time(query, "to", errors);
        if (from is not null && to is not null && from >= to)
        {
            errors["to"] = ["Must be later than from."];
        }

        var after = 0L;
        if (QueryValues.Single(query, "cursor", errors) is { } cursor && !TryDecodeCursor(cursor, out after))
        {
            errors["cursor"] = ["Not a cursor this API returned."];
        }

        var limit = DefaultLimit;
        if (QueryValues.Single(query, "limit", errors) is { } text &&
            (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxLimit))
        {
            errors["limit"] = [$"Must be a whole number from 1 to {MaxLimit}."];
        }

        return errors.Count > 0 ? (null, errors) : (new EventQuery(aggregateId, type, from, to, after, limit), errors);
    }

    public static string EncodeCursor(long afterSequence) =>
        Base64Url.EncodeToString(Encoding.ASCII.GetBytes("s" + afterSequence.ToString(CultureInfo.InvariantCulture)));

    private static bool TryDecodeCursor(string cursor, out long afterSequence)
    {
        afterSequence = 0;
        if (cursor.Length > 64 || !Base64Url.IsValid(cursor))
        {
            return false;
        }

        var decoded = Encoding.ASCII.GetString(Base64Url.DecodeFromChars(cursor));
        return decoded.StartsWith('s') &&
            long.TryParse(decoded.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out afterSequence) &&
            afterSequence >= 0;
    }

    private static string? Text(IQueryCollection query, string name, Dictionary<string, string[]> errors)
    {
        var value = QueryValues.Single(query, name, errors);
        if (value is { Length: > MaxTextLength })
        {
            errors[name] = [$"At most {MaxTextLength} characters."];
            return null;
        }

        return value;
    }

    private static DateTimeOffset? Time(IQueryCollection query, string name, Dictionary<string, string[]> errors)
    {
        var value = QueryValues.Single(query, name, errors);
        if (value is null)
        {
            return null;
        }

        // An instant needs its offset; a bare local time would silently mean the server's zone.
        if (!DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed) ||
            !(value.EndsWith('Z') || value.Contains('+', StringComparison.Ordinal) || value.LastIndexOf('-') > 9))
        {
            errors[name] = ["An ISO 8601 instant with an offset, e.g. 2026-11-24T10:00:00Z."];
            return null;
        }

        return parsed.ToUniversalTime();
    }
}
