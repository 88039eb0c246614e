using OneDay.Grains.Interfaces.Matching;

namespace OneDay.Api.Matching;

public sealed record InviteRequest(Guid? WorkerId = null);

public sealed record SkillResponse(string Name, int Level);

/// <param name="AverageRating">Stars from employers, 1 to 5; null before any.</param>
/// <param name="AverageResponseMinutes">From an invitation to the application; null before any was answered.</param>
public sealed record ReliabilityResponse(
    int CompletedShifts, int NoShows, int LateCancellations, int RatingCount, double? AverageRating, int InvitationsAnswered, double? AverageResponseMinutes)
{
    public static ReliabilityResponse From(WorkerReliability r) => new(
        r.CompletedShifts, r.NoShows, r.LateCancellations, r.RatingCount, r.AverageRating, r.InvitationsAnswered, r.AverageResponseMinutes);
}

/// <param name="Score">In [0, 1], the same the worker sees for this job; the factors' contributions add up to it.</param>
/// <param name="InvitedAt">When I invited them to this job; null if I have not.</param>
public sealed record CandidateResponse(
    Guid WorkerId,
    double DistanceKm,
    double Score,
    string Window,
    MatchFactorResponse[] Factors,
    SkillResponse[] Skills,
    string[] Languages,
    ReliabilityResponse Reliability,
    DateTimeOffset? InvitedAt)
{
    public static CandidateResponse From(Candidate c) => new(
        c.WorkerId, Math.Round(c.DistanceKm, 2), c.Score.Score, c.Score.Window,
        [.. c.Score.Factors.Select(MatchFactorResponse.From)],
        [.. c.Skills.Select(s => new SkillResponse(s.Name, s.Level))],
        [.. c.Languages],
        ReliabilityResponse.From(c.Reliability),
        c.InvitedAt);
}

public sealed record InvitationResponse(Guid JobId, Guid WorkerId, DateTimeOffset InvitedAt, DateTimeOffset? AnsweredAt)
{
    public static InvitationResponse From(JobInvitation i) => new(i.JobId, i.WorkerId, i.InvitedAt, i.AnsweredAt);
}
