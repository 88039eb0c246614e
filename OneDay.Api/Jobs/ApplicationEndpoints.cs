using System.Security.Claims;
using OneDay.Api.Security;
using OneDay.Grains.Interfaces.Infrastructure;
using OneDay.Grains.Interfaces.Jobs;
using OneDay.Grains.Interfaces.Users;

namespace OneDay.Api.Jobs;

/// <summary>Applications, the employer's decisions, attendance, completion and ratings.</summary>
public static class ApplicationEndpoints
{
    public static RouteGroupBuilder MapApplicationsApi(this RouteGroupBuilder jobs)
    {
        jobs.MapPost("/{id:guid}/applications", ApplyAsync).RequireAuthorization(Policies.Worker);
        jobs.MapGet("/{id:guid}/applications/me", async (Guid id, ClaimsPrincipal user, IGrainFactory grains) =>
            await grains.Reference<IJobGrain>(id).ApplicationOf(user.UserId()) is { } application
                ? Results.Ok(application.ToResponse())
                : JobProblems.For(JobOutcome.NoApplication)).RequireAuthorization(Policies.Worker);
        jobs.MapDelete("/{id:guid}/applications/me", async (Guid id, ClaimsPrincipal user, IGrainFactory grains) =>
            Map(await grains.Reference<IJobGrain>(id).Withdraw(user.UserId()))).RequireAuthorization(Policies.Worker);

        jobs.MapGet("/{id:guid}/applications", async (Guid id, ClaimsPrincipal user, IGrainFactory grains) =>
        {
            var job = grains.Reference<IJobGrain>(id);
            if (await job.Applications(user.UserId()) is { } applications)
            {
                return Results.Ok(applications.Select(a => a.ToResponse()));
            }

            return await job.Get() is null ? JobProblems.For(JobOutcome.NotFound) : JobProblems.For(JobOutcome.NotOwner);
        }).RequireAuthorization(Policies.Employer);
        jobs.MapPost("/{id:guid}/applications/{workerId:guid}/accept", async (Guid id, Guid workerId, ClaimsPrincipal user, IGrainFactory grains) =>
            Map(await grains.Reference<IJobGrain>(id).Accept(user.UserId(), workerId))).RequireAuthorization(Policies.Employer);
        jobs.MapPost("/{id:guid}/applications/{workerId:guid}/reject", async (Guid id, Guid workerId, ClaimsPrincipal user, IGrainFactory grains) =>
            Map(await grains.Reference<IJobGrain>(id).Reject(user.UserId(), workerId))).RequireAuthorization(Policies.Employer);

        jobs.MapPost("/{id:guid}/check-in", async (Guid id, PositionRequest? at, ClaimsPrincipal user, IGrainFactory grains) =>
            Map(await grains.Reference<IJobGrain>(id).CheckIn(user.UserId(), ToPosition(at)))).RequireAuthorization(Policies.Worker);
        jobs.MapPost("/{id:guid}/check-out", async (Guid id, PositionRequest? at, ClaimsPrincipal user, IGrainFactory grains) =>
            Map(await grains.Reference<IJobGrain>(id).CheckOut(user.UserId(), ToPosition(at)))).RequireAuthorization(Policies.Worker);
        jobs.MapPost("/{id:guid}/confirm", async (Guid id, ConfirmRequest? request, ClaimsPrincipal user, IGrainFactory grains) =>
        {
            var result = await grains.Reference<IJobGrain>(id).ConfirmCompletion(user.UserId(), request?.DisputedWorkerId, request?.DisputeReason);
            return result.Job is { } job ? Results.Ok(job.ToResponse()) : JobProblems.For(result.Outcome, result.Detail, result.Errors);
        }).RequireAuthorization(Policies.Employer);

        jobs.MapPost("/{id:guid}/ratings", async (Guid id, RatingRequest request, ClaimsPrincipal user, IGrainFactory grains) =>
        {
            var result = await grains.Reference<IJobGrain>(id).Rate(user.UserId(), request.SubjectId, request.Stars, request.Comment);
            return result.Outcome == JobOutcome.Ok ? Results.NoContent() : JobProblems.For(result.Outcome, result.Detail, result.Errors);
        });
        jobs.MapGet("/{id:guid}/ratings", async (Guid id, IGrainFactory grains) =>
            await grains.Reference<IJobGrain>(id).Ratings() is { } ratings ? Results.Ok(ratings) : JobProblems.For(JobOutcome.NotFound));

        // For operators: where each submission and acceptance of the job stands, and why one was compensated.
        jobs.MapGet("/{id:guid}/sagas", async (Guid id, IGrainFactory grains) =>
            await grains.Reference<IJobGrain>(id).Get() is null
                ? JobProblems.For(JobOutcome.NotFound)
                : Results.Ok((await grains.Reference<IJobSagaGrain>(id.ToString()).Sagas())
                    .OrderBy(s => s.StartedAt).Select(s => s.ToResponse()))).RequireAuthorization(Policies.Admin);

        jobs.MapGet("/schedule/me", async (ClaimsPrincipal user, IGrainFactory grains) =>
            Results.Ok(await grains.Reference<IWorkerScheduleGrain>(user.UserId()).Get())).RequireAuthorization(Policies.Worker);
        return jobs;
    }

    private static async Task<IResult> ApplyAsync(Guid id, HttpRequest http, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (!JobEndpoints.TryReadIdempotencyKey(http, out var key, out var invalid))
        {
            return invalid;
        }

        // An application has no body; any body sent is part of the request a key stands for.
        var idempotency = key is null ? null : new IdempotencyKey(key, await JobEndpoints.BodyFingerprintAsync(http));
        var result = await grains.Reference<IJobGrain>(id).Apply(user.UserId(), idempotency);
        return result is { Outcome: JobOutcome.Ok, Application: { } application }
            ? result.Created
                ? Results.Created($"/api/jobs/{id}/applications/me", application.ToResponse())
                : Results.Ok(application.ToResponse())
            : JobProblems.For(result.Outcome, result.Detail);
    }

    private static ReportedPosition? ToPosition(PositionRequest? at) => at is null ? null : new ReportedPosition(at.Latitude, at.Longitude, at.AccuracyMeters);

    private static IResult Map(ApplicationResult result) =>
        result is { Outcome: JobOutcome.Ok, Application: { } application }
            ? Results.Ok(application.ToResponse())
            : JobProblems.For(result.Outcome, result.Detail);
}
