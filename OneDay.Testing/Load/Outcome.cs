using System.Net;

namespace OneDay.Testing.Load;

/// <summary>How a request of the workload ended, as an operator counts it.</summary>
public enum Outcome
{
    Ok,

    /// <summary>A 4xx: the request was refused for what it asked (a full job, an application made already).</summary>
    Refused,

    /// <summary>A 503 problem: the platform said it could not answer now, and when to retry.</summary>
    Unavailable,

    /// <summary>A 500 or another 5xx but 503: a fault the platform did not map, which must never happen.</summary>
    ServerError,

    /// <summary>No answer within the client's timeout.</summary>
    Timeout,

    /// <summary>The connection failed or broke (a gateway gone).</summary>
    NoConnection,
}

public static class Outcomes
{
    public static Outcome Of(HttpStatusCode status) => (int)status switch
    {
        < 400 => Outcome.Ok,
        < 500 => Outcome.Refused,
        503 => Outcome.Unavailable,
        _ => Outcome.ServerError,
    };

    /// <summary>Whether the request failed for the platform's sake (a refusal is the client's answer).</summary>
    public static bool IsFailure(this Outcome outcome) => outcome is not (Outcome.Ok or Outcome.Refused);
}
