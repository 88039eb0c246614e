using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace OneDay.Testing.Load;

/// <summary>A signed-in account of the workload.</summary>
public sealed record LoadAccount(Guid Id, string Token, string DisplayName);

/// <summary>Registers and signs in the workload's workers and employers through the API, a few at a time.</summary>
public static class WorkloadAccounts
{
    public const string Password = "a long load-test passphrase";

    public static async Task<IReadOnlyList<LoadAccount>> RegisterAsync(HttpClient gateway, string role, int count, string runId, CancellationToken cancellationToken)
    {
        using var gate = new SemaphoreSlim(4);
        return await Task.WhenAll(Enumerable.Range(0, count).Select(async i =>
        {
            await gate.WaitAsync(cancellationToken);
            try
            {
                return await RegisterOneAsync(gateway, role, $"{role}-{runId}-{i.ToString(CultureInfo.InvariantCulture)}", cancellationToken);
            }
            finally
            {
                gate.Release();
            }
        }));
    }

    private static async Task<LoadAccount> RegisterOneAsync(HttpClient gateway, string role, string name, CancellationToken cancellationToken)
    {
        var email = name + "@load.oneday.dev";
        var displayName = "Load " + name;
        var registered = await gateway.PostAsJsonAsync("/api/users", new { email, password = Password, displayName, role }, cancellationToken);
        await Expect(registered, HttpStatusCode.Created, cancellationToken);
        var signedIn = await gateway.PostAsJsonAsync("/api/security/token", new { email, password = Password }, cancellationToken);
        await Expect(signedIn, HttpStatusCode.OK, cancellationToken);
        var tokens = await signedIn.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        return new LoadAccount(tokens.GetProperty("userId").GetGuid(), tokens.GetProperty("accessToken").GetString()!, displayName);
    }

    internal static async Task Expect(HttpResponseMessage response, HttpStatusCode status, CancellationToken cancellationToken)
    {
        if (response.StatusCode != status)
        {
            throw new InvalidOperationException(
                $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.AbsolutePath}: " +
                $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }
    }
}
