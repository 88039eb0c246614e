using System.Net;
using System.Net.Http.Json;
using MimeKit;
using OneDay.Grains.Interfaces.Communication;
using OneDay.Tests.Fixtures;
using OneDay.Tests.Jobs;

namespace OneDay.Tests.Communication;

/// <summary>The embedded default needs no mail server: its email lands as .eml files in the pickup folder.</summary>
public sealed class EmbeddedEmailTests
{
    [Fact]
    public async Task A_registration_in_the_embedded_default_leaves_a_verification_email_whose_link_works()
    {
        var pickup = Path.Combine(Path.GetTempPath(), "oneday-pickup-" + Guid.NewGuid().ToString("N"));
        try
        {
            await using var gateway = await GatewayHost.StartEmbeddedAsync(new Dictionary<string, string?> { ["OneDay:Email:PickupDirectory"] = pickup });
            var email = TestApi.NewEmail();
            var id = (await (await gateway.Client.PostAsJsonAsync("/api/users",
                new { email, password = TestApi.Password, displayName = "Mina", role = "worker", language = "en" })).Json(HttpStatusCode.Created))
                .GetProperty("id").GetGuid();

            MimeMessage? verification = null;
            Assert.True(await JobsApi.Eventually(async () =>
            {
                foreach (var file in Directory.Exists(pickup) ? Directory.GetFiles(pickup, "*.eml") : [])
                {
                    var message = await MimeMessage.LoadAsync(file);
                    verification = message.Headers["X-OneDay-Kind"] == EmailKinds.VerifyEmail ? message : verification;
                }

                return verification is not null;
            }, TimeSpan.FromSeconds(15)), "No verification email was written to the pickup folder.");

            Assert.Equal(email, Assert.Single(verification!.To.Mailboxes).Address);
            var link = verification.TextBody!.Split('\n').Single(l => l.StartsWith("http", StringComparison.Ordinal));
            var verified = await (await gateway.Client.GetAsync(new Uri(link).PathAndQuery)).Json(HttpStatusCode.OK);
            Assert.Equal(id, verified.GetProperty("userId").GetGuid());
        }
        finally
        {
            if (Directory.Exists(pickup))
            {
                Directory.Delete(pickup, recursive: true);
            }
        }
    }
}
