using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace OneDay.Testing.Load;

/// <summary>What the checks after a run found: each kind of write, how many were checked, and what was wrong.</summary>
public sealed record CheckReport(IReadOnlyDictionary<string, int> Checked, IReadOnlyList<string> Problems)
{
    public bool Ok => Problems.Count == 0;

    public override string ToString() =>
        string.Join(", ", Checked.Select(c => $"{c.Value} {c.Key}")) + (Ok ? ": all there" : $": {Problems.Count} problems\n  " + string.Join("\n  ", Problems.Take(20)));
}

/// <summary>
/// After a run, reads back every acknowledged write: each job posted and each application is there, each profile
/// holds its last acknowledged edit (or an unanswered later one), each chat message is in its history exactly once,
/// each shift posted is there and each confirmed one paid its worker; then, given an admin's token, the ledger balances
/// to the won. Reads are retried while the system settles.
/// </summary>
public static class WriteChecks
{
    /// <param name="adminToken">An admin's access token, for the ledger's verification; none skips it.</param>
    public static async Task<CheckReport> VerifyAsync(GatewayPool gateways, AcknowledgedWrites writes, string? adminToken, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        var checkedCounts = new Dictionary<string, int>(StringComparer.Ordinal);
        using var gate = new SemaphoreSlim(16);

        async Task Each<T>(string kind, IReadOnlyList<T> items, Func<T, Task<string?>> check)
        {
            checkedCounts[kind] = items.Count;
            var found = await Task.WhenAll(items.Select(async item =>
            {
                await gate.WaitAsync(cancellationToken);
                try
                {
                    return await check(item);
                }
                finally
                {
                    gate.Release();
                }
            }));
            problems.AddRange(found.OfType<string>());
        }

        await Each("jobs", writes.Jobs, async j =>
            await ReadAsync(gateways, $"/api/jobs/{j.Job}", j.EmployerToken, cancellationToken) is null ? $"job {j.Job} is missing" : null);
        await Each("applications", writes.Applications, async a =>
            await ReadAsync(gateways, $"/api/jobs/{a.Job}/applications/me", a.Token, cancellationToken) is null
                ? $"the application of {a.Worker} to {a.Job} is missing" : null);
        await Each("profiles", writes.Profiles, async p =>
        {
            var profile = await ReadAsync(gateways, "/api/users/me", p.Token, cancellationToken);
            var name = profile?.GetProperty("displayName").GetString();
            return name is not null && p.Possible.Contains(name) ? null : $"profile {p.User} holds '{name}', not one of {string.Join(", ", p.Possible)}";
        });
        var conversations = writes.Messages.GroupBy(m => m.Conversation).ToArray();
        checkedCounts["messages"] = writes.Messages.Count;
        await Each("conversations", conversations, async c =>
        {
            var history = await HistoryAsync(gateways, c.Key, c.First().Token, cancellationToken);
            if (history is null)
            {
                return $"conversation {c.Key} cannot be read";
            }

            var wrong = c.Select(m => m.ClientMessageId).Distinct().Where(id => history.Count(h => h == id) != 1).ToArray();
            return wrong.Length == 0 ? null : $"conversation {c.Key}: {wrong.Length} acknowledged messages not there exactly once ({string.Join(", ", wrong.Take(5))})";
        });
        await Each("shifts", writes.Shifts, async s =>
        {
            if (await ReadAsync(gateways, $"/api/jobs/{s.Job}", s.EmployerToken, cancellationToken) is null)
            {
                return $"shift {s.Job} is missing";
            }

            var application = s.Settled ? await ReadAsync(gateways, $"/api/jobs/{s.Job}/applications/me", s.WorkerToken, cancellationToken) : null;
            return !s.Settled || application?.GetProperty("status").GetString() == "completed" ? null
                : $"shift {s.Job} was confirmed, but {s.Worker}'s application is {application?.GetProperty("status").GetString() ?? "missing"}";
        });
        checkedCounts["shifts settled"] = writes.Shifts.Count(s => s.Settled);
        if (adminToken is not null)
        {
            checkedCounts["ledgers"] = 1;
            var ledger = await ReadAsync(gateways, "/api/payments/ledger/verify", adminToken, cancellationToken);
            if (ledger?.GetProperty("ok").GetBoolean() != true)
            {
                problems.Add($"the ledger does not verify: {ledger?.ToString() ?? "no answer"}");
            }
        }

        return new CheckReport(checkedCounts, problems);
    }

    /// <summary>Every clientMessageId of a conversation's history, paging back to its first message.</summary>
    private static async Task<List<string>?> HistoryAsync(GatewayPool gateways, Guid conversation, string token, CancellationToken cancellationToken)
    {
        var ids = new List<string>();
        long? before = null;
        do
        {
            var page = await ReadAsync(gateways,
                $"/api/communication/conversations/{conversation}/messages?limit=100{(before is null ? "" : "&before=" + before)}", token, cancellationToken);
            if (page is not { } p)
            {
                return null;
            }

            ids.AddRange(p.GetProperty("items").EnumerateArray().Select(m => m.GetProperty("clientMessageId").GetString()!));
            before = p.GetProperty("nextBefore").ValueKind == JsonValueKind.Number ? p.GetProperty("nextBefore").GetInt64() : null;
        }
        while (before is not null);
        return ids;
    }

    /// <summary>The body of a 200, retried for a while on anything else but a 404; null if it never came.</summary>
    private static async Task<JsonElement?> ReadAsync(GatewayPool gateways, string path, string token, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 10; attempt++)
        {
            try
            {
                using var request = MixedWorkload.Request(HttpMethod.Get, path, token, null);
                using var response = await gateways.Next().SendAsync(request, cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
                }

                if (response.StatusCode == HttpStatusCode.NotFound)
                {
                    return null;
                }
            }
            catch (HttpRequestException)
            {
                // A gateway still away: the next attempt goes to another.
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Timed out: try again.
            }

            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        }

        return null;
    }
}
