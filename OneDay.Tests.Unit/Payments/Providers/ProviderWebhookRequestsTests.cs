using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using OneDay.Api.Payments.Providers;
using OneDay.Grains.Interfaces.Payments.Providers;

namespace OneDay.Tests.Unit.Payments.Providers;

public sealed class ProviderWebhookRequestsTests
{
    [Fact]
    public async Task The_delivery_keeps_the_body_bytes_and_the_headers_as_sent()
    {
        var body = Encoding.UTF8.GetBytes("""{"eventId": "evt_1" }""");
        var context = Request(body);
        context.Request.Headers["OneDay-Sandbox-Signature"] = "t=1,v1=ab";

        var delivery = await ProviderWebhookRequests.ReadAsync(context.Request);

        Assert.Equal(body, delivery!.Body);
        Assert.Equal("t=1,v1=ab", delivery.Header("OneDay-Sandbox-Signature"));
    }

    [Fact]
    public async Task A_body_over_the_limit_is_not_read_whether_or_not_its_length_was_declared()
    {
        var body = new byte[ProviderWebhookRequests.MaxBodyBytes + 1];
        var undeclared = Request(body);
        undeclared.Request.ContentLength = null;

        Assert.Null(await ProviderWebhookRequests.ReadAsync(Request(body).Request));
        Assert.Null(await ProviderWebhookRequests.ReadAsync(undeclared.Request));
    }

    [Theory]
    [InlineData(WebhookRefusal.BadSignature, 401)]
    [InlineData(WebhookRefusal.Stale, 401)]
    [InlineData(WebhookRefusal.MalformedBody, 400)]
    public void A_refusal_is_answered_with_its_problem(WebhookRefusal refusal, int status)
    {
        var problem = Assert.IsType<ProblemHttpResult>(ProviderWebhookRequests.ProblemFor(WebhookVerification.Refused(refusal, "why")));

        Assert.Equal(status, problem.StatusCode);
    }

    [Fact]
    public void A_verified_webhook_has_no_problem() =>
        Assert.Null(ProviderWebhookRequests.ProblemFor(WebhookVerification.Verified(new ProviderWebhook(
            "evt_1", ProviderWebhookType.PayoutStatusChanged, "payout-1", null, null, ProviderPayoutStatus.Completed, 1, DateTimeOffset.UnixEpoch))));

    private static DefaultHttpContext Request(byte[] body)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        context.Request.Body = new MemoryStream(body);
        context.Request.ContentLength = body.Length;
        return context;
    }
}
