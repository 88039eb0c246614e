using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace OneDay.Grains.Communication.Email;

/// <summary>
/// Sends over SMTP with MailKit: a connection per message, which keeps a failed one from poisoning the next; the
/// outbox sends one user's mail at a time, so connections are few.
/// </summary>
public sealed class SmtpEmailTransport(SmtpOptions options, string? password) : IEmailTransport
{
    private readonly string _host = options.Host ?? throw new ArgumentException("An SMTP host is required.", nameof(options));

    public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        using var client = new SmtpClient { Timeout = options.TimeoutSeconds * 1000 };
        try
        {
            await client.ConnectAsync(_host, options.Port, Socket(options.Security), cancellationToken);
            if (!string.IsNullOrEmpty(options.Username))
            {
                await client.AuthenticateAsync(options.Username, password ?? string.Empty, cancellationToken);
            }

            await client.SendAsync(message, cancellationToken);
            await client.DisconnectAsync(quit: true, cancellationToken);
        }
        catch (SmtpCommandException ex) when ((int)ex.StatusCode >= 500)
        {
            throw new EmailRejectedException($"The SMTP server refused the message: {(int)ex.StatusCode} {ex.Message}", ex);
        }
        catch (AuthenticationException ex)
        {
            // Wrong credentials are an operator's fix, after which the retries succeed: not the message's fault.
            throw new InvalidOperationException($"The SMTP server refused OneDay's credentials: {ex.Message}", ex);
        }
    }

    private static SecureSocketOptions Socket(SmtpSecurity security) => security switch
    {
        SmtpSecurity.None => SecureSocketOptions.None,
        SmtpSecurity.Tls => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.StartTls,
    };
}
