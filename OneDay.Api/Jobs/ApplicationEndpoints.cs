using System.Security.Claims;
using OneDay.Api.Http;
using OneDay.Api.OpenApi;
using OneDay.Api.Security;
using OneDay.Grains.Interfaces;
using OneDay.Grains.Interfaces.Jobs;
using OneDay.Grains.Interfaces.Users;

namespace OneDay.Api.Jobs;

/// <summary>Applications, the employer's decisions, attendance, completion and ratings.</summary>
public static class ApplicationEndpoints
{
    public static RouteGroupBuilder MapApplicationsApi(this RouteGroupBuilder jobs)
    {
        jobs.MapPost("/{id:guid}/applications", ApplyAsync).RequireAuthorization(Policies.Worker)
            .WithName("applyToJob").WithSummary("Apply to a job")
            .WithDescription("201 for a new application; 200 with the existing one for a retry with the same Idempotency-Key.")
            .WithParameters(IdempotencyKeys.Parameter("the same application"))
            .Produces<ApplicationResponse>(StatusCodes.Status201Created).Produces<ApplicationResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        jobs.MapGet("/{id:guid}/applications/me", async (Guid id, ClaimsPrincipal user, IGrainFactory grains) =>
            await grains.Reference<IJobGrain>(id).ApplicationOf(user.UserId()) is { } application
                ? Results.Ok(application.ToResponse())
                : JobProblems.For(JobOutcome.NoApplication)).RequireAuthorization(Policies.Worker)
            .WithName("getMyApplication").WithSummary("Read my application to a job")
            .Produces<ApplicationResponse>().ProducesProblem(StatusCodes.Status404NotFound);
        jobs.MapDelete("/{id:guid}/applications/me", async (Guid id, ClaimsPrincipal user, IGrainFactory grains) =>
            Map(await grains.Reference<IJobGrain>(id).Withdraw(user.UserId()))).RequireAuthorization(Policies.Worker)
            .WithName("withdrawMyApplication").WithSummary("Withdraw my application to a job")
            .Produces<ApplicationResponse>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);

        jobs.MapGet("/{id:guid}/applications", async (Guid id, ClaimsPrincipal user, IGrainFactory grains) =>
        {
            var job = grains.Reference<IJobGrain>(id);
            if (await job.Applications(user.UserId()) is { } applications)
            {
                return Results.Ok(applications.Select(a => a.ToResponse()));
            }

            return await job.Get() is null ? JobProblems.For(JobOutcome.NotFound) : JobProblems.For(JobOutcome.NotOwner);
        }).RequireAuthorization(Policies.Employer)
            .WithName("listApplications").WithSummary("List the applications to a job I posted")
            .Produces<ApplicationResponse[]>().ProducesProblem(StatusCodes.Status404NotFound);
        jobs.MapPost("/{id:guid}/applications/{workerId:guid}/accept", async (Guid id, Guid workerId, ClaimsPrincipal user, IGrainFactory grains) =>
            Map(await grains.Reference<IJobGrain>(id).Accept(user.UserId(), workerId))).RequireAuthorization(Policies.Employer)
            .WithName("acceptApplication").WithSummary("Accept a worker's application")
            .WithDescription("Holds the shift's pay and the platform fee from my wallet in escrow; 402 when it holds too little, and nothing changes.")
            .Produces<ApplicationResponse>().ProducesProblem(StatusCodes.Status402PaymentRequired)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        jobs.MapPost("/{id:guid}/applications/{workerId:guid}/reject", async (Guid id, Guid workerId, ClaimsPrincipal user, IGrainFactory grains) =>
            Map(await grains.Reference<IJobGrain>(id).Reject(user.UserId(), workerId))).RequireAuthorization(Policies.Employer)
            .WithName("rejectApplication").WithSummary("Reject a worker's application")
            .Produces<ApplicationResponse>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);

        jobs.MapPost("/{id:guid}/check-in", async (Guid id, PositionRequest? at, ClaimsPrincipal user, IGrainFactory grains) =>
            Map(await grains.Reference<IJobGrain>(id).CheckIn(user.UserId(), ToPosition(at)))).RequireAuthorization(Policies.Worker)
            .WithName("checkIn").WithSummary("Check in to my shift")
            .WithDescription("Within the check-in window; when the job has a location, with a position inside its radius.")
            .Produces<ApplicationResponse>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        jobs.MapPost("/{id:guid}/check-out", async (Guid id, PositionRequest? at, ClaimsPrincipal user, IGrainFactory grains) =>
            Map(await grains.Reference<IJobGrain>(id).CheckOut(user.UserId(), ToPosition(at)))).RequireAuthorization(Policies.Worker)
            .WithName("checkOut").WithSummary("Check out of my shift")
            .WithDescription("When the job has a location, with a position inside its radius.")
            .Produces<ApplicationResponse>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        jobs.MapPost("/{id:guid}/confirm", async (Guid id, ConfirmRequest? request, ClaimsPrincipal user, IGrainFactory grains) =>
        {
            var result = await grains.Reference<IJobGrain>(id).ConfirmCompletion(user.UserId(), request?.DisputedWorkerId, request?.DisputeReason);
            return result.Job is { } job ? Results.Ok(job.ToResponse()) : JobProblems.For(result.Outcome, result.Detail, result.Errors);
        }).RequireAuthorization(Policies.Employer)
            .WithName("confirmCompletion").WithSummary("Confirm a finished job, optionally disputing one worker")
            .Produces<JobResponse>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);

        jobs.MapPost("/{id:guid}/ratings", async (Guid id, RatingRequest request, ClaimsPrincipal user, IGrainFactory grains) =>
        {
            var result = await grains.Reference<IJobGrain>(id).Rate(user.UserId(), request.SubjectId, request.Stars, request.Comment);
            return result.Outcome == JobOutcome.Ok ? Results.NoContent() : JobProblems.For(result.Outcome, result.Detail, result.Errors);
        })
            .WithName("rateParticipant").WithSummary("Rate the employer or a worker of a completed job")
            .WithDescription("Once the employer confirmed the job, its employer and workers rate each other, once each, 1 to 5 stars.")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        jobs.MapGet("/{id:guid}/ratings", async (Guid id, IGrainFactory grains) =>
            await grains.Reference<IJobGrain>(id).Ratings() is { } ratings ? Results.Ok(ratings) : JobProblems.For(JobOutcome.NotFound))
            .WithName("listRatings").WithSummary("List a job's ratings")
            .WithDescription("Empty until the job's participants rate each other.")
            .Produces<RatingView[]>().ProducesProblem(StatusCodes.Status404NotFound);

        // For operators: where each submission and acceptance of the job stands, and why one was compensated.
        jobs.MapGet("/{id:guid}/sagas", async (Guid id, IGrainFactory grains) =>
            await grains.Reference<IJobGrain>(id).Get() is null
                ? JobProblems.For(JobOutcome.NotFound)
                : Results.Ok((await grains.Reference<IJobSagaGrain>(id.ToString()).Sagas())
                    .OrderBy(s => s.StartedAt).Select(s => s.ToResponse()))).RequireAuthorization(Policies.Admin)
            .WithName("listJobSagas").WithSummary("List the sagas of a job's applications")
            .Produces<SagaResponse[]>().ProducesProblem(StatusCodes.Status404NotFound);

        jobs.MapGet("/schedule/me", async (ClaimsPrincipal user, IGrainFactory grains) =>
            Results.Ok(await grains.Reference<IWorkerScheduleGrain>(user.UserId()).Get())).RequireAuthorization(Policies.Worker)
            .WithName("getMySchedule").WithSummary("Read my accepted shifts and open applications")
            .Produces<WorkerScheduleView>();
        return jobs;
    }

    private static async Task<IResult> ApplyAsync(Guid id, HttpRequest http, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (!IdempotencyKeys.TryRead(http, out var key, out var invalid))
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
