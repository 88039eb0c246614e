namespace OneDay.Bench.Scenarios;

/// <summary>Every scenario, by name.</summary>
internal static class ScenarioCatalog
{
    public static IReadOnlyList<Scenario> All { get; } =
    [
        new HealthLive(),
        new HealthReady(),
        new JobsAccept(),
        new JobsApply(),
        new JobsGet(),
        new JobsSearch(),
        new MatchingRecommendations(),
        new MatchingCandidates(),
        new MatchingAlerts(),
        new MemoryFootprint(),
        new PaymentsSettle(),
        new UsersGet(),
        new UsersLogin(),
        new UsersPutMe(),
        new TelemetryCost(),
        new AnalyticsKpis(),
    ];

    public static Scenario? Find(string name) => All.FirstOrDefault(s => s.Name == name);
}
