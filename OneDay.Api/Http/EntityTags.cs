using System.Globalization;

namespace OneDay.Api.Http;

/// <summary>Weak-free, version-based ETags ("v12") for optimistic concurrency with If-Match.</summary>
public static class EntityTags
{
    public static string For(long version) => $"\"v{version.ToString(CultureInfo.InvariantCulture)}\"";

    /// <summary>No header: null expected version (unconditional). "*": same. Otherwise the version, or false when malformed.</summary>
    public static bool TryReadIfMatch(HttpContext context, out long? expectedVersion)
    {
        expectedVersion = null;
        var header = context.Request.Headers.IfMatch.ToString().Trim();
        if (header.Length == 0 || header == "*")
        {
            return true;
        }

        if (header.Length > 3 && header.StartsWith("\"v", StringComparison.Ordinal) && header.EndsWith('"') &&
            long.TryParse(header.AsSpan(2, header.Length - 3), NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            expectedVersion = version;
            return true;
        }

        return false;
    }
}
