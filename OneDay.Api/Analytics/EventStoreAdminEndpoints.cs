using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using OneDay.Api.Errors;
using OneDay.Api.OpenApi;
using OneDay.Api.Security;
using OneDay.Grains.Interfaces;
using OneDay.Grains.Interfaces.Eventing;

namespace OneDay.Api.Analytics;

/// <summary>/api/analytics: the event store and the dead-letter store, for admins only.</summary>
public static class EventStoreAdminEndpoints
{
    private const int MaxDeadLetters = 500;

    public static RouteGroupBuilder MapEventStoreAdminApi(this RouteGroupBuilder api)
    {
        var analytics = api.MapGroup("/analytics").RequireAuthorization(Policies.Admin).WithTags(ApiTags.Analytics);
        analytics.MapGet("/events", QueryEventsAsync)
            .WithName("queryEvents").WithSummary("Read stored domain events, oldest first")
            .WithParameters(EventQueryParameters.Documented)
            .Produces<EventPageResponse>().ProducesValidationProblem();
        analytics.MapGet("/events/dead-letters", ListDeadLettersAsync)
            .WithName("listDeadLetters").WithSummary("List the dead letters")
            .Produces<DeadLetterListResponse>();
        analytics.MapPost("/events/dead-letters/{id:guid}/replay", ReplayAsync)
            .WithName("replayDeadLetter").WithSummary("Deliver a dead letter to its consumer again")
            .Produces<ReplayResponse>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return analytics;
    }

    private static async Task<IResult> QueryEventsAsync(HttpRequest request, IGrainFactory grains)
    {
        var (query, errors) = EventQueryParameters.Parse(request.Query);
        if (query is null)
        {
            return BadRequest(errors);
        }

        var page = await grains.Reference<IEventStoreQueryGrain>(0).Query(query);
        return Results.Ok(new EventPageResponse(
            page.Items.Select(EventResponse.From).ToArray(),
            page.NextAfterSequence is { } next ? EventQueryParameters.EncodeCursor(next) : null));
    }

    private static async Task<IResult> ListDeadLettersAsync(IGrainFactory grains, int? limit)
    {
        if (limit is < 1 or > MaxDeadLetters)
        {
            return BadRequest(new() { ["limit"] = [$"Must be from 1 to {MaxDeadLetters}."] });
        }

        var items = await grains.Reference<IDeadLetterGrain>(0).List(limit ?? 100);
        return Results.Ok(new DeadLetterListResponse(items.Select(DeadLetterResponse.From).ToArray()));
    }

    private static async Task<IResult> ReplayAsync([FromRoute(Name = "id")] Guid deadLetterId, IGrainFactory grains) =>
        await grains.Reference<IDeadLetterGrain>(0).Replay(deadLetterId) switch
        {
            ReplayOutcome.Replayed => Results.Ok(new ReplayResponse(deadLetterId, "replayed")),
            ReplayOutcome.AlreadySettled => Results.Ok(new ReplayResponse(deadLetterId, "already-settled")),
            ReplayOutcome.NotFound => Results.Problem(
                statusCode: StatusCodes.Status404NotFound, type: ProblemTypes.NotFound, title: "No such dead letter."),
            _ => Results.Problem(
                statusCode: StatusCodes.Status409Conflict, type: ProblemTypes.Conflict,
                title: "The consumer still fails on this event; it stays in the dead letters."),
        };

    private static IResult BadRequest(Dictionary<string, string[]> errors) => Problems.Validation(errors);
}

public sealed record DeadLetterListResponse(IReadOnlyList<DeadLetterResponse> Items);

/// <summary>Outcome is "replayed" (the consumer took it now) or "already-settled" (it had taken it before).</summary>
public sealed record ReplayResponse(Guid Id, string Outcome);

public sealed record EventPageResponse(IReadOnlyList<EventResponse> Items, string? NextCursor);

public sealed record EventResponse(
    long Sequence, Guid EventId, string Type, int Version, DateTimeOffset OccurredAt, string AggregateId,
    string? CorrelationId, string? CausationId, JsonElement Payload, DateTimeOffset RecordedAt)
{
    public static EventResponse From(StoredEvent e) => new(
        e.Sequence, e.EventId, e.Type, e.Version, e.OccurredAt, e.AggregateId, e.CorrelationId, e.CausationId,
        JsonDocument.Parse(e.PayloadJson).RootElement.Clone(), e.RecordedAt);
}

public sealed record DeadLetterResponse(
    Guid Id, string Consumer, Guid EventId, string Type, string AggregateId, int Attempts, string Error,
    DateTimeOffset FailedAt, DateTimeOffset? ReplayedAt, DateTimeOffset? SettledAt, string Status)
{
    public static DeadLetterResponse From(DeadLetter d) => new(
        d.Id, d.Consumer.ToString(), d.Event.EventId, d.Event.Type, d.Event.AggregateId, d.Attempts, d.Error,
        d.FailedAt, d.ReplayedAt, d.SettledAt, d.Status);
}
