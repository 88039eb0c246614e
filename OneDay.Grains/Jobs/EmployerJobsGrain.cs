using System.Buffers.Text;
using System.Globalization;
using System.Text;
using OneDay.Grains.Batching;
using OneDay.Grains.Interfaces;
using OneDay.Grains.Interfaces.Jobs;
using OneDay.Grains.Placement;
using Orleans.Concurrency;

namespace OneDay.Grains.Jobs;

[GenerateSerializer, Alias("oneday.jobs.employer-jobs-state")]
public sealed class EmployerJobsState
{
    /// <summary>
    /// The newest <see cref="EmployerJobsGrain.MaxListed"/> jobs the employer posted, oldest first. A job's position
    /// (<see cref="Dropped"/> plus its index) never changes, so it is a stable cursor.
    /// </summary>
    [Id(0)] public List<Guid> JobIds { get; set; } = [];

    /// <summary>The jobs that count against the cap (<see cref="JobRules.CountsAsOpen"/>), as the jobs report it.</summary>
    [Id(1)] public HashSet<Guid> Open { get; set; } = [];

    /// <summary>How many of the oldest jobs have left the list.</summary>
    [Id(2)] public int Dropped { get; set; }
}

/// <summary>
/// An employer's jobs, and which of them are open, so the cap on open jobs costs one set lookup, not a call
/// to every job. Jobs report closing (<see cref="Closed"/>); a job whose post failed after it was listed
/// never does, so at the cap the list asks its open jobs once (at most every <see cref="RecheckEvery"/>). The list
/// keeps the newest <see cref="MaxListed"/>, so the state of an employer who posts every day does not grow for years;
/// an older job is still read by its id.
/// </summary>
/// <remarks>
/// Reentrant, so a job reporting its closing is never stuck behind the recheck that is asking that same job
/// for its state; every method changes the state synchronously between its awaits, and writes are coalesced.
/// </remarks>
[Reentrant, DomainPlacement(Domains.Jobs), CollectionAgeLimit(Minutes = EntityActivations.IdleMinutes)]
public sealed class EmployerJobsGrain : Grain, IEmployerJobsGrain
{
    public const int MaxPageSize = 100;

    /// <summary>Years of a shift a day; far more than the open jobs allowed (<see cref="JobOptions.MaxOpenJobsPerEmployer"/>).</summary>
    public const int MaxListed = 1_000;
    private static readonly TimeSpan RecheckEvery = TimeSpan.FromMinutes(10);
    private readonly IPersistentState<EmployerJobsState> _state;
    private readonly JobOptions _options;
    private readonly JobClock _clock;
    private readonly TurnGroupCommit _writer;
    private DateTimeOffset? _recheckedAt;

    public EmployerJobsGrain(
        [PersistentState("employer-jobs", Domains.Jobs)] IPersistentState<EmployerJobsState> state, JobOptions options, JobClock clock)
    {
        _state = state;
        _options = options;
        _clock = clock;
        _writer = new TurnGroupCommit(state.WriteStateAsync);
    }

    private EmployerJobsState S => _state.State;

    public async Task<bool> TryAdd(Guid jobId)
    {
        if (S.Open.Contains(jobId))
        {
            return true;
        }

        if (S.Open.Count >= _options.MaxOpenJobsPerEmployer && (_recheckedAt is not { } at || _clock.UtcNow - at >= RecheckEvery))
        {
            await RecheckOpenJobsAsync();
        }

        if (S.Open.Contains(jobId))
        {
            return true;
        }

        if (S.Open.Count >= _options.MaxOpenJobsPerEmployer)
        {
            return false;
        }

        S.Open.Add(jobId);
        if (!S.JobIds.Contains(jobId))
        {
            S.JobIds.Add(jobId);
            if (S.JobIds.Count > MaxListed)
            {
                var dropped = S.JobIds.Count - MaxListed;
                S.JobIds.RemoveRange(0, dropped);
                S.Dropped += dropped;
            }
        }

        await _writer.WriteAsync();
        return true;
    }

    public async Task Closed(Guid jobId)
    {
        if (S.Open.Remove(jobId))
        {
            await _writer.WriteAsync();
        }
    }

    /// <summary>Drops the open jobs that closed unreported, or whose post never got written.</summary>
    private async Task RecheckOpenJobsAsync()
    {
        _recheckedAt = _clock.UtcNow;
        var open = S.Open.ToArray();
        var jobs = await Task.WhenAll(open.Select(id => GrainFactory.Reference<IJobGrain>(id).Get()));
        var dropped = false;
        for (var i = 0; i < open.Length; i++)
        {
            if (jobs[i] is not { } job || !JobRules.CountsAsOpen(job.Status))
            {
                dropped |= S.Open.Remove(open[i]);
            }
        }

        if (dropped)
        {
            await _writer.WriteAsync();
        }
    }

    public Task<EmployerJobsPage> Page(string? cursor, int limit)
    {
        var (ids, dropped) = (S.JobIds, S.Dropped);
        var end = dropped + ids.Count;
        if (cursor is not null && !TryParseCursor(cursor, end, out end))
        {
            return Task.FromResult(new EmployerJobsPage([], null, BadCursor: true));
        }

        // A cursor from before the oldest jobs left the list ends where the list now does.
        end = Math.Max(end, dropped);
        var start = Math.Max(dropped, end - Math.Clamp(limit, 1, MaxPageSize));
        var page = new Guid[end - start];
        for (var i = 0; i < page.Length; i++)
        {
            page[i] = ids[end - 1 - i - dropped];
        }

        return Task.FromResult(new EmployerJobsPage(page, start > dropped ? FormatCursor(start) : null, BadCursor: false));
    }

    // A cursor is the position, in posting order, just after the next page's newest job.
    private static string FormatCursor(int end) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"mine|{end}")));

    private static bool TryParseCursor(string text, int count, out int end)
    {
        end = 0;
        if (text.Length > 40)
        {
            return false;
        }

        try
        {
            var parts = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(text)).Split('|');
            return parts is ["mine", var position]
                && int.TryParse(position, NumberStyles.None, CultureInfo.InvariantCulture, out end) && end > 0 && end <= count;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
