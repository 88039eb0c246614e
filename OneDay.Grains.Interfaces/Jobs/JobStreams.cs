namespace OneDay.Grains.Interfaces.Jobs;

/// <summary>The jobs domain's stream namespaces; a job's events go to one of them, keyed by the job's id.</summary>
public static class JobStreams
{
    /// <summary>The job's own life: created, updated, filled, started, completed, cancelled, expired, rated, disputes.</summary>
    public const string Lifecycle = Domains.Jobs;

    /// <summary>
    /// What happens to the job's applications: submitted, accepted, declined, rejected, withdrawn, and the worker's
    /// check-in, check-out or no-show. The application saga and its notifications need only these, so posting a job
    /// wakes neither of them.
    /// </summary>
    public const string Applications = "jobs.applications";
}
