namespace OneDay.Grains.Interfaces;

/// <summary>
/// The seven domains of OneDay. Each one owns a grain storage provider of the same name (so each can
/// live in its own database) and a silo group its grains are placed on.
/// </summary>
public static class Domains
{
    public const string Users = "users";
    public const string Jobs = "jobs";
    public const string Matching = "matching";
    public const string Payments = "payments";
    public const string Communication = "communication";
    public const string Analytics = "analytics";
    public const string Security = "security";

    public static IReadOnlyList<string> All { get; } =
        [Users, Jobs, Matching, Payments, Communication, Analytics, Security];

    public static bool IsKnown(string name) => All.Contains(name, StringComparer.Ordinal);
}
