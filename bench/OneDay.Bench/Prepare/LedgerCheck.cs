using System.Net.Http.Headers;
using System.Text.Json;
using OneDay.Testing;

namespace OneDay.Bench.Prepare;

/// <summary>After a scenario that moved money: the whole ledger verified through the admin endpoint, as an operator would.</summary>
internal static class LedgerCheck
{
    /// <returns>Whether the ledger verified; a line for the report either way.</returns>
    public static async Task<bool> VerifyAsync(HttpClient http, Uri baseUrl, string signingKey, List<string> report, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(baseUrl, "/api/payments/ledger/verify"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", BenchTokens.Sign(signingKey, ["admin"], 10));
        using var response = await http.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if ((int)response.StatusCode != 200)
        {
            report.Add($"- GET /api/payments/ledger/verify answered {(int)response.StatusCode}: {text[..Math.Min(text.Length, 300)]}");
            return false;
        }

        var verified = JsonDocument.Parse(text).RootElement;
        var ok = verified.GetProperty("ok").GetBoolean();
        report.Add($"- Ledger (GET /api/payments/ledger/verify, one snapshot): {(ok ? "verified" : "NOT verified: " + text)}, "
            + $"{verified.GetProperty("transactionsChecked").GetInt64()} transactions and {verified.GetProperty("accountsChecked").GetInt64()} accounts checked.");
        return ok;
    }
}
