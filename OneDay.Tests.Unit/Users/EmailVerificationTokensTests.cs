using Microsoft.Extensions.Time.Testing;
using OneDay.Grains.Security;
using OneDay.Grains.Users;

namespace OneDay.Tests.Unit.Users;

public sealed class EmailVerificationTokensTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 6, 9, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _time = new(At);
    private readonly SiloKeys _keys = SiloKeys.Ephemeral();

    private EmailVerificationTokens Tokens => new(_keys, _time);

    [Fact]
    public void A_token_reads_back_its_user_and_address_until_it_expires()
    {
        var user = Guid.NewGuid();
        var token = Tokens.Create(user, "mina@example.com", At.AddHours(48));

        var read = Tokens.Read(token);
        Assert.NotNull(read);
        Assert.Equal(user, read.UserId);
        Assert.False(read.Expired);
        Assert.True(EmailVerificationTokens.SameAddress("mina@example.com", read.AddressHash));
        Assert.False(EmailVerificationTokens.SameAddress("other@example.com", read.AddressHash));
        Assert.False(EmailVerificationTokens.SameAddress(string.Empty, read.AddressHash));

        _time.Advance(TimeSpan.FromHours(48));
        Assert.True(Tokens.Read(token)!.Expired);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("v1.abc")]
    [InlineData("v2.abc.def")]
    [InlineData("v1.!!!.???")]
    [InlineData("v1..")]
    public void What_is_no_token_reads_as_none(string? token) => Assert.Null(Tokens.Read(token));

    [Fact]
    public void A_changed_payload_or_a_token_from_another_key_is_refused()
    {
        var token = Tokens.Create(Guid.NewGuid(), "mina@example.com", At.AddHours(1));
        var parts = token.Split('.');
        var payload = parts[1].ToCharArray();
        payload[3] = payload[3] == 'A' ? 'B' : 'A';

        Assert.Null(Tokens.Read($"{parts[0]}.{new string(payload)}.{parts[2]}"));
        Assert.Null(new EmailVerificationTokens(SiloKeys.Ephemeral(), _time).Read(token));
    }
}
