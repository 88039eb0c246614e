using OneDay.Grains.Interfaces;
using OneDay.Grains.Interfaces.Jobs;
using OneDay.Grains.Interfaces.Matching;
using OneDay.Grains.Jobs;
using OneDay.Grains.Matching.Employers;
using OneDay.Grains.Matching.Scoring;
using OneDay.Grains.Matching.Workers;
using OneDay.Grains.Placement;
using Orleans.Concurrency;

namespace OneDay.Grains.Matching.Candidates;

/// <summary>
/// A job's candidates for its employer: the job, its applications and invitations (one call each), then the workers of
/// the worker read model around it through the hard rules, the score and the spread.
/// </summary>
[StatelessWorker, DomainPlacement(Domains.Matching)]
public sealed class CandidatesGrain(JobClock clock, SharedWorkerCells cells, SharedEmployerRecords employers) : Grain, ICandidatesGrain
{
    private readonly CandidateSearch _search = new(cells);

    public async Task<CandidateList> ForJob(Guid jobId, Guid employerId, int limit)
    {
        var job = GrainFactory.Reference<IJobGrain>(jobId);
        var viewCall = job.Get();
        var applicationsCall = job.Applications(employerId);
        var invitationsCall = GrainFactory.Reference<IJobMatchingGrain>(jobId.ToString()).Invitations(employerId);
        var view = await viewCall;
        var (applications, invitations) = (await applicationsCall, await invitationsCall);
        if (view is null)
        {
            return new CandidateList(CandidatesOutcome.NotFound, []);
        }

        if (view.EmployerId != employerId)
        {
            return new CandidateList(CandidatesOutcome.NotOwner, []);
        }

        if (!JobMatchingRules.TakesWorkers(view, clock.UtcNow))
        {
            return new CandidateList(CandidatesOutcome.Closed, []);
        }

        // Whoever applied, in any state, is the applications list's business, not a candidate; nor is the employer.
        var excluded = new HashSet<Guid>((applications ?? []).Select(a => a.WorkerId)) { employerId };
        var invitedAt = (invitations ?? []).ToDictionary(i => i.WorkerId, i => i.InvitedAt);
        var features = MatchFeatures.From(jobId, view.EmployerId, view.Details, (await employers.GetAsync())(view.EmployerId)?.AverageRating);
        var top = await _search.TopAsync(features, Math.Clamp(limit, 1, ICandidatesGrain.MaxLimit), excluded);
        return new CandidateList(CandidatesOutcome.Ok, [.. top.Select(w => new Candidate(
            w.Entry.WorkerId,
            w.Match.DistanceKm(features),
            w.Match.Score(features)!,
            w.Entry.Profile.Skills,
            w.Entry.Profile.Languages,
            w.Entry.Reliability,
            invitedAt.TryGetValue(w.Entry.WorkerId, out var at) ? at : null))]);
    }
}
