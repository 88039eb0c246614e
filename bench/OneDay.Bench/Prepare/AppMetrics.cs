using System.Text.RegularExpressions;

namespace OneDay.Bench.Prepare;

/// <summary>
/// Reads series from the app's Prometheus endpoint (/metrics): the runtime's GC heap and Orleans' activation count, to
/// say what the resident memory holds. Summed over labels per metric name; the names are matched loosely, since
/// they depend on the runtime and instrumentation versions.
/// </summary>
internal static partial class AppMetrics
{
    /// <summary>Metric name -> sum over its series, for the names that <see cref="Wanted"/> matches.</summary>
    public static async Task<SortedDictionary<string, double>> ScrapeAsync(HttpClient http, Uri baseUrl, CancellationToken cancellationToken)
    {
        var sums = new SortedDictionary<string, double>(StringComparer.Ordinal);
        string text;
        try
        {
            text = await http.GetStringAsync(new Uri(baseUrl, "/metrics"), cancellationToken);
        }
        catch (HttpRequestException)
        {
            return sums;
        }

        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith('#') || Series().Match(line) is not { Success: true } m || !Wanted().IsMatch(m.Groups["name"].Value))
            {
                continue;
            }

            var name = m.Groups["name"].Value;
            sums[name] = sums.GetValueOrDefault(name) + Inv.ParseDouble(m.Groups["value"].Value);
        }

        return sums;
    }

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})?\s+(?<value>[-+0-9.eE]+|NaN)(\s+\d+)?\s*$")]
    private static partial Regex Series();

    [GeneratedRegex("(last_collection_heap_size|gc_heap_size|gc_committed|catalog_activation|working_set)")]
    private static partial Regex Wanted();
}
