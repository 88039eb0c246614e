namespace OneDay.Grains.Interfaces.Jobs;

[GenerateSerializer, Immutable, Alias("oneday.jobs.category")]
public sealed record JobCategory([property: Id(0)] string Code, [property: Id(1)] string Name);

/// <summary>The one catalog of job categories (key 0); small enough to live in one grain.</summary>
[Alias("oneday.jobs.ICategoryCatalogGrain")]
public interface ICategoryCatalogGrain : IGrainWithIntegerKey
{
    [Alias("list")]
    Task<JobCategory[]> List();

    [Alias("exists")]
    Task<bool> Exists(string code);

    /// <summary>Adds or renames a category; answers the rules the code or name breaks, none when it was stored.</summary>
    [Alias("upsert-checked")]
    Task<FieldError[]> Upsert(JobCategory category);

    [Alias("remove")]
    Task<bool> Remove(string code);
}
