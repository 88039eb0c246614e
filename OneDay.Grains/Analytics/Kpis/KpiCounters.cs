namespace OneDay.Grains.Analytics.Kpis;

/// <summary>The additive figures of one day, category and region (or their sum over several).</summary>
public sealed class KpiCounters
{
    public long JobsPosted { get; set; }
    public long JobsFilled { get; set; }
    public long JobsCompleted { get; set; }
    public long JobsCancelled { get; set; }
    public long JobsExpired { get; set; }
    public long Applications { get; set; }
    public long AcceptedApplications { get; set; }
    public long ShiftsWorked { get; set; }
    public long NoShows { get; set; }

    /// <summary>Wages released to workers at settlement, before withholding (the platform's fee is not in it).</summary>
    public long SettledKrw { get; set; }

    /// <summary>Held in escrow by acceptances: wages and the platform's fee.</summary>
    public long EscrowedKrw { get; set; }

    /// <summary>The platform's fee on what was settled.</summary>
    public long RevenueKrw { get; set; }

    /// <summary>Paid out to workers' bank accounts (payouts belong to no job: only the day's totals have them).</summary>
    public long PaidOutKrw { get; set; }

    /// <summary>Jobs filled, by how long they took from posting (<see cref="KpiDurations.Bounds"/>).</summary>
    public long[] FillMinutes { get; } = new long[KpiDurations.BucketCount];

    /// <summary>Employers' first replies to applicants in chat, by how long the applicant waited.</summary>
    public long[] ReplyMinutes { get; } = new long[KpiDurations.BucketCount];

    public void Add(KpiCounters other)
    {
        JobsPosted += other.JobsPosted;
        JobsFilled += other.JobsFilled;
        JobsCompleted += other.JobsCompleted;
        JobsCancelled += other.JobsCancelled;
        JobsExpired += other.JobsExpired;
        Applications += other.Applications;
        AcceptedApplications += other.AcceptedApplications;
        ShiftsWorked += other.ShiftsWorked;
        NoShows += other.NoShows;
        SettledKrw += other.SettledKrw;
        EscrowedKrw += other.EscrowedKrw;
        RevenueKrw += other.RevenueKrw;
        PaidOutKrw += other.PaidOutKrw;
        for (var i = 0; i < FillMinutes.Length; i++)
        {
            FillMinutes[i] += other.FillMinutes[i];
            ReplyMinutes[i] += other.ReplyMinutes[i];
        }
    }

    /// <summary>How many figures <see cref="ToArray"/> gives.</summary>
    public const int Count = 13;

    /// <summary>The counters as one array, in the order the stores keep their columns.</summary>
    public long[] ToArray() =>
    [
        JobsPosted, JobsFilled, JobsCompleted, JobsCancelled, JobsExpired, Applications, AcceptedApplications, ShiftsWorked, NoShows, SettledKrw,
        EscrowedKrw, RevenueKrw, PaidOutKrw,
    ];

    public static KpiCounters FromArray(IReadOnlyList<long> values, IReadOnlyList<long> fillMinutes, IReadOnlyList<long> replyMinutes)
    {
        var counters = new KpiCounters
        {
            JobsPosted = values[0],
            JobsFilled = values[1],
            JobsCompleted = values[2],
            JobsCancelled = values[3],
            JobsExpired = values[4],
            Applications = values[5],
            AcceptedApplications = values[6],
            ShiftsWorked = values[7],
            NoShows = values[8],
            SettledKrw = values[9],
            EscrowedKrw = values[10],
            RevenueKrw = values[11],
            PaidOutKrw = values[12],
        };
        fillMinutes.Take(counters.FillMinutes.Length).ToArray().CopyTo(counters.FillMinutes, 0);
        replyMinutes.Take(counters.ReplyMinutes.Length).ToArray().CopyTo(counters.ReplyMinutes, 0);

        return counters;
    }
}

/// <summary>One employer's additive funnel figures.</summary>
public sealed class EmployerCounters
{
    public long JobsPosted { get; set; }
    public long Applications { get; set; }
    public long AcceptedApplications { get; set; }
    public long ShiftsWorked { get; set; }
    public long NoShows { get; set; }

    /// <summary>Wages and fees settled for this employer's shifts.</summary>
    public long SpentKrw { get; set; }

    public void Add(EmployerCounters other)
    {
        JobsPosted += other.JobsPosted;
        Applications += other.Applications;
        AcceptedApplications += other.AcceptedApplications;
        ShiftsWorked += other.ShiftsWorked;
        NoShows += other.NoShows;
        SpentKrw += other.SpentKrw;
    }

    public long[] ToArray() => [JobsPosted, Applications, AcceptedApplications, ShiftsWorked, NoShows, SpentKrw];

    public static EmployerCounters FromArray(IReadOnlyList<long> values) => new()
    {
        JobsPosted = values[0],
        Applications = values[1],
        AcceptedApplications = values[2],
        ShiftsWorked = values[3],
        NoShows = values[4],
        SpentKrw = values[5],
    };
}
