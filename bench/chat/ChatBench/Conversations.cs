using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using OneDay.Testing;

namespace ChatBench;

/// <summary>One conversation of the run: its id and its two participants, each with the token its client connects with.</summary>
internal sealed record Conversation(Guid Id, Participant First, Participant Second);

internal sealed record Participant(Guid UserId, string Token);

/// <summary>The run's conversations on each server.</summary>
internal static class Conversations
{
    private const int Parallelism = 16;

    /// <summary>
    /// COUNT application conversations opened the real way: each of COUNT employers posts a job and one worker applies
    /// to it, and the application saga opens the conversation. Employers and workers are tokens signed with the app's
    /// key for the run, with no account behind them (as in the jobs-apply benchmark).
    /// </summary>
    public static async Task<Conversation[]> OpenOnAppAsync(string url, string signingKey, int count)
    {
        using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(30) };
        var conversations = new Conversation[count];
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = Parallelism }, async (i, ct) =>
        {
            var employer = new Participant(Guid.NewGuid(), "");
            employer = employer with { Token = BenchTokens.Sign(signingKey, ["employer"], 120, employer.UserId) };
            var worker = new Participant(Guid.NewGuid(), "");
            worker = worker with { Token = BenchTokens.Sign(signingKey, ["worker"], 120, worker.UserId) };
            var start = DateTimeOffset.UtcNow.AddDays(7 + i % 20).AddHours(i % 8);
            var job = await SendAsync(http, HttpMethod.Post, "/api/jobs", employer.Token, new
            {
                title = $"Chat bench shift {i}",
                description = "Opened for the chat benchmark.",
                category = "cafe",
                location = new { latitude = 37.5665, longitude = 126.978, address = "Seoul" },
                startsAt = Iso(start),
                endsAt = Iso(start.AddHours(4)),
                pay = new { amountKrw = 12_000, kind = "perHour" },
                headcount = 1,
                requiredSkills = Array.Empty<string>(),
                checkInRadiusMeters = 200,
            }, ct);
            var jobId = job.GetProperty("id").GetString();
            await SendAsync(http, HttpMethod.Post, $"/api/jobs/{jobId}/applications", worker.Token, null, ct);

            // The saga opens the conversation just after the application is answered.
            for (var attempt = 0; ; attempt++)
            {
                var list = await SendAsync(http, HttpMethod.Get, "/api/communication/conversations", worker.Token, null, ct);
                if (list.GetArrayLength() == 1)
                {
                    conversations[i] = new Conversation(list[0].GetProperty("id").GetGuid(), employer, worker);
                    break;
                }

                if (attempt == 300)
                {
                    throw new InvalidOperationException($"the conversation of application {i} was not opened within 30 s");
                }

                await Task.Delay(100, ct);
            }
        });
        return conversations;
    }

    /// <summary>The same number of conversations for the bare hub: ids only, since it has no storage and no sign-in.</summary>
    public static Conversation[] ForBareHub(int count) =>
        [.. Enumerable.Range(0, count).Select(_ => new Conversation(Guid.NewGuid(), new Participant(Guid.NewGuid(), ""), new Participant(Guid.NewGuid(), "")))];

    private static async Task<JsonElement> SendAsync(HttpClient http, HttpMethod method, string path, string token, object? body, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        using var response = await http.SendAsync(request, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{method} {path} answered {(int)response.StatusCode}: {text[..Math.Min(text.Length, 300)]}");
        }

        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static string Iso(DateTimeOffset t) => t.ToUniversalTime().ToString("yyyy-MM-dd'T'HH':00:00Z'", CultureInfo.InvariantCulture);
}
