using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using MimeKit;
using OneDay.Grains.Interfaces.Communication;
using OneDay.Grains.Security;
using OneDay.Grains.Users;
using OneDay.Testing;
using OneDay.Tests.Fixtures;
using OneDay.Tests.Jobs;
using OneDay.Tests.Payments;

namespace OneDay.Tests.Communication;

/// <summary>
/// Email end to end: registration, the saga and payments queue it in the user's outbox, the silos send it with
/// MailKit to a real SMTP server in the test process, and what arrived is read back: the verification link works
/// once over HTTP, languages, preferences, and a server that refuses.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed partial class EmailTests(ClusterFixture fixture)
{
    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(2);

    private SmtpTestServer Smtp => fixture.Smtp;

    private async Task<(Guid Id, string Email, ApiUser User)> Register(string role = "worker", string? language = null, string displayName = "Mina")
    {
        var email = TestApi.NewEmail(role);
        var response = await fixture.Http.PostAsJsonAsync("/api/users", new { email, password = TestApi.Password, displayName, role, language });
        var id = (await response.Json(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        var signedIn = await fixture.Api.SignInAsync(id, email);
        return (id, email, new ApiUser(fixture, id, signedIn.AccessToken));
    }

    private static string LinkIn(MimeMessage message) => LinkPattern().Match(message.TextBody ?? string.Empty).Value;

    /// <summary>The link's path and query, sent to the test gateway (the link names the configured public URL).</summary>
    private Task<HttpResponseMessage> Open(string link) => fixture.Http.GetAsync(new Uri(link).PathAndQuery);

    private async Task<ApiUser> VerifiedWorker()
    {
        var (_, address, user) = await Register();
        await (await Open(LinkIn(await Smtp.WaitFor(address, EmailKinds.VerifyEmail)))).Json(HttpStatusCode.OK);
        return user;
    }

    [Fact]
    public async Task Registration_emails_a_link_that_verifies_the_address()
    {
        var (id, email, user) = await Register(language: "en");
        Assert.False((await (await user.Get("/api/users/me")).Json(HttpStatusCode.OK)).GetProperty("emailVerified").GetBoolean());

        var message = await Smtp.WaitFor(email, EmailKinds.VerifyEmail);
        Assert.Equal("Confirm your email address", message.Subject);
        Assert.Equal("en", message.Body!.Headers[HeaderId.ContentLanguage]);
        var link = LinkIn(message);
        Assert.StartsWith("http://localhost:3000/api/users/email-verification?token=", link, StringComparison.Ordinal);
        Assert.Contains(link, message.HtmlBody, StringComparison.Ordinal);

        var verified = await (await Open(link)).Json(HttpStatusCode.OK);
        Assert.Equal(id, verified.GetProperty("userId").GetGuid());
        Assert.False(verified.GetProperty("alreadyVerified").GetBoolean());
        Assert.True((await (await user.Get("/api/users/me")).Json(HttpStatusCode.OK)).GetProperty("emailVerified").GetBoolean());
        // Opened again (a mail scanner, a second click): still fine, nothing changes.
        Assert.True((await (await Open(link)).Json(HttpStatusCode.OK)).GetProperty("alreadyVerified").GetBoolean());
        Assert.Equal("Welcome to OneDay", (await Smtp.WaitFor(email, NotificationKinds.Welcome)).Subject);
    }

    [Fact]
    public async Task A_user_who_named_no_language_is_written_to_in_Korean_and_their_name_stays_text()
    {
        var (_, email, _) = await Register(displayName: "<b>민아</b>");

        var message = await Smtp.WaitFor(email, EmailKinds.VerifyEmail);

        Assert.Equal("이메일 주소를 확인해 주세요", message.Subject);
        Assert.Equal("ko", message.Body!.Headers[HeaderId.ContentLanguage]);
        Assert.Contains("<b>민아</b>님", message.TextBody, StringComparison.Ordinal);
        Assert.Contains("&lt;b&gt;민아&lt;/b&gt;님", message.HtmlBody, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>", message.HtmlBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_tampered_expired_or_missing_token_is_refused_and_verifies_nothing()
    {
        var (id, email, user) = await Register();
        var link = LinkIn(await Smtp.WaitFor(email, EmailKinds.VerifyEmail));
        var token = Uri.UnescapeDataString(link[(link.IndexOf("token=", StringComparison.Ordinal) + 6)..]);
        var tampered = token[..^2] + (token[^2] == 'A' ? "B" : "A") + token[^1];
        var keys = new SiloKeys(Convert.FromBase64String(SiloDefaults.SiloKey));
        var expired = new EmailVerificationTokens(keys, TimeProvider.System).Create(id, email, DateTimeOffset.UtcNow.AddMinutes(-1));
        var forAnotherAddress = new EmailVerificationTokens(keys, TimeProvider.System).Create(id, "someone-else@tests.oneday.dev", DateTimeOffset.UtcNow.AddHours(1));

        await (await fixture.Http.GetAsync($"/api/users/email-verification?token={Uri.EscapeDataString(tampered)}"))
            .Problem(HttpStatusCode.BadRequest, "invalid-verification-link");
        await (await fixture.Http.PostAsJsonAsync("/api/users/email-verification", new { token = forAnotherAddress }))
            .Problem(HttpStatusCode.BadRequest, "invalid-verification-link");
        await (await fixture.Http.PostAsJsonAsync("/api/users/email-verification", new { token = expired }))
            .Problem(HttpStatusCode.UnprocessableEntity, "verification-link-expired");
        await (await fixture.Http.GetAsync("/api/users/email-verification")).Problem(HttpStatusCode.BadRequest, "validation");
        await (await fixture.Http.GetAsync($"/api/users/email-verification?token={new string('a', 600)}"))
            .Problem(HttpStatusCode.BadRequest, "validation");

        Assert.False((await (await user.Get("/api/users/me")).Json(HttpStatusCode.OK)).GetProperty("emailVerified").GetBoolean());
    }

    [Fact]
    public async Task A_new_link_is_sent_on_request_at_most_once_a_minute_and_not_once_verified()
    {
        var (_, email, user) = await Register();
        await Smtp.WaitFor(email, EmailKinds.VerifyEmail);

        Assert.True((await (await user.Post("/api/users/me/email-verification")).Json(HttpStatusCode.Accepted)).GetProperty("sent").GetBoolean());
        var tooSoon = await user.Post("/api/users/me/email-verification");
        await tooSoon.Problem(HttpStatusCode.TooManyRequests, "too-many-requests");
        Assert.True(tooSoon.Headers.RetryAfter?.Delta > TimeSpan.Zero);

        Assert.True(await JobsApi.Eventually(
            () => Task.FromResult(Smtp.To(email).Count(m => m.Headers["X-OneDay-Kind"] == EmailKinds.VerifyEmail) == 2), TimeSpan.FromSeconds(15)));
        // Either link works: the newer does not void the older.
        var links = Smtp.To(email).Where(m => m.Headers["X-OneDay-Kind"] == EmailKinds.VerifyEmail).Select(LinkIn).ToList();
        await (await Open(links[0])).Json(HttpStatusCode.OK);
        await (await user.Post("/api/users/me/email-verification")).Problem(HttpStatusCode.Conflict, "email-already-verified");
    }

    [Fact]
    public async Task An_accepted_worker_hears_by_email_only_when_verified_and_wanting_it()
    {
        var employer = await PaymentsApi.FundedEmployer(fixture);
        var wanting = await VerifiedWorker();
        var unwilling = await VerifiedWorker();
        var (_, unverifiedEmail, unverified) = await Register();
        await (await unwilling.Send(HttpMethod.Patch, "/api/communication/notifications/preferences",
            new { email = new Dictionary<string, bool> { [NotificationKinds.ApplicationAccepted] = false } })).Json(HttpStatusCode.OK);
        var job = await employer.PostJob(JobsApi.JobBody(start: JobsTestHooks.Now.AddDays(4), headcount: 3, title: "Cafe closing shift"));
        foreach (var worker in new[] { wanting, unwilling, unverified })
        {
            await (await worker.Post($"/api/jobs/{job}/applications")).Json(HttpStatusCode.Created);
            await (await employer.Post($"/api/jobs/{job}/applications/{worker.Id}/accept")).Json(HttpStatusCode.OK);
        }

        var wantingEmail = (await (await wanting.Get("/api/users/me")).Json(HttpStatusCode.OK)).GetProperty("email").GetString()!;
        var unwillingEmail = (await (await unwilling.Get("/api/users/me")).Json(HttpStatusCode.OK)).GetProperty("email").GetString()!;
        var accepted = await Smtp.WaitFor(wantingEmail, NotificationKinds.ApplicationAccepted);
        Assert.Equal("근무가 확정되었습니다: Cafe closing shift", accepted.Subject);

        // Each of the others has the in-app notification, so the email, had it been due, was queued before it.
        foreach (var other in new[] { unwilling, unverified })
        {
            Assert.True(await JobsApi.Eventually(async () =>
                (await (await other.Get("/api/communication/notifications")).Json(HttpStatusCode.OK)).GetProperty("items").EnumerateArray()
                    .Any(n => n.GetProperty("kind").GetString() == NotificationKinds.ApplicationAccepted), TimeSpan.FromSeconds(15)));
        }

        await Task.Delay(Quiet);
        Assert.DoesNotContain(Smtp.To(unwillingEmail), m => m.Headers["X-OneDay-Kind"] == NotificationKinds.ApplicationAccepted);
        Assert.DoesNotContain(Smtp.To(unverifiedEmail), m => m.Headers["X-OneDay-Kind"] == NotificationKinds.ApplicationAccepted);
    }

    [Fact]
    public async Task A_server_that_refuses_for_a_while_gets_the_email_once_it_accepts()
    {
        var email = TestApi.NewEmail("refused");
        Smtp.RefuseTemporarily(email, ClusterFixture.EmailAttempts - 1);

        await (await fixture.Http.PostAsJsonAsync("/api/users", new { email, password = TestApi.Password, displayName = "Jun", role = "worker" }))
            .Json(HttpStatusCode.Created);

        await Smtp.WaitFor(email, EmailKinds.VerifyEmail);
        await Smtp.WaitFor(email, NotificationKinds.Welcome);
        await Task.Delay(Quiet);
        Assert.Single(Smtp.To(email), m => m.Headers["X-OneDay-Kind"] == EmailKinds.VerifyEmail);
        Assert.Single(Smtp.To(email), m => m.Headers["X-OneDay-Kind"] == NotificationKinds.Welcome);
        Assert.True(Smtp.Refused(email) >= ClusterFixture.EmailAttempts - 1);
    }

    [Fact]
    public async Task Email_a_server_keeps_refusing_is_dead_lettered_and_an_admin_can_send_it_again()
    {
        var admin = await fixture.Api.AdminAsync();
        var adminApi = new ApiUser(fixture, admin.Id, admin.AccessToken);
        var (busy, bounced) = (TestApi.NewEmail("busy"), TestApi.NewEmail("bounced"));
        Smtp.RefuseTemporarily(busy, int.MaxValue);
        Smtp.RefuseForGood(bounced);
        var busyId = await RegisterOnly(busy);
        var bouncedId = await RegisterOnly(bounced);

        JsonElement[] letters = [];
        Assert.True(await JobsApi.Eventually(async () =>
        {
            letters = [.. (await (await adminApi.Get("/api/communication/emails/dead-letters?limit=500")).Json(HttpStatusCode.OK))
                .GetProperty("items").EnumerateArray().Where(d => d.GetProperty("userId").GetGuid() == busyId || d.GetProperty("userId").GetGuid() == bouncedId)];
            return letters.Length == 4;
        }, TimeSpan.FromSeconds(20)), $"Dead letters: {letters.Length}");
        // A busy server is tried to the limit; a mailbox that does not exist is given up on at once.
        Assert.All(letters.Where(d => d.GetProperty("userId").GetGuid() == busyId), d => Assert.Equal(ClusterFixture.EmailAttempts, d.GetProperty("attempts").GetInt32()));
        Assert.All(letters.Where(d => d.GetProperty("userId").GetGuid() == bouncedId), d => Assert.Equal(1, d.GetProperty("attempts").GetInt32()));
        Assert.Empty(Smtp.To(busy));

        Smtp.Accept(busy);
        var verify = letters.Single(d => d.GetProperty("userId").GetGuid() == busyId && d.GetProperty("kind").GetString() == EmailKinds.VerifyEmail);
        Assert.Equal(HttpStatusCode.Accepted,
            (await adminApi.Post($"/api/communication/emails/dead-letters/{busyId}/{verify.GetProperty("emailId").GetGuid()}/redrive")).StatusCode);
        await Smtp.WaitFor(busy, EmailKinds.VerifyEmail);
        await (await adminApi.Post($"/api/communication/emails/dead-letters/{busyId}/{Guid.NewGuid()}/redrive"))
            .Problem(HttpStatusCode.NotFound, "not-found");
        var worker = ApiUser.Create(fixture, "worker");
        Assert.Equal(HttpStatusCode.Forbidden, (await worker.Get("/api/communication/emails/dead-letters")).StatusCode);
    }

    [Fact]
    public async Task Email_preferences_are_per_kind_with_defaults_and_refuse_unknown_kinds()
    {
        var user = ApiUser.Create(fixture, "worker");
        var defaults = await (await user.Get("/api/communication/notifications/preferences")).Json(HttpStatusCode.OK);
        Assert.True(defaults.GetProperty("email").GetProperty(NotificationKinds.ShiftPaid).GetBoolean());
        Assert.False(defaults.GetProperty("email").GetProperty(NotificationKinds.ApplicationReceived).GetBoolean());

        var changed = await (await user.Send(HttpMethod.Patch, "/api/communication/notifications/preferences",
            new { email = new Dictionary<string, bool> { [NotificationKinds.ApplicationReceived] = true, [NotificationKinds.ShiftPaid] = false } }))
            .Json(HttpStatusCode.OK);
        Assert.True(changed.GetProperty("email").GetProperty(NotificationKinds.ApplicationReceived).GetBoolean());
        Assert.False(changed.GetProperty("email").GetProperty(NotificationKinds.ShiftPaid).GetBoolean());
        Assert.True(changed.GetProperty("inApp").GetProperty(NotificationKinds.ShiftPaid).GetBoolean());

        var bad = await (await user.Send(HttpMethod.Patch, "/api/communication/notifications/preferences",
            new { email = new Dictionary<string, bool> { ["spam"] = true } })).Problem(HttpStatusCode.BadRequest, "validation");
        Assert.True(bad.GetProperty("errors").TryGetProperty("email.spam", out _));
    }

    [Fact]
    public async Task A_language_is_chosen_at_registration_changed_by_a_profile_edit_and_checked()
    {
        var (_, _, user) = await Register(language: "en");
        Assert.Equal("en", (await (await user.Get("/api/users/me")).Json(HttpStatusCode.OK)).GetProperty("language").GetString());

        // An edit that leaves the language out keeps it.
        await (await user.Put("/api/users/me", new { displayName = "Mina" })).Json(HttpStatusCode.OK);
        Assert.Equal("en", (await (await user.Get("/api/users/me")).Json(HttpStatusCode.OK)).GetProperty("language").GetString());
        Assert.Equal("ko", (await (await user.Put("/api/users/me", new { displayName = "Mina", language = "ko" })).Json(HttpStatusCode.OK))
            .GetProperty("language").GetString());

        var bad = await (await user.Put("/api/users/me", new { displayName = "Mina", language = "fr" })).Problem(HttpStatusCode.BadRequest, "validation");
        Assert.True(bad.GetProperty("errors").TryGetProperty("language", out _));
        await (await fixture.Http.PostAsJsonAsync("/api/users", new { email = TestApi.NewEmail(), password = TestApi.Password, displayName = "X", role = "worker", language = "xx" }))
            .Problem(HttpStatusCode.BadRequest, "validation");
    }

    private async Task<Guid> RegisterOnly(string email) =>
        (await (await fixture.Http.PostAsJsonAsync("/api/users", new { email, password = TestApi.Password, displayName = "Jun", role = "worker" }))
            .Json(HttpStatusCode.Created)).GetProperty("id").GetGuid();

    [GeneratedRegex(@"https?://\S+token=\S+")]
    private static partial Regex LinkPattern();
}
