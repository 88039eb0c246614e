namespace OneDay.Grains.Interfaces.Jobs;

/// <summary>A point on the earth in WGS84 degrees.</summary>
[GenerateSerializer, Immutable, Alias("oneday.jobs.geo-point")]
public sealed record GeoPoint([property: Id(0)] double Latitude, [property: Id(1)] double Longitude)
{
    public const double EarthRadiusKm = 6371;
    private const double EarthRadiusMeters = EarthRadiusKm * 1000;

    /// <summary>Metres along a meridian per degree of latitude, on the sphere all distances here assume.</summary>
    public const double MetersPerDegreeLatitude = EarthRadiusMeters * Math.PI / 180;

    public bool IsValid =>
        double.IsFinite(Latitude) && double.IsFinite(Longitude) && Latitude is >= -90 and <= 90 && Longitude is >= -180 and <= 180;

    /// <summary>
    /// Equirectangular distance at the pair's mean latitude: within a metre of the great-circle distance
    /// over the search radius (30 km) up to 80 degrees of latitude, at a fraction of the cost, which matters
    /// when a search ranks thousands of jobs. Longitudes are compared the short way round the antimeridian.
    /// </summary>
    public static double ApproxDistanceMeters(double lat1, double lon1, double lat2, double lon2)
    {
        var dLon = lon2 - lon1;
        if (dLon > 180)
        {
            dLon -= 360;
        }
        else if (dLon < -180)
        {
            dLon += 360;
        }

        var x = double.DegreesToRadians(dLon) * Math.Cos(double.DegreesToRadians((lat1 + lat2) / 2));
        var y = double.DegreesToRadians(lat2 - lat1);
        return EarthRadiusMeters * Math.Sqrt((x * x) + (y * y));
    }

    /// <summary>Great-circle (haversine) distance; accurate to well under a metre at city scale, and near the poles.</summary>
    public static double GreatCircleMeters(double lat1, double lon1, double lat2, double lon2)
    {
        var phi1 = double.DegreesToRadians(lat1);
        var phi2 = double.DegreesToRadians(lat2);
        var dLat = phi2 - phi1;
        var dLon = double.DegreesToRadians(lon2 - lon1);
        var h = (Math.Sin(dLat / 2) * Math.Sin(dLat / 2)) + (Math.Cos(phi1) * Math.Cos(phi2) * Math.Sin(dLon / 2) * Math.Sin(dLon / 2));
        return 2 * EarthRadiusMeters * Math.Asin(Math.Min(1, Math.Sqrt(h)));
    }

    public double DistanceMetersTo(GeoPoint other) => GreatCircleMeters(Latitude, Longitude, other.Latitude, other.Longitude);
}

[GenerateSerializer, Immutable, Alias("oneday.jobs.location")]
public sealed record JobLocation(
    [property: Id(0)] double Latitude,
    [property: Id(1)] double Longitude,
    [property: Id(2)] string Address)
{
    public GeoPoint Point => new(Latitude, Longitude);
}

public enum PayKind
{
    PerHour = 0,
    PerShift = 1,
}

[GenerateSerializer, Immutable, Alias("oneday.jobs.pay")]
public sealed record JobPay([property: Id(0)] long AmountKrw, [property: Id(1)] PayKind Kind)
{
    /// <summary>What the pay comes to per hour of the shift, for the minimum-wage rule and pay sorting.</summary>
    public long HourlyKrw(TimeSpan shift) =>
        Kind == PayKind.PerHour ? AmountKrw
        : shift <= TimeSpan.Zero ? 0
        : (long)Math.Floor(AmountKrw / shift.TotalHours);

    /// <summary>
    /// The shift's wage: the per-shift pay, or the hourly pay times the shift's length to the tick, rounded up
    /// to the won so that a worker is never paid for less than the time worked. In 128 bits, so no pay and
    /// shift overflow; whoever moves it checks it against their limits.
    /// </summary>
    public Int128 WageFor(TimeSpan shift) =>
        Kind == PayKind.PerShift ? AmountKrw : (((Int128)AmountKrw * shift.Ticks) + TimeSpan.TicksPerHour - 1) / TimeSpan.TicksPerHour;
}

/// <summary>What an employer writes when posting or editing a job.</summary>
[GenerateSerializer, Immutable, Alias("oneday.jobs.draft")]
public sealed record JobDraft(
    [property: Id(0)] string Title,
    [property: Id(1)] string Description,
    [property: Id(2)] string Category,
    [property: Id(3)] JobLocation Location,
    [property: Id(4)] DateTimeOffset StartsAt,
    [property: Id(5)] DateTimeOffset EndsAt,
    [property: Id(6)] JobPay Pay,
    [property: Id(7)] int Headcount,
    [property: Id(8)] string[] RequiredSkills,
    [property: Id(9)] int CheckInRadiusMeters);

public enum JobStatus
{
    Open = 0,
    Filled = 1,
    InProgress = 2,
    Completed = 3,
    Cancelled = 4,
    Expired = 5,
}

[GenerateSerializer, Immutable, Alias("oneday.jobs.view")]
public sealed record JobView(
    [property: Id(0)] Guid JobId,
    [property: Id(1)] Guid EmployerId,
    [property: Id(2)] JobDraft Details,
    [property: Id(3)] JobStatus Status,
    [property: Id(4)] int AcceptedCount,
    [property: Id(5)] long Version,
    [property: Id(6)] DateTimeOffset CreatedAt,
    [property: Id(7)] string? CancelReason,
    [property: Id(8)] DateTimeOffset? CompletedAt);

/// <summary>
/// A request's Idempotency-Key and a fingerprint (hash) of the request it came with, so that the key reused
/// with another request can be told from a retry. A null fingerprint is a request without a body.
/// </summary>
[GenerateSerializer, Immutable, Alias("oneday.jobs.idempotency-key")]
public sealed record IdempotencyKey([property: Id(0)] string Key, [property: Id(1)] string? Fingerprint);

/// <summary>Expected business outcomes of job commands; the gateway maps each to one HTTP answer.</summary>
public enum JobOutcome
{
    Ok = 0,
    Invalid = 1,
    NotFound = 2,
    NotOwner = 3,
    VersionMismatch = 4,
    Closed = 5,
    HeadcountFull = 6,
    AlreadyApplied = 7,
    NoApplication = 8,
    ScheduleConflict = 9,
    OutsideCheckInWindow = 10,
    OutsideRadius = 11,
    WrongState = 12,
    AlreadyExists = 13,
    /// <summary>The job has a location, and the check-in or check-out came without a position.</summary>
    PositionRequired = 14,
    /// <summary>The employer already has their maximum of open jobs.</summary>
    TooManyOpenJobs = 15,
    /// <summary>An Idempotency-Key already used with a different request.</summary>
    IdempotencyKeyReused = 16,
    /// <summary>The employer's wallet cannot hold the shift's pay and fee; nothing changed.</summary>
    InsufficientFunds = 17,
    /// <summary>The payments domain could not be reached; the command may be sent again.</summary>
    PaymentsUnavailable = 18,
    /// <summary>The job has had its maximum of applicants; a worker who applied before may still apply again.</summary>
    TooManyApplicants = 19,
}

[GenerateSerializer, Immutable, Alias("oneday.jobs.result")]
public sealed record JobResult(
    [property: Id(0)] JobOutcome Outcome,
    [property: Id(1)] JobView? Job,
    [property: Id(2)] FieldError[] Errors,
    [property: Id(3)] string? Detail)
{
    public static JobResult Ok(JobView job) => new(JobOutcome.Ok, job, [], null);

    public static JobResult Fail(JobOutcome outcome, string? detail = null) => new(outcome, null, [], detail);

    public static JobResult Invalid(FieldError[] errors) => new(JobOutcome.Invalid, null, errors, null);
}
