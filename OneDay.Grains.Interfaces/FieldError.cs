namespace OneDay.Grains.Interfaces;

/// <summary>
/// One reason a command's input is not acceptable, named by its JSON property path; every domain's rules
/// answer these and the gateway turns them into a validation problem. The alias is from when only the jobs
/// domain had them, kept so that silos and gateways of either version still understand each other.
/// </summary>
[GenerateSerializer, Immutable, Alias("oneday.jobs.field-error")]
public sealed record FieldError([property: Id(0)] string Field, [property: Id(1)] string Message);
