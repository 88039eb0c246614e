using System.Globalization;
using System.Security.Claims;
using System.Text;
using OneDay.Api.Errors;
using OneDay.Api.OpenApi;
using OneDay.Api.Security;
using OneDay.Grains.Interfaces;
using OneDay.Grains.Interfaces.Analytics;
using OneDay.Grains.Interfaces.Payments.Providers;

namespace OneDay.Api.Analytics;

/// <summary>/api/analytics KPIs: the marketplace's figures for admins, and each employer's own funnel.</summary>
public static class KpiEndpoints
{
    public static RouteGroupBuilder MapKpiApi(this RouteGroupBuilder api)
    {
        var analytics = api.MapGroup("/analytics").WithTags(ApiTags.Analytics);
        analytics.MapGet("/kpis", QueryAsync).RequireAuthorization(Policies.Admin)
            .WithName("queryKpis").WithSummary("Marketplace KPIs per day or week, as JSON or CSV")
            .WithDescription("With `format=csv` or `Accept: text/csv` the same rows come as CSV (text/csv): a header row of the JSON " +
                "row's field names, then one row per period; a rate with nothing to divide is an empty cell.")
            .WithParameters(KpiQueryParameters.Documented)
            .Produces<KpiReportResponse>().ProducesValidationProblem();
        analytics.MapPost("/kpis/verify", StartVerifyingAsync).RequireAuthorization(Policies.Admin)
            .WithName("verifyKpis").WithSummary("Start replaying the event store into a scratch projection, to compare it with the live KPIs")
            .WithDescription("Runs in the background (it reads every stored event); answers 202 with the run's status, which " +
                "GET /api/analytics/kpis/verify reports until it is done or failed. A run already going is not started again.")
            .Produces<KpiVerificationResponse>(StatusCodes.Status202Accepted);
        analytics.MapGet("/kpis/verify", VerificationAsync).RequireAuthorization(Policies.Admin)
            .WithName("kpiVerification").WithSummary("The latest verification's status and, once done, the days that differ")
            .Produces<KpiVerificationResponse>();
        analytics.MapGet("/me/funnel", FunnelAsync).RequireAuthorization(Policies.Employer)
            .WithName("myFunnel").WithSummary("The signed-in employer's funnel: posted, applications, accepted, worked, no-shows, spend")
            .Produces<EmployerFunnel>();
        return analytics;
    }

    private static async Task<IResult> QueryAsync(HttpRequest request, IGrainFactory grains, TimeProvider time)
    {
        var today = SettlementDay.Of(time.GetUtcNow());
        var (query, csv, errors) = KpiQueryParameters.Parse(request.Query, request.Headers.Accept.ToString(), today);
        if (query is null)
        {
            return Problems.Validation(errors);
        }

        var report = await grains.Reference<IKpiQueryGrain>(0).Query(query);
        return csv
            ? Results.File(Encoding.UTF8.GetBytes(KpiCsv.Write(report)), "text/csv; charset=utf-8", KpiCsv.FileName(query))
            : Results.Ok(KpiReportResponse.Of(report));
    }

    private static async Task<IResult> StartVerifyingAsync(IGrainFactory grains) =>
        Results.Accepted("/api/analytics/kpis/verify", KpiVerificationResponse.Of(await grains.Reference<IKpiVerifierGrain>(KpiProjections.Live).Start()));

    private static async Task<IResult> VerificationAsync(IGrainFactory grains) =>
        Results.Ok(KpiVerificationResponse.Of(await grains.Reference<IKpiVerifierGrain>(KpiProjections.Live).Status()));

    private static async Task<IResult> FunnelAsync(ClaimsPrincipal user, IGrainFactory grains) =>
        Results.Ok(await grains.Reference<IKpiQueryGrain>(0).EmployerFunnel(user.UserId()));
}

/// <param name="ThroughSequence">The last event store sequence the figures include (they trail the newest events by seconds).</param>
public sealed record KpiReportResponse(
    string From, string To, string Granularity, string? Category, string? Region, long ThroughSequence, IReadOnlyList<KpiRow> Rows)
{
    public static KpiReportResponse Of(KpiReport report) => new(
        KpiCsv.Day(report.Query.From), KpiCsv.Day(report.Query.To), report.Query.Granularity.ToString().ToLowerInvariant(),
        report.Query.Category, report.Query.Region, report.ThroughSequence, report.Rows);
}

/// <param name="State">idle (none since the verifier started), running, done or failed.</param>
public sealed record KpiVerificationResponse(
    string State, long ThroughSequence, long ReplayedSequence, KpiVerification? Result, string? Error,
    DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt)
{
    public static KpiVerificationResponse Of(KpiVerificationStatus s) => new(
        s.State.ToString().ToLowerInvariant(), s.ThroughSequence, s.ReplayedSequence, s.Result, s.Error, s.StartedAt, s.FinishedAt);
}

/// <summary>The report as CSV: a header row, then one row per period; empty rates are empty cells.</summary>
internal static class KpiCsv
{
    private const string Header =
        "periodStart,jobsPosted,jobsFilled,jobsCompleted,jobsCancelled,jobsExpired,applications,acceptedApplications," +
        "shiftsWorked,noShows,settledKrw,fillRate,medianMinutesToFill,noShowRate,activeWorkers,activeEmployers," +
        "escrowedKrw,revenueKrw,paidOutKrw,firstReplies,medianMinutesToFirstReply";

    public static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string FileName(KpiQuery query) => $"oneday-kpis-{Day(query.From)}-{Day(query.To)}.csv";

    public static string Write(KpiReport report)
    {
        var csv = new StringBuilder(Header).Append("\r\n");
        foreach (var r in report.Rows)
        {
            csv.AppendJoin(',',
                Day(r.PeriodStart), Number(r.JobsPosted), Number(r.JobsFilled), Number(r.JobsCompleted), Number(r.JobsCancelled),
                Number(r.JobsExpired), Number(r.Applications), Number(r.AcceptedApplications), Number(r.ShiftsWorked), Number(r.NoShows),
                Number(r.SettledKrw), Number(r.FillRate), Number(r.MedianMinutesToFill), Number(r.NoShowRate), Number(r.ActiveWorkers),
                Number(r.ActiveEmployers), Number(r.EscrowedKrw), Number(r.RevenueKrw), Number(r.PaidOutKrw), Number(r.FirstReplies),
                Number(r.MedianMinutesToFirstReply)).Append("\r\n");
        }

        return csv.ToString();
    }

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Number(double? value) => value?.ToString("0.####", CultureInfo.InvariantCulture) ?? "";
}
