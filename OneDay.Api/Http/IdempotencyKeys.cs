using System.Diagnostics.CodeAnalysis;
using OneDay.Api.Errors;
using OneDay.Api.OpenApi;

namespace OneDay.Api.Http;

/// <summary>
/// The Idempotency-Key header, as every domain's POSTs that create something or move money read it: one
/// printable ASCII value of up to <see cref="MaxLength"/> characters. What a retry with it answers is the
/// domain's to decide (the first result, or 422 idempotency-key-reused for another request).
/// </summary>
public static class IdempotencyKeys
{
    public const string Header = "Idempotency-Key";
    public const int MaxLength = 100;

    public static DocumentedParameter Parameter(string names, bool required = false) => DocumentedParameter.Header(
        Header, $"Up to {MaxLength} printable ASCII characters; a retry with the same key names {names}.", required);

    /// <summary>The key, or null when the request has none; false (with the problem to answer) when it is malformed.</summary>
    public static bool TryRead(HttpRequest http, out string? key, out IResult invalid)
    {
        invalid = Results.Empty;
        key = null;
        if (!http.Headers.TryGetValue(Header, out var values))
        {
            return true;
        }

        key = values.ToString();
        if (values.Count == 1 && key.Length is > 0 and <= MaxLength && key.All(c => c is > ' ' and < (char)127))
        {
            return true;
        }

        invalid = Problems.Validation([new Grains.Interfaces.FieldError(Header, $"One printable ASCII value of up to {MaxLength} characters.")]);
        return false;
    }

    /// <summary>As <see cref="TryRead"/>, for requests that cannot be sent without a key (<paramref name="why"/> says why).</summary>
    public static bool TryReadRequired(HttpRequest http, string why, [NotNullWhen(true)] out string? key, out IResult problem)
    {
        if (!TryRead(http, out key, out problem))
        {
            return false;
        }

        if (key is null)
        {
            problem = Problems.Validation([new Grains.Interfaces.FieldError(Header, "Required: " + why)]);
            return false;
        }

        return true;
    }
}
