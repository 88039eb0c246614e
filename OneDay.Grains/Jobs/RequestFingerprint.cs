using System.Buffers;
using System.Security.Cryptography;
using System.Text.Json;
using OneDay.Grains.Interfaces.Jobs;

namespace OneDay.Grains.Jobs;

/// <summary>
/// A hash of what a post asked for, kept with the job its Idempotency-Key names: a retry of the same request
/// gets that job again, while the same key with another request is refused instead of silently answered with
/// the first one's result. Pure, so it is tested without a cluster.
/// </summary>
public static class RequestFingerprint
{
    /// <summary>SHA-256 of the draft's fields in a fixed order (times as UTC ticks), base64.</summary>
    public static string Of(JobDraft draft)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            json.WriteStringValue(draft.Title);
            json.WriteStringValue(draft.Description);
            json.WriteStringValue(draft.Category);
            if (draft.Location is { } location)
            {
                json.WriteNumberValue(location.Latitude);
                json.WriteNumberValue(location.Longitude);
                json.WriteStringValue(location.Address);
            }
            else
            {
                json.WriteNullValue();
            }

            json.WriteNumberValue(draft.StartsAt.UtcTicks);
            json.WriteNumberValue(draft.EndsAt.UtcTicks);
            if (draft.Pay is { } pay)
            {
                json.WriteNumberValue(pay.AmountKrw);
                json.WriteNumberValue((int)pay.Kind);
            }
            else
            {
                json.WriteNullValue();
            }

            json.WriteNumberValue(draft.Headcount);
            json.WriteStartArray();
            foreach (var skill in draft.RequiredSkills ?? [])
            {
                json.WriteStringValue(skill);
            }

            json.WriteEndArray();
            json.WriteNumberValue(draft.CheckInRadiusMeters);
            json.WriteEndArray();
        }

        return Convert.ToBase64String(SHA256.HashData(buffer.WrittenSpan));
    }
}
