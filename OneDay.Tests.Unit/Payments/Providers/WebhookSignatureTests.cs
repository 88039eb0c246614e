using System.Security.Cryptography;
using System.Text;
using OneDay.Grains.Interfaces.Payments.Providers;
using OneDay.Grains.Payments.Providers;

namespace OneDay.Tests.Unit.Payments.Providers;

public sealed class WebhookSignatureTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 5, 9, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);
    private readonly byte[] _secret = RandomNumberGenerator.GetBytes(32);
    private readonly byte[] _body = Encoding.UTF8.GetBytes("""{"eventId":"evt_1","data":{"status":"DONE"}}""");

    private WebhookSignature Signer => new(_secret, Tolerance);

    [Fact]
    public void A_signature_made_with_the_secret_is_accepted()
    {
        var header = Signer.Sign(_body, Now);

        Assert.Matches("^t=[0-9]+,v1=[0-9a-f]{64}$", header);
        Assert.Equal(WebhookRefusal.None, Signer.Check(header, _body, Now.AddSeconds(3)));
    }

    [Fact]
    public void A_signature_made_with_another_secret_is_refused()
    {
        var forged = new WebhookSignature(RandomNumberGenerator.GetBytes(32), Tolerance).Sign(_body, Now);

        Assert.Equal(WebhookRefusal.BadSignature, Signer.Check(forged, _body, Now));
    }

    [Fact]
    public void A_body_changed_after_signing_is_refused()
    {
        var header = Signer.Sign(_body, Now);
        var tampered = Encoding.UTF8.GetBytes("""{"eventId":"evt_1","data":{"status":"CANCELED"}}""");

        Assert.Equal(WebhookRefusal.BadSignature, Signer.Check(header, tampered, Now));
    }

    [Fact]
    public void A_timestamp_changed_after_signing_is_refused()
    {
        var header = Signer.Sign(_body, Now.AddMinutes(-30));
        var moved = header.Replace($"t={Now.AddMinutes(-30).ToUnixTimeSeconds()}", $"t={Now.ToUnixTimeSeconds()}", StringComparison.Ordinal);

        Assert.Equal(WebhookRefusal.BadSignature, Signer.Check(moved, _body, Now));
    }

    [Theory]
    [InlineData(-301)]
    [InlineData(301)]
    [InlineData(-86_400)]
    public void A_signature_outside_the_tolerance_is_stale(int secondsFromNow)
    {
        var header = Signer.Sign(_body, Now.AddSeconds(secondsFromNow));

        Assert.Equal(WebhookRefusal.Stale, Signer.Check(header, _body, Now));
    }

    [Theory]
    [InlineData(-299)]
    [InlineData(299)]
    public void A_signature_inside_the_tolerance_is_fresh(int secondsFromNow) =>
        Assert.Equal(WebhookRefusal.None, Signer.Check(Signer.Sign(_body, Now.AddSeconds(secondsFromNow)), _body, Now));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("garbage")]
    [InlineData("t=1764925200")]
    [InlineData("v1=00")]
    [InlineData("t=abc,v1=0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("t=-5,v1=0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("t=1764925200,v1=zz00000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("t=1764925200,v1=00")]
    [InlineData("t=1,t=2,v1=0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("t=99999999999999999999,v1=0000000000000000000000000000000000000000000000000000000000000000")]
    public void A_malformed_header_is_a_bad_signature(string? header) =>
        Assert.Equal(WebhookRefusal.BadSignature, Signer.Check(header, _body, Now));

    [Fact]
    public void One_matching_signature_among_several_is_enough_as_while_a_secret_is_rotated()
    {
        var old = new WebhookSignature(RandomNumberGenerator.GetBytes(32), Tolerance).Sign(_body, Now);
        var current = Signer.Sign(_body, Now);
        var both = $"{current},v1={old[(old.IndexOf("v1=", StringComparison.Ordinal) + 3)..]},v0=ignored";

        Assert.Equal(WebhookRefusal.None, Signer.Check(both, _body, Now));
    }
}
