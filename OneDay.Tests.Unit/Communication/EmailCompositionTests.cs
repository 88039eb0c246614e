using Microsoft.Extensions.Time.Testing;
using MimeKit;
using OneDay.Grains.Communication.Email;
using OneDay.Grains.Interfaces.Communication;
using OneDay.Grains.Interfaces.Users;
using OneDay.Grains.Security;
using OneDay.Grains.Users;

namespace OneDay.Tests.Unit.Communication;

public sealed class EmailCompositionTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 6, 9, 0, 0, TimeSpan.Zero);
    private static readonly Guid UserId = Guid.NewGuid();

    private static readonly FakeTimeProvider Time = new(At);
    private static readonly EmailVerificationTokens Tokens = new(SiloKeys.Ephemeral(), Time);

    private static UserPrivateView Recipient(string language, string name = "Mina") => new(
        UserId, "mina@example.com", name, null, [UserRole.Worker], WorkerProfile.Empty, EmployerProfile.Empty, 0, At, 1, language, true);

    private static MimeMessage Compose(string kind, string language, string name = "Mina", long? amount = null, string? title = "Cafe shift") =>
        new EmailComposer(new EmailOptions { FromAddress = "no-reply@oneday.example" }, Tokens, Time)
            .Compose(UserId, new OutgoingEmail(Guid.NewGuid(), kind, At, Guid.NewGuid(), amount), Recipient(language, name), title);

    public static TheoryData<string, string> EveryKindAndLanguage()
    {
        var data = new TheoryData<string, string>();
        foreach (var kind in NotificationKinds.All.Append(EmailKinds.VerifyEmail))
        {
            foreach (var language in Languages.All)
            {
                data.Add(kind, language);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryKindAndLanguage))]
    public void Every_kind_is_written_in_every_language_as_text_and_html(string kind, string language)
    {
        var message = Compose(kind, language, amount: 198_515);

        Assert.False(string.IsNullOrWhiteSpace(message.Subject));
        Assert.False(string.IsNullOrWhiteSpace(message.TextBody));
        Assert.Contains("<html lang=\"" + language + "\"", message.HtmlBody, StringComparison.Ordinal);
        Assert.Equal(kind, message.Headers["X-OneDay-Kind"]);
        Assert.Equal("auto-generated", message.Headers["Auto-Submitted"]);
        Assert.Equal("mina@example.com", Assert.Single(message.To.Mailboxes).Address);
    }

    [Fact]
    public void Korean_and_english_differ_and_amounts_are_grouped()
    {
        Assert.Equal("198,515원이 지급되었습니다", Compose(NotificationKinds.ShiftPaid, Languages.Korean, amount: 198_515).Subject);
        Assert.Equal("You've been paid 198,515 KRW", Compose(NotificationKinds.ShiftPaid, Languages.English, amount: 198_515).Subject);
        Assert.Equal("Shift cancelled: your shift", Compose(NotificationKinds.ShiftCancelled, Languages.English, title: null).Subject);
    }

    [Fact]
    public void A_name_that_looks_like_markup_stays_text_in_the_html()
    {
        var message = Compose(NotificationKinds.Welcome, Languages.English, name: "<script>alert(1)</script>");

        Assert.DoesNotContain("<script>", message.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", message.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("<script>alert(1)</script>", message.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public void The_message_id_is_the_emails_and_the_verification_link_carries_a_token_for_this_address()
    {
        var email = new OutgoingEmail(Guid.NewGuid(), EmailKinds.VerifyEmail, At);
        var message = new EmailComposer(new EmailOptions { FromAddress = "no-reply@oneday.example", PublicBaseUrl = "https://oneday.example/" }, Tokens, Time)
            .Compose(UserId, email, Recipient(Languages.English), null);

        Assert.Equal($"{email.Id:N}@oneday.example", message.MessageId);
        var link = message.TextBody!.Split('\n').Single(l => l.StartsWith("https://", StringComparison.Ordinal));
        Assert.StartsWith("https://oneday.example/api/users/email-verification?token=", link, StringComparison.Ordinal);
        var token = Tokens.Read(Uri.UnescapeDataString(link[(link.IndexOf('=', StringComparison.Ordinal) + 1)..]));
        Assert.NotNull(token);
        Assert.Equal(UserId, token.UserId);
        Assert.True(EmailVerificationTokens.SameAddress("mina@example.com", token.AddressHash));
    }

    [Fact]
    public async Task The_pickup_folder_holds_each_message_as_an_eml_file_a_mail_client_reads()
    {
        var directory = Path.Combine(Path.GetTempPath(), "oneday-pickup-" + Guid.NewGuid().ToString("N"));
        try
        {
            var message = Compose(NotificationKinds.Welcome, Languages.Korean);
            var transport = new PickupFolderEmailTransport(directory);

            await transport.SendAsync(message, CancellationToken.None);
            await transport.SendAsync(message, CancellationToken.None);

            var file = Assert.Single(Directory.GetFiles(directory));
            Assert.EndsWith(".eml", file, StringComparison.Ordinal);
            var read = await MimeMessage.LoadAsync(file);
            Assert.Equal(message.Subject, read.Subject);
            Assert.Equal(message.MessageId, read.MessageId);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
