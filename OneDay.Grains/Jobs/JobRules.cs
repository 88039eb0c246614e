using System.Security.Cryptography;
using System.Text;
using OneDay.Grains.Interfaces;
using OneDay.Grains.Interfaces.Jobs;

namespace OneDay.Grains.Jobs;

/// <summary>
/// The jobs domain's rules: what a job's details and a category may be, and which job a keyed post names;
/// pure, so they are tested without a cluster.
/// </summary>
public static class JobRules
{
    public const int MaxHeadcount = 500;
    public const int MaxTitle = 120;
    public const int MaxDescription = 4000;
    public const int MaxAddress = 300;
    public const int MaxSkills = 20;
    public const int MaxCheckInRadiusMeters = 5000;
    public static readonly TimeSpan MaxShift = TimeSpan.FromHours(24);
    public const int MaxCategoryCode = 40;
    public const int MaxCategoryName = 80;

    /// <summary>
    /// The id of a job posted with an Idempotency-Key: the same key from the same employer names the same job,
    /// so a retried POST cannot post twice, and another employer's identical key names another job. Retries
    /// find their job by it, so it must never change.
    /// </summary>
    public static Guid IdFor(Guid employerId, string idempotencyKey)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"job|{employerId:N}|{idempotencyKey}"));
        return new Guid(hash.AsSpan(0, 16));
    }

    /// <summary>What the cap on an employer's open jobs counts: posted, and not yet started, cancelled or expired.</summary>
    public static bool CountsAsOpen(JobStatus status) => status is JobStatus.Open or JobStatus.Filled;

    public static List<FieldError> Validate(JobDraft draft, DateTimeOffset now, long minimumHourlyWage)
    {
        var errors = new List<FieldError>();
        void Add(string field, string message) => errors.Add(new FieldError(field, message));

        if (string.IsNullOrWhiteSpace(draft.Title) || draft.Title.Length > MaxTitle)
        {
            Add("title", $"Required, at most {MaxTitle} characters.");
        }

        if (draft.Description is null || draft.Description.Length > MaxDescription)
        {
            Add("description", $"At most {MaxDescription} characters.");
        }

        if (string.IsNullOrWhiteSpace(draft.Category))
        {
            Add("category", "Required.");
        }

        if (draft.Location is null || !draft.Location.Point.IsValid)
        {
            Add("location", "Latitude must be within -90..90 and longitude within -180..180.");
        }
        else if (string.IsNullOrWhiteSpace(draft.Location.Address) || draft.Location.Address.Length > MaxAddress)
        {
            Add("location.address", $"Required, at most {MaxAddress} characters.");
        }

        if (draft.StartsAt <= now)
        {
            Add("startsAt", "Must be in the future.");
        }

        var shift = draft.EndsAt - draft.StartsAt;
        if (shift <= TimeSpan.Zero)
        {
            Add("endsAt", "Must be after startsAt.");
        }
        else if (shift > MaxShift)
        {
            Add("endsAt", "A shift lasts at most 24 hours.");
        }

        if (draft.Pay is null || draft.Pay.AmountKrw <= 0 || !Enum.IsDefined(draft.Pay.Kind))
        {
            Add("pay", "A positive amount in KRW, per hour or per shift.");
        }
        else if (shift > TimeSpan.Zero && draft.Pay.HourlyKrw(shift) < minimumHourlyWage)
        {
            Add("pay.amountKrw", $"Pays below the minimum wage of {minimumHourlyWage} KRW per hour.");
        }

        if (draft.Headcount is < 1 or > MaxHeadcount)
        {
            Add("headcount", $"Between 1 and {MaxHeadcount}.");
        }

        if (draft.RequiredSkills is null || draft.RequiredSkills.Length > MaxSkills
            || draft.RequiredSkills.Any(s => string.IsNullOrWhiteSpace(s) || s.Length > 50))
        {
            Add("requiredSkills", $"At most {MaxSkills} non-empty skills of up to 50 characters.");
        }

        if (draft.CheckInRadiusMeters is < 10 or > MaxCheckInRadiusMeters)
        {
            Add("checkInRadiusMeters", $"Between 10 and {MaxCheckInRadiusMeters} metres.");
        }

        return errors;
    }

    /// <summary>Codes appear in URLs and query strings: lower-case ASCII letters, digits and dashes.</summary>
    public static bool IsCategoryCode(string? code) =>
        code is { Length: > 0 and <= MaxCategoryCode } && code.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-');

    /// <summary>A category an admin adds or renames.</summary>
    public static List<FieldError> Validate(JobCategory category) =>
        IsCategoryCode(category.Code) && !string.IsNullOrWhiteSpace(category.Name) && category.Name.Length <= MaxCategoryName
            ? []
            : [new FieldError("code", $"Codes are 1-{MaxCategoryCode} lower-case letters, digits or dashes; names 1-{MaxCategoryName} characters.")];
}
