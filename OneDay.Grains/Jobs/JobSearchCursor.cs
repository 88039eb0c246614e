using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace OneDay.Grains.Jobs;

/// <summary>The position after the last hit of a page: its sort key and job id (the tie-breaker).</summary>
public sealed record JobSearchCursor(double Key, Guid JobId)
{
    public string Format() =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{Key:R}|{JobId:N}")));

    public static bool TryParse(string text, out JobSearchCursor? cursor)
    {
        cursor = null;
        if (text.Length > 200)
        {
            return false;
        }

        try
        {
            var parts = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(text)).Split('|');
            if (parts.Length == 2
                && double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var key) && double.IsFinite(key)
                && Guid.TryParseExact(parts[1], "N", out var id))
            {
                cursor = new JobSearchCursor(key, id);
                return true;
            }
        }
        catch (FormatException)
        {
        }

        return false;
    }
}
