using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.OpenApi;
using OneDay.Api.Caching;
using OneDay.Api.Errors;
using OneDay.Api.Http;
using OneDay.Api.OpenApi;
using OneDay.Api.Security;
using OneDay.Grains.Interfaces;
using OneDay.Grains.Interfaces.Jobs;

namespace OneDay.Api.Jobs;

/// <summary>/api/jobs: posting and managing jobs, categories, search, applications and shifts.</summary>
public static class JobEndpoints
{
    private const int DefaultMineLimit = 20;
    private const int MaxMineLimit = 100;

    public static RouteGroupBuilder MapJobsApi(this RouteGroupBuilder jobs)
    {
        jobs.MapCategoriesApi();
        jobs.MapJobSearchApi();
        jobs.MapApplicationsApi();

        jobs.MapPost("/", CreateAsync).RequireAuthorization(Policies.Employer)
            .WithName("createJob").WithSummary("Post a job")
            .WithDescription("A retried POST with the same Idempotency-Key answers the job the first one posted.")
            .WithParameters(IdempotencyKeys.Parameter("the same job"))
            .Produces<JobResponse>(StatusCodes.Status201Created).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        jobs.MapGet("/mine", MineAsync).RequireAuthorization(Policies.Employer)
            .WithName("listMyJobs").WithSummary("List the jobs I posted, newest first")
            .WithDescription("A page at a time; page on with nextCursor.")
            .WithParameters(
                DocumentedParameter.Query("limit", JsonSchemaType.Integer, $"Page size, 1 to {MaxMineLimit} (default {DefaultMineLimit}).", "int32"),
                DocumentedParameter.Query("cursor", JsonSchemaType.String, "The nextCursor of the previous page."))
            .Produces<MyJobsResponse>().ProducesValidationProblem();
        jobs.MapGet("/{id:guid}", GetAsync)
            .WithName("getJob").WithSummary("Read a job")
            .WithDescription("The ETag header carries the job's version, for If-Match on updateJob.")
            .Produces<JobResponse>().ProducesProblem(StatusCodes.Status404NotFound);
        jobs.MapPut("/{id:guid}", UpdateAsync).RequireAuthorization(Policies.Employer)
            .WithName("updateJob").WithSummary("Edit a job I posted")
            .WithParameters(DocumentedParameter.Header("If-Match", "The ETag of the job as read, e.g. \"v3\".", required: true))
            .Produces<JobResponse>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed).ProducesProblem(StatusCodes.Status428PreconditionRequired);
        jobs.MapPost("/{id:guid}/cancel", CancelAsync).RequireAuthorization(Policies.Employer)
            .WithName("cancelJob").WithSummary("Cancel a job I posted")
            .Produces<JobResponse>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return jobs;
    }

    private static async Task<IResult> CreateAsync(HttpRequest http, JobRequest request, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (!TryReadDraft(request, out var draft, out var invalid))
        {
            return invalid;
        }

        if (!IdempotencyKeys.TryRead(http, out var key, out invalid))
        {
            return invalid;
        }

        // The jobs domain names the job: from the key, when there is one, so a retried POST cannot post twice.
        var result = await grains.Reference<IJobPostingGrain>(0).Post(user.UserId(), key, draft);
        return result.Job is { } job
            ? WithETag(http, job, Results.Created($"/api/jobs/{job.JobId}", job.ToResponse()))
            : JobProblems.For(result.Outcome, result.Detail, result.Errors);
    }

    /// <summary>GET /api/jobs/mine?limit=&amp;cursor=: the employer's jobs, newest first, a page at a time.</summary>
    private static async Task<IResult> MineAsync(HttpRequest http, ClaimsPrincipal user, IGrainFactory grains)
    {
        var limit = DefaultMineLimit;
        if (http.Query.TryGetValue("limit", out var limitText)
            && !(int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) && limit is >= 1 and <= MaxMineLimit))
        {
            return JobProblems.Validation("limit", $"A whole number from 1 to {MaxMineLimit}.");
        }

        var cursor = http.Query.TryGetValue("cursor", out var cursorText) ? cursorText.ToString() : null;
        var page = await grains.Reference<IEmployerJobsGrain>(user.UserId()).Page(cursor, limit);
        if (page.BadCursor)
        {
            return JobProblems.Validation("cursor", "Not a cursor from your list of jobs; start again without it.");
        }

        // An id whose job never got written (its post failed after it was listed) is skipped.
        var jobs = await Task.WhenAll(page.JobIds.Select(id => grains.Reference<IJobGrain>(id).Get()));
        return Results.Ok(new MyJobsResponse([.. jobs.OfType<JobView>().Select(j => j.ToResponse())], page.NextCursor));
    }

    private static async Task<IResult> GetAsync(Guid id, HttpRequest http, IGrainFactory grains, PublicReadCache cache)
    {
        if (cache.TryGet(http, PublicEntity.Job, id, out var cached))
        {
            return cached;
        }

        var generation = cache.Generation;
        return await grains.Reference<IJobGrain>(id).Get() is { } job
            ? cache.Store(PublicEntity.Job, id, generation, job.ToResponse(), EntityTags.For(job.Version))
            : JobProblems.For(JobOutcome.NotFound);
    }

    private static async Task<IResult> UpdateAsync(Guid id, HttpRequest http, JobRequest request, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (http.Headers.IfMatch.Count == 0)
        {
            return Results.Problem(
                "Send If-Match with the ETag of the job you edited.", statusCode: 428, title: "If-Match is required.",
                type: ProblemTypes.PreconditionRequired);
        }

        // A job is shared by its employer's staff, so an edit must name the version it started from ("*" does not).
        if (!EntityTags.TryReadIfMatch(http.HttpContext, out var expected) || expected is not { } version)
        {
            return Problems.Validation(new FieldErrors().Add("If-Match", "Must be one ETag from GET /api/jobs/{id}, e.g. \"v3\"."));
        }

        if (!TryReadDraft(request, out var draft, out var invalid))
        {
            return invalid;
        }

        var result = await grains.Reference<IJobGrain>(id).Update(user.UserId(), draft, version);
        return result.Outcome == JobOutcome.Ok && result.Job is { } job
            ? WithETag(http, job, Results.Ok(job.ToResponse()))
            : JobProblems.For(result.Outcome, result.Detail, result.Errors);
    }

    private static async Task<IResult> CancelAsync(Guid id, CancelRequest request, ClaimsPrincipal user, IGrainFactory grains)
    {
        var result = await grains.Reference<IJobGrain>(id).Cancel(user.UserId(), request.Reason);
        return result.Job is { } job ? Results.Ok(job.ToResponse()) : JobProblems.For(result.Outcome, result.Detail, result.Errors);
    }

    private static bool TryReadDraft(JobRequest request, out JobDraft draft, out IResult invalid)
    {
        draft = null!;
        if (!JobDtoMapping.TryParsePayKind(request.Pay.Kind, out var kind))
        {
            invalid = JobProblems.Validation("pay.kind", "Either \"perHour\" or \"perShift\".");
            return false;
        }

        if (request.StartsAt.Offset != TimeSpan.Zero || request.EndsAt.Offset != TimeSpan.Zero)
        {
            invalid = JobProblems.Validation("startsAt", "Times are UTC (end them with Z).");
            return false;
        }

        draft = request.ToDraft(kind);
        invalid = Results.Empty;
        return true;
    }

    /// <summary>SHA-256 of the raw request body, base64; null when there is none.</summary>
    internal static async Task<string?> BodyFingerprintAsync(HttpRequest http)
    {
        if (http.ContentLength == 0)
        {
            return null;
        }

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[4096];
        var length = 0L;
        int read;
        while ((read = await http.Body.ReadAsync(buffer, http.HttpContext.RequestAborted)) > 0)
        {
            hash.AppendData(buffer, 0, read);
            length += read;
        }

        return length == 0 ? null : Convert.ToBase64String(hash.GetHashAndReset());
    }

    private static IResult WithETag(HttpRequest http, JobView job, IResult result)
    {
        http.HttpContext.Response.Headers.ETag = EntityTags.For(job.Version);
        return result;
    }
}
