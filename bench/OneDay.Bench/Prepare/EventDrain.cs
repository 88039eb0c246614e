using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using OneDay.Testing;

namespace OneDay.Bench.Prepare;

/// <summary>
/// Counts events of one type in the event store, following the cursor so each poll reads only new pages, until one
/// for every acknowledged request is there or the timeout passed: an event is in the store only once its publisher
/// appended it, the same moment it went to the stream.
/// </summary>
internal static class EventDrain
{
    /// <param name="eventType">The event each acknowledged request emits, e.g. jobs.application-submitted.</param>
    /// <param name="requests">What the requests are, for the report: "applications".</param>
    public static async Task<bool> RunAsync(
        HttpClient http, Uri baseUrl, string signingKey, string eventType, string requests, string since, long expected, TimeSpan timeout,
        DateTimeOffset wrkEnded, List<string> report, CancellationToken cancellationToken)
    {
        var admin = BenchTokens.Sign(signingKey, ["admin"], 60);
        string? cursor = null;
        long seen = 0, previous = -1;
        var quiet = 0;
        var polls = 0;
        DateTimeOffset? first = null, last = null;
        var sequences = new HashSet<long>();
        var began = DateTimeOffset.UtcNow;
        while (true)
        {
            while (true)
            {
                var query = $"/api/analytics/events?type={eventType}&from={since}&limit=500"
                    + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor));
                using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(baseUrl, query));
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", admin);
                using var response = await http.SendAsync(request, cancellationToken);
                var body = await response.Content.ReadAsStringAsync(cancellationToken);
                if ((int)response.StatusCode != 200)
                {
                    report.Add($"- GET /api/analytics/events answered {(int)response.StatusCode}: {body[..Math.Min(body.Length, 300)]}");
                    return false;
                }

                using var page = JsonDocument.Parse(body);
                var items = page.RootElement.GetProperty("items");
                foreach (var item in items.EnumerateArray())
                {
                    // The last page has no next cursor, so the next poll reads it again: count each event once.
                    if (!sequences.Add(item.GetProperty("sequence").GetInt64()))
                    {
                        continue;
                    }

                    seen++;
                    var at = DateTimeOffset.Parse(item.GetProperty("recordedAt").GetString()!, CultureInfo.InvariantCulture);
                    first = first is null || at < first ? at : first;
                    last = last is null || at > last ? at : last;
                }

                var next = page.RootElement.TryGetProperty("nextCursor", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : null;
                if (items.GetArrayLength() > 0 && next is not null)
                {
                    cursor = next;
                }

                if (next is null || items.GetArrayLength() == 0)
                {
                    break;
                }
            }

            polls++;
            // Requests still in flight when wrk stopped may add a few more: done once every acknowledged one is
            // there and two more polls (1 s) found nothing new.
            quiet = seen == previous ? quiet + 1 : 0;
            previous = seen;
            if ((seen >= expected && quiet >= 2) || DateTimeOffset.UtcNow - began > timeout)
            {
                break;
            }

            await Task.Delay(500, cancellationToken);
        }

        var waited = (DateTimeOffset.UtcNow - began).TotalSeconds;
        var ok = seen >= expected;
        report.Add($"- Read path: GET /api/analytics/events?type={eventType} (the event store, appended to by each");
        report.Add($"  event's publisher as it goes to the stream), paged with its cursor, {polls} poll(s).");
        report.Add($"- {char.ToUpperInvariant(requests[0])}{requests[1..]} the gateway acknowledged (2xx, warm-up + measured run): {expected}; {eventType} events recorded: {seen}"
            + (ok ? "" : $" after the {Inv.F(timeout.TotalSeconds, 0)} s timeout: NOT drained")
            + (seen > expected ? " (more than acknowledged: requests in flight when wrk stopped, committed without wrk counting them)" : "") + ".");
        if (first is { } f && last is { } l)
        {
            var span = Math.Max((l - f).TotalSeconds, 1e-3);
            report.Add($"- Recorded between {f.UtcDateTime:HH:mm:ss.fff} and {l.UtcDateTime:HH:mm:ss.fff} UTC: "
                + $"{Inv.F(seen / span, 0)} events/s recorded on average over {Inv.F(span, 1)} s.");
            var after = (l - wrkEnded).TotalSeconds;
            report.Add($"- Drain: the last event was recorded {(after >= 0 ? "+" : "")}{Inv.F(after, 2)} s after wrk stopped (polling took {Inv.F(waited, 1)} s).");
        }

        return ok;
    }
}
