using OneDay.Grains.Interfaces;
using OneDay.Grains.Interfaces.Communication;

namespace OneDay.Grains.Communication;

public static class ChatRules
{
    /// <summary>
    /// Text is stored as sent: it is never interpreted (clients must render it as text), so only its size and the
    /// characters no client can show are checked.
    /// </summary>
    public static IReadOnlyList<FieldError> Validate(string? clientMessageId, string? text)
    {
        var errors = new List<FieldError>();
        if (string.IsNullOrWhiteSpace(clientMessageId) || clientMessageId.Length > Conversations.MaxClientMessageIdLength
            || clientMessageId.Any(char.IsControl))
        {
            errors.Add(new FieldError("clientMessageId",
                $"The client's own id for this message, 1 to {Conversations.MaxClientMessageIdLength} characters; a retry sends the same."));
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            errors.Add(new FieldError("text", "A message needs some text."));
        }
        else if (text.Length > Conversations.MaxMessageLength)
        {
            errors.Add(new FieldError("text", $"At most {Conversations.MaxMessageLength} characters."));
        }
        else if (text.Any(c => char.IsControl(c) && c is not '\n' and not '\r' and not '\t'))
        {
            errors.Add(new FieldError("text", "Control characters other than line breaks and tabs are not allowed."));
        }

        return errors;
    }
}
