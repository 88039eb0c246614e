using OneDay.Grains.Interfaces.Jobs;

namespace OneDay.Api.Jobs;

public sealed record LocationDto(double Latitude, double Longitude, string Address);

/// <summary>Kind is "perHour" or "perShift".</summary>
public sealed record PayDto(long AmountKrw, string Kind);

public sealed record JobRequest(
    string Title,
    string Description,
    string Category,
    LocationDto Location,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt,
    PayDto Pay,
    int Headcount,
    string[] RequiredSkills,
    int CheckInRadiusMeters);

public sealed record CancelRequest(string Reason);

public sealed record CategoryRequest(string Name);

/// <summary>Where the worker is; accuracyMeters is the fix's accuracy radius, as a phone reports it.</summary>
public sealed record PositionRequest(double Latitude, double Longitude, double? AccuracyMeters = null);

/// <summary>Both optional: an empty object confirms without a dispute, as no body does.</summary>
public sealed record ConfirmRequest(Guid? DisputedWorkerId = null, string? DisputeReason = null);

public sealed record RatingRequest(Guid SubjectId, int Stars, string Comment);

public sealed record JobResponse(
    Guid Id,
    Guid EmployerId,
    string Title,
    string Description,
    string Category,
    LocationDto Location,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt,
    PayDto Pay,
    int Headcount,
    string[] RequiredSkills,
    int CheckInRadiusMeters,
    string Status,
    int AcceptedCount,
    long Version,
    DateTimeOffset CreatedAt,
    string? CancelReason,
    DateTimeOffset? CompletedAt);

public sealed record ApplicationResponse(
    Guid JobId, Guid WorkerId, string Status, DateTimeOffset AppliedAt, string? Reason, DateTimeOffset? CheckedInAt, DateTimeOffset? CheckedOutAt);

public sealed record SagaResponse(
    Guid JobId,
    Guid WorkerId,
    string Kind,
    string Status,
    string[] Done,
    int Redrives,
    string? CompensationReason,
    DateTimeOffset StartedAt,
    DateTimeOffset UpdatedAt);

public sealed record SearchHitResponse(
    Guid Id,
    string Title,
    string Category,
    LocationDto Location,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt,
    PayDto Pay,
    long HourlyKrw,
    int OpenSlots,
    double DistanceMeters);

public sealed record SearchResponse(SearchHitResponse[] Items, string? NextCursor);

/// <summary>A page of the employer's own jobs, newest first; nextCursor is null on the last page.</summary>
public sealed record MyJobsResponse(JobResponse[] Items, string? NextCursor);

public static class JobDtoMapping
{
    public static string ToWire(this PayKind kind) => kind == PayKind.PerShift ? "perShift" : "perHour";

    public static string ToWire<T>(this T value)
        where T : struct, Enum
    {
        var name = value.ToString();
        return char.ToLowerInvariant(name[0]) + name[1..];
    }

    public static bool TryParsePayKind(string? text, out PayKind kind)
    {
        kind = text switch { "perHour" => PayKind.PerHour, "perShift" => PayKind.PerShift, _ => (PayKind)(-1) };
        return Enum.IsDefined(kind);
    }

    public static JobDraft ToDraft(this JobRequest request, PayKind kind) => new(
        request.Title.Trim(),
        request.Description,
        request.Category,
        new JobLocation(request.Location.Latitude, request.Location.Longitude, request.Location.Address.Trim()),
        request.StartsAt.ToUniversalTime(),
        request.EndsAt.ToUniversalTime(),
        new JobPay(request.Pay.AmountKrw, kind),
        request.Headcount,
        request.RequiredSkills,
        request.CheckInRadiusMeters);

    public static JobResponse ToResponse(this JobView job)
    {
        var d = job.Details;
        return new JobResponse(
            job.JobId, job.EmployerId, d.Title, d.Description, d.Category,
            new LocationDto(d.Location.Latitude, d.Location.Longitude, d.Location.Address),
            d.StartsAt, d.EndsAt, new PayDto(d.Pay.AmountKrw, d.Pay.Kind.ToWire()), d.Headcount, d.RequiredSkills,
            d.CheckInRadiusMeters, job.Status.ToWire(), job.AcceptedCount, job.Version, job.CreatedAt, job.CancelReason, job.CompletedAt);
    }

    public static ApplicationResponse ToResponse(this ApplicationView a) =>
        new(a.JobId, a.WorkerId, a.Status.ToWire(), a.AppliedAt, a.RejectionReason, a.CheckedInAt, a.CheckedOutAt);

    public static SagaResponse ToResponse(this SagaView saga) => new(
        saga.JobId, saga.WorkerId, saga.Kind.ToWire(), saga.Status.ToWire(), [.. saga.Done.Select(step => step.ToWire())],
        saga.Redrives, saga.CompensationReason, saga.StartedAt, saga.UpdatedAt);

    public static SearchHitResponse ToResponse(this JobSearchHit hit)
    {
        var j = hit.Job;
        return new SearchHitResponse(
            j.JobId, j.Title, j.Category, new LocationDto(j.Latitude, j.Longitude, j.Address), j.StartsAt, j.EndsAt,
            new PayDto(j.Pay.AmountKrw, j.Pay.Kind.ToWire()), j.HourlyKrw, j.OpenSlots, Math.Round(hit.DistanceMeters, 1));
    }
}
