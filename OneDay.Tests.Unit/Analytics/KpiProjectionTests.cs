using OneDay.Grains.Analytics.Kpis;
using OneDay.Grains.Eventing.Store;
using OneDay.Grains.Interfaces.Communication;
using OneDay.Grains.Interfaces.Eventing;
using OneDay.Grains.Interfaces.Jobs;
using OneDay.Grains.Interfaces.Payments;

namespace OneDay.Tests.Unit.Analytics;

public sealed class KpiProjectionTests
{
    private static readonly Guid Job = Guid.NewGuid();
    private static readonly Guid Employer = Guid.NewGuid();
    private static readonly Guid Worker = Guid.NewGuid();

    // 19:30 in Seoul on Monday 7 December 2026.
    private static readonly DateTimeOffset Posted = new(2026, 12, 7, 10, 30, 0, TimeSpan.Zero);

    [Fact]
    public void A_day_is_a_day_of_Korea_Standard_Time_and_a_week_starts_on_Monday()
    {
        // 14:30 UTC is 23:30 in Seoul, still the 7th; an hour later it is the 8th there and still the 7th in UTC.
        var lateEvening = new DateTimeOffset(2026, 12, 7, 14, 30, 0, TimeSpan.Zero);
        Assert.Equal(new DateOnly(2026, 12, 7), KpiCalendar.DayOf(lateEvening));
        Assert.Equal(new DateOnly(2026, 12, 8), KpiCalendar.DayOf(lateEvening.AddHours(1)));
        Assert.Equal(new DateOnly(2026, 12, 7), KpiCalendar.WeekOf(new DateOnly(2026, 12, 13)));
        Assert.Equal(new DateOnly(2026, 12, 14), KpiCalendar.WeekOf(new DateOnly(2026, 12, 14)));
    }

    [Theory]
    [InlineData(0.5, 0)]
    [InlineData(1, 0)]
    [InlineData(1.5, 1)]
    [InlineData(59, 10)]
    [InlineData(60 * 24 * 30, 25)]
    public void Time_to_fill_falls_in_the_bucket_its_bound_closes(double minutes, int bucket) =>
        Assert.Equal(bucket, KpiDurations.BucketOf(TimeSpan.FromMinutes(minutes)));

    [Fact]
    public void The_median_is_interpolated_within_its_bucket()
    {
        var buckets = new long[KpiDurations.BucketCount];
        Assert.Null(KpiDurations.Median(buckets));

        // Four jobs in 10-15 minutes: the median is the middle of that bucket.
        buckets[KpiDurations.BucketOf(TimeSpan.FromMinutes(12))] = 4;
        Assert.Equal(12.5, KpiDurations.Median(buckets));

        // Two more, slower: half of six falls at the top of the first bucket.
        buckets[KpiDurations.BucketOf(TimeSpan.FromHours(5))] = 2;
        Assert.Equal(13.8, KpiDurations.Median(buckets));
    }

    [Fact]
    public void A_job_counts_where_it_was_posted_its_fill_once_and_its_pay_where_it_stands_when_paid()
    {
        var jobs = new Dictionary<Guid, JobKpiContext>();
        var batch = new KpiBatch(0);
        Apply(batch, jobs, new JobCreated(Job, Employer, Draft("Cafe", 37.56, 126.97)), Posted);
        Apply(batch, jobs, new ApplicationSubmitted(Job, Employer, Worker), Posted.AddMinutes(3));
        Apply(batch, jobs, new JobFilled(Job, 1), Posted.AddMinutes(12));
        // Filled again after a withdrawal: still one job filled, timed from its first fill.
        Apply(batch, jobs, new JobFilled(Job, 1), Posted.AddMinutes(40));
        Apply(batch, jobs, new JobUpdated(Job, 2, Draft("warehouse", 35.15, 129.05)), Posted.AddMinutes(41));
        Apply(batch, jobs, new PaymentCompleted(Worker, Job, Employer, Guid.NewGuid(), 90_000, 0), Posted.AddMinutes(50), aggregate: Worker.ToString());

        var cafe = batch.Cells[(new DateOnly(2026, 12, 7), "cafe", "37:126")];
        Assert.Equal((1, 1, 1), (cafe.JobsPosted, cafe.Applications, cafe.JobsFilled));
        Assert.Equal(1, cafe.FillMinutes[KpiDurations.BucketOf(TimeSpan.FromMinutes(12))]);
        Assert.Equal(90_000, batch.Cells[(new DateOnly(2026, 12, 7), "warehouse", "35:129")].SettledKrw);
        Assert.Equal((1, 1, 90_000), (batch.Employers[Employer].JobsPosted, batch.Employers[Employer].Applications, batch.Employers[Employer].SpentKrw));
        Assert.Contains((new DateOnly(2026, 12, 7), KpiBatch.WorkerRole, Worker), batch.Active);
        Assert.Contains((new DateOnly(2026, 12, 7), KpiBatch.EmployerRole, Employer), batch.Active);
    }

    [Fact]
    public void Money_counts_where_its_job_stands_and_payouts_only_in_the_days_totals()
    {
        var jobs = new Dictionary<Guid, JobKpiContext>();
        var batch = new KpiBatch(0);
        var day = new DateOnly(2026, 12, 7);
        Apply(batch, jobs, new JobCreated(Job, Employer, Draft("cafe", 37.56, 126.97)), Posted);
        Apply(batch, jobs, new ApplicationAccepted(Job, Employer, Worker, Posted.AddDays(1), Posted.AddDays(1).AddHours(4), 52_800), Posted.AddMinutes(5));
        Apply(batch, jobs, new PaymentCompleted(Worker, Job, Employer, Guid.NewGuid(), 47_000, 1_000, 4_800), Posted.AddMinutes(50), aggregate: Worker.ToString());
        Apply(batch, jobs, new PayoutCompleted(Worker, Guid.NewGuid(), 30_000), Posted.AddMinutes(55), aggregate: Worker.ToString());

        var cafe = batch.Cells[(day, "cafe", "37:126")];
        Assert.Equal((52_800, 48_000, 4_800, 0), (cafe.EscrowedKrw, cafe.SettledKrw, cafe.RevenueKrw, cafe.PaidOutKrw));
        Assert.Equal(52_800, batch.Employers[Employer].SpentKrw);
        var stored = batch.CellsWithSums();
        Assert.Equal(30_000, stored[(day, KpiBatch.All, KpiBatch.All)].PaidOutKrw);
        Assert.Equal(0, stored[(day, "cafe", KpiBatch.All)].PaidOutKrw);
        Assert.Equal(52_800, stored[(day, KpiBatch.All, KpiBatch.All)].EscrowedKrw);
    }

    [Fact]
    public void An_employers_first_reply_counts_at_its_jobs_cell_by_how_long_the_applicant_waited()
    {
        var jobs = new Dictionary<Guid, JobKpiContext>();
        var batch = new KpiBatch(0);
        Apply(batch, jobs, new JobCreated(Job, Employer, Draft("cafe", 37.56, 126.97)), Posted);
        var asked = Posted.AddMinutes(10);
        var conversation = Guid.NewGuid();

        Apply(batch, jobs, new EmployerReplied(conversation, Job, Employer, Worker, asked, asked.AddMinutes(25)), asked.AddMinutes(25),
            aggregate: conversation.ToString());

        var cafe = batch.Cells[(new DateOnly(2026, 12, 7), "cafe", "37:126")];
        Assert.Equal(1, cafe.ReplyMinutes[KpiDurations.BucketOf(TimeSpan.FromMinutes(25))]);
        Assert.Equal(1, cafe.ReplyMinutes.Sum());
        Assert.Equal(0, cafe.FillMinutes.Sum());
    }

    [Fact]
    public void Events_stored_before_money_figures_existed_read_back_with_none()
    {
        var read = EventPayloadJson.Deserialize("payments.completed",
            $$"""{"workerId":"{{Worker}}","jobId":"{{Job}}","employerId":"{{Employer}}","assignmentId":"{{Guid.NewGuid()}}","netPayKrw":5,"withheldKrw":0}""");

        Assert.Equal(0, Assert.IsType<PaymentCompleted>(read).FeeKrw);
    }

    [Fact]
    public void Each_cell_is_stored_with_its_days_sums_over_categories_regions_and_both()
    {
        var batch = new KpiBatch(0);
        var day = new DateOnly(2026, 12, 7);
        batch.Cell(day, "cafe", "37:126").JobsPosted = 2;
        batch.Cell(day, "cafe", "35:129").JobsPosted = 1;
        batch.Cell(day, "warehouse", "37:126").JobsPosted = 4;

        var stored = batch.CellsWithSums();

        Assert.Equal(3 + 2 + 2 + 1, stored.Count);
        Assert.Equal(3, stored[(day, "cafe", KpiBatch.All)].JobsPosted);
        Assert.Equal(6, stored[(day, KpiBatch.All, "37:126")].JobsPosted);
        Assert.Equal(7, stored[(day, KpiBatch.All, KpiBatch.All)].JobsPosted);
        Assert.Equal(4, stored[(day, "warehouse", "37:126")].JobsPosted);
    }

    [Fact]
    public void A_job_whose_posting_is_not_known_counts_as_unknown()
    {
        var batch = new KpiBatch(0);

        Apply(batch, [], new JobCancelled(Job, "weather", AfterStart: false), Posted);

        Assert.Equal(1, batch.Cells[(new DateOnly(2026, 12, 7), JobKpiContext.Unknown, JobKpiContext.Unknown)].JobsCancelled);
    }

    [Fact]
    public void Stored_payloads_read_back_as_their_records()
    {
        var created = new JobCreated(Job, Employer, Draft("cafe", 37.5, 127.0));

        var read = EventPayloadJson.Deserialize("jobs.created", EventPayloadJson.Serialize(created));

        Assert.Equal(created with { Details = created.Details }, read as JobCreated, new CreatedComparer());
        Assert.Null(EventPayloadJson.Deserialize("jobs.renamed-in-a-later-build", "{}"));
    }

    private static void Apply(
        KpiBatch batch, Dictionary<Guid, JobKpiContext> jobs, IDomainEventPayload payload, DateTimeOffset at, string? aggregate = null)
    {
        var type = DomainEvent.Describe(payload.GetType());
        var stored = new StoredEvent(1, Guid.NewGuid(), type.Name, type.Version, at, aggregate ?? Job.ToString(), null, null, "{}", at);
        KpiProjection.Apply(batch, stored, payload, jobs);
    }

    private static JobDraft Draft(string category, double latitude, double longitude) => new(
        "Barista", "Coffee", category, new JobLocation(latitude, longitude, "Seoul"), Posted.AddDays(1), Posted.AddDays(1).AddHours(4),
        new JobPay(12_000, PayKind.PerHour), 1, [], 200);

    private sealed class CreatedComparer : IEqualityComparer<JobCreated?>
    {
        public bool Equals(JobCreated? x, JobCreated? y) =>
            x is not null && y is not null && x.JobId == y.JobId && x.EmployerId == y.EmployerId
            && x.Details.Category == y.Details.Category && x.Details.Location == y.Details.Location && x.Details.Pay == y.Details.Pay;

        public int GetHashCode(JobCreated? obj) => obj?.JobId.GetHashCode() ?? 0;
    }
}
