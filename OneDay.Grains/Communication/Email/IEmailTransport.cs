using MimeKit;

namespace OneDay.Grains.Communication.Email;

/// <summary>
/// The one port email leaves OneDay through: SMTP (<see cref="SmtpEmailTransport"/>) or a pickup folder
/// (<see cref="PickupFolderEmailTransport"/>). A failure worth retrying throws anything; one that never will
/// succeed throws <see cref="EmailRejectedException"/>.
/// </summary>
public interface IEmailTransport
{
    Task SendAsync(MimeMessage message, CancellationToken cancellationToken);
}

/// <summary>The server refused the message for good (a 5xx answer, say an unknown mailbox): retrying cannot help.</summary>
public sealed class EmailRejectedException(string message, Exception? inner = null) : Exception(message, inner);
