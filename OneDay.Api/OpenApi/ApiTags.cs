namespace OneDay.Api.OpenApi;

/// <summary>The tags that group operations in the API document, one per domain, each with its description.</summary>
public static class ApiTags
{
    public const string Users = "Users";
    public const string Security = "Security";
    public const string Jobs = "Jobs";
    public const string Analytics = "Analytics";
    public const string Payments = "Payments";
    public const string Communication = "Communication";
    public const string Matching = "Matching";

    public static readonly IReadOnlyDictionary<string, string> Descriptions = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [Users] = "Accounts and profiles: registration, my profile, the public view of a user, my data export and erasure, roles.",
        [Security] = "Sign-in, refresh-token rotation, sign-out, my sessions, and the hash-chained audit log (admins).",
        [Jobs] = "Posting and finding one-day jobs, categories, applications, check-in and check-out, completion and ratings.",
        [Payments] = "My wallet and its top-ups; every amount is whole KRW, and every movement is one balanced ledger transaction.",
        [Communication] = "My conversations and their messages by cursor, and my notifications with unread counts and which kinds I want; live, both arrive over the SignalR hub at /hubs/chat.",
        [Matching] = "My matching profile as a worker (skills, preferred categories, where and when I work, my minimum pay) and the open jobs it recommends me, with why.",
        [Analytics] = "The store of domain events and the dead letters of consumers that kept failing (admins).",
    };
}
