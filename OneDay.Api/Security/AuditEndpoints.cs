using System.Globalization;
using Microsoft.OpenApi;
using OneDay.Api.Errors;
using OneDay.Api.OpenApi;
using OneDay.Grains.Interfaces;
using OneDay.Grains.Interfaces.Security;

namespace OneDay.Api.Security;

public static class AuditEndpoints
{
    private const int DefaultPageSize = 100;

    public static RouteGroupBuilder MapAuditApi(this RouteGroupBuilder security)
    {
        var audit = security.MapGroup("/audit").RequireAuthorization(Policies.Admin);
        audit.MapGet("/", Query)
            .WithName("queryAuditLog").WithSummary("Read the audit log, oldest first")
            .WithParameters(
                DocumentedParameter.Query("userId", JsonSchemaType.String, "Only entries with this user as actor or subject.", "uuid"),
                DocumentedParameter.Query("from", JsonSchemaType.String, "Entries that occurred at or after this time.", "date-time"),
                DocumentedParameter.Query("to", JsonSchemaType.String, "Entries that occurred before this time.", "date-time"),
                DocumentedParameter.Query("cursor", JsonSchemaType.String, "The nextCursor of the previous page."),
                DocumentedParameter.Query("limit", JsonSchemaType.Integer, $"Page size, 1 to 500 (default {DefaultPageSize}).", "int32"))
            .Produces<AuditPageResponse>();
        audit.MapGet("/verify", async (IGrainFactory grains) => Results.Ok(await grains.Reference<IAuditLogGrain>(0).Verify()))
            .WithName("verifyAuditLog").WithSummary("Verify the audit log's hash chain")
            .Produces<AuditVerification>();
        return audit;
    }

    private static async Task<IResult> Query(
        string? userId, string? from, string? to, string? cursor, string? limit, IGrainFactory grains)
    {
        var errors = new FieldErrors();
        Guid? user = null;
        if (userId is not null)
        {
            user = Guid.TryParse(userId, out var parsed) ? parsed : Fail(errors, "userId", "Must be a UUID.", (Guid?)null);
        }

        var fromTime = Time(from, "from", errors);
        var toTime = Time(to, "to", errors);
        long? after = null;
        if (cursor is not null)
        {
            after = long.TryParse(cursor, NumberStyles.None, CultureInfo.InvariantCulture, out var c) ? c : Fail(errors, "cursor", "Not a cursor from a previous page.", (long?)null);
        }

        var size = DefaultPageSize;
        if (limit is not null && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out size) || size is < 1 or > 500))
        {
            errors.Add("limit", "Must be 1 to 500.");
        }

        if (errors.Any)
        {
            return Problems.Validation(errors);
        }

        var page = await grains.Reference<IAuditLogGrain>(0).Query(new AuditQuery(user, fromTime, toTime, after, size));
        return Results.Ok(new AuditPageResponse(page.Entries, page.NextAfterSequence?.ToString(CultureInfo.InvariantCulture)));
    }

    private static DateTimeOffset? Time(string? value, string field, FieldErrors errors) =>
        value is null ? null
        : DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) ? time.ToUniversalTime()
        : Fail(errors, field, "Must be an ISO 8601 date-time.", (DateTimeOffset?)null);

    private static T Fail<T>(FieldErrors errors, string field, string message, T value)
    {
        errors.Add(field, message);
        return value;
    }
}

/// <summary>A page of the audit log; <see cref="NextCursor"/> is null on the last page.</summary>
public sealed record AuditPageResponse(IReadOnlyList<AuditEntry> Entries, string? NextCursor);
