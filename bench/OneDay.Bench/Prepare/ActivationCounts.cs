using System.Text.Json;

namespace OneDay.Bench.Prepare;

/// <summary>
/// How many activations each grain type has, from the Orleans dashboard's counters (embedded mode serves them without
/// sign-in): /metrics counts activations only in total, which does not say what a memory figure holds.
/// </summary>
internal static class ActivationCounts
{
    /// <returns>Grain type (its class name) -> activations; empty when the dashboard is off or does not answer.</returns>
    public static async Task<Dictionary<string, int>> ScrapeAsync(HttpClient http, Uri baseUrl, CancellationToken cancellationToken)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(await http.GetStringAsync(new Uri(baseUrl, "/dashboard/DashboardCounters"), cancellationToken));
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException)
        {
            return counts;
        }

        using var _ = document;
        var counters = document.RootElement;
        if (!counters.TryGetProperty("simpleGrainStats", out var stats) || stats.ValueKind != JsonValueKind.Array)
        {
            return counts;
        }

        foreach (var stat in stats.EnumerateArray())
        {
            var type = stat.GetProperty("grainType").GetString() ?? "?";
            var name = type.Split(',')[0].Split('.')[^1];
            counts[name] = counts.GetValueOrDefault(name) + stat.GetProperty("activationCount").GetInt32();
        }

        return counts;
    }
}
