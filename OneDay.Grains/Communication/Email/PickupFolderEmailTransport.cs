using MimeKit;

namespace OneDay.Grains.Communication.Email;

/// <summary>
/// The embedded default's "server": each message becomes an .eml file (any mail client opens one), written to a
/// temporary name and then renamed, so a reader never sees half a message.
/// </summary>
public sealed class PickupFolderEmailTransport(string directory) : IEmailTransport
{
    public string Directory { get; } = Path.GetFullPath(directory);

    public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        System.IO.Directory.CreateDirectory(Directory);
        // The message id is the outbox's email id: a message sent again after a crash overwrites its own file.
        var name = string.Concat((message.MessageId ?? Guid.NewGuid().ToString("N")).Split(Path.GetInvalidFileNameChars()));
        var path = Path.Combine(Directory, name + ".eml");
        var temporary = path + ".tmp";
        await message.WriteToAsync(temporary, cancellationToken);
        File.Move(temporary, path, overwrite: true);
    }
}
