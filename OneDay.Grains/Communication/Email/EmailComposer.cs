using System.Net;
using System.Text;
using MimeKit;
using OneDay.Grains.Interfaces.Communication;
using OneDay.Grains.Interfaces.Users;
using OneDay.Grains.Users;

namespace OneDay.Grains.Communication.Email;

/// <summary>Turns an outbox entry and its recipient into a MIME message: plain text and HTML, in the recipient's language.</summary>
public sealed class EmailComposer(EmailOptions options, EmailVerificationTokens tokens, TimeProvider time)
{
    private readonly string _domain = options.FromAddress[(options.FromAddress.IndexOf('@') + 1)..];

    public MimeMessage Compose(Guid userId, OutgoingEmail email, UserPrivateView recipient, string? jobTitle)
    {
        var now = time.GetUtcNow();
        string? link = null;
        if (email.Kind == EmailKinds.VerifyEmail)
        {
            // Minted when sent, not when queued: a retried email still carries a link good for the full time.
            var token = tokens.Create(userId, recipient.Email, now.AddHours(options.VerificationLinkHours));
            link = $"{options.PublicBaseUrl.TrimEnd('/')}/api/users/email-verification?token={Uri.EscapeDataString(token)}";
        }

        var content = EmailTemplates.Render(email.Kind, recipient.Language, new EmailFacts(
            recipient.DisplayName, recipient.Email, jobTitle, email.AmountKrw, link, options.VerificationLinkHours));
        var message = new MimeMessage
        {
            // The outbox's id: a receiver can tell a message sent again after a crash from a new one.
            MessageId = $"{email.Id:N}@{_domain}",
            Date = now,
            Subject = content.Subject,
        };
        message.From.Add(new MailboxAddress(options.FromName, options.FromAddress));
        message.To.Add(new MailboxAddress(recipient.DisplayName, recipient.Email));
        message.Headers.Add("Auto-Submitted", "auto-generated");
        message.Headers.Add("X-OneDay-Kind", email.Kind);
        message.Body = new BodyBuilder { TextBody = Text(content), HtmlBody = Html(content, recipient.Language) }.ToMessageBody();
        // On the body: MIME keeps Content-* headers with the entity they describe.
        message.Body.Headers.Add(HeaderId.ContentLanguage, recipient.Language);
        return message;
    }

    private static string Text(EmailContent content)
    {
        var text = new StringBuilder();
        foreach (var line in content.Lines)
        {
            text.Append(line).Append("\n\n");
        }

        if (content.Link is not null)
        {
            text.Append(content.Link).Append("\n\n");
        }

        return text.Append("-- \n").Append(content.Footer).Append('\n').ToString();
    }

    /// <summary>Every value is encoded: a display name is the user's own text and must never become markup.</summary>
    private static string Html(EmailContent content, string language)
    {
        var html = new StringBuilder()
            .Append("<!DOCTYPE html><html lang=\"").Append(WebUtility.HtmlEncode(language)).Append("\"><head><meta charset=\"utf-8\"><title>")
            .Append(WebUtility.HtmlEncode(content.Subject)).Append("</title></head><body>");
        foreach (var line in content.Lines)
        {
            html.Append("<p>").Append(WebUtility.HtmlEncode(line)).Append("</p>");
        }

        if (content.Link is not null)
        {
            html.Append("<p><a href=\"").Append(WebUtility.HtmlEncode(content.Link)).Append("\">")
                .Append(WebUtility.HtmlEncode(content.LinkText)).Append("</a></p>");
        }

        return html.Append("<p style=\"color:#666;font-size:small\">").Append(WebUtility.HtmlEncode(content.Footer))
            .Append("</p></body></html>").ToString();
    }
}
