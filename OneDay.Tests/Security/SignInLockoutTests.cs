using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using OneDay.Grains.Security;
using OneDay.Tests.Fixtures;

namespace OneDay.Tests.Security;

/// <summary>Lockouts through the real path, from several source addresses, on the test silos' sign-in clock.</summary>
[Collection(ClusterCollection.Name)]
public sealed class SignInLockoutTests(ClusterFixture fixture)
{
    private TestApi Api => fixture.Api;

    [Fact]
    public async Task Guessing_from_changing_addresses_locks_strangers_out_ever_longer_but_never_the_owner()
    {
        // Registering signs in from 127.0.0.1, which makes it the owner's known address.
        var owner = await Api.RegisterAsync("worker");
        var nobody = TestApi.NewEmail("nobody");
        var strangers = Enumerable.Range(2, 12).Select(i => SourceAddress.Client(fixture.Gateway.Address, $"127.0.0.{i}")).ToArray();
        try
        {
            // Unknown addresses must answer exactly like real ones, lock for lock.
            foreach (var email in new[] { owner.Email, nobody })
            {
                await GuessFiveTimesAsync(strangers[..5], email);
                await AssertLockedAsync(strangers[5], email, LoginThrottle.LockoutDuration);
            }

            Assert.Equal(HttpStatusCode.OK, (await SignIn(Api.Http, owner.Email, TestApi.Password)).StatusCode);

            SignInTestHooks.Time.Advance(LoginThrottle.LockoutDuration);
            foreach (var email in new[] { owner.Email, nobody })
            {
                await GuessFiveTimesAsync(strangers[6..11], email);
                await AssertLockedAsync(strangers[11], email, LoginThrottle.LockoutDuration * 2);
            }

            Assert.Equal(HttpStatusCode.OK, (await SignIn(Api.Http, owner.Email, TestApi.Password)).StatusCode);
        }
        finally
        {
            foreach (var client in strangers)
            {
                client.Dispose();
            }
        }
    }

    private static async Task GuessFiveTimesAsync(HttpClient[] sources, string email)
    {
        foreach (var source in sources)
        {
            await ProblemAssert.IsProblem(await SignIn(source, email, "not the password at all"), HttpStatusCode.Unauthorized, "invalid-credentials");
        }
    }

    private static async Task AssertLockedAsync(HttpClient source, string email, TimeSpan lockout)
    {
        // Even the right password: the account is locked for every address it never signed in from.
        var locked = await SignIn(source, email, TestApi.Password);
        await ProblemAssert.IsProblem(locked, HttpStatusCode.TooManyRequests, "login-locked");
        Assert.Equal(lockout.TotalSeconds, int.Parse(locked.Headers.GetValues("Retry-After").Single(), CultureInfo.InvariantCulture));
    }

    private static Task<HttpResponseMessage> SignIn(HttpClient client, string email, string password) =>
        client.PostAsJsonAsync("/api/security/token", new { email, password });
}
