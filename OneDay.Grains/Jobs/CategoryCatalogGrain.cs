using OneDay.Grains.Interfaces;
using OneDay.Grains.Interfaces.Jobs;
using OneDay.Grains.Placement;

namespace OneDay.Grains.Jobs;

[GenerateSerializer, Alias("oneday.jobs.category-catalog-state")]
public sealed class CategoryCatalogState
{
    [Id(0)] public bool Seeded { get; set; }
    [Id(1)] public Dictionary<string, string> Categories { get; set; } = [];
}

[DomainPlacement(Domains.Jobs)]
public sealed class CategoryCatalogGrain(
    [PersistentState("categories", Domains.Jobs)] IPersistentState<CategoryCatalogState> state) : Grain, ICategoryCatalogGrain
{
    // The kinds of one-day work the platform starts with; admins add and remove from there.
    private static readonly JobCategory[] Defaults =
    [
        new("cafe", "Cafe & restaurant"),
        new("event", "Events & promotion"),
        new("warehouse", "Warehouse & logistics"),
        new("delivery", "Delivery"),
        new("retail", "Retail & store"),
        new("cleaning", "Cleaning"),
        new("office", "Office support"),
    ];

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (!state.State.Seeded)
        {
            state.State.Categories = Defaults.ToDictionary(c => c.Code, c => c.Name, StringComparer.Ordinal);
            state.State.Seeded = true;
            await state.WriteStateAsync(cancellationToken);
        }
    }

    public Task<JobCategory[]> List() =>
        Task.FromResult(state.State.Categories.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => new JobCategory(c.Key, c.Value)).ToArray());

    public Task<bool> Exists(string code) => Task.FromResult(state.State.Categories.ContainsKey(code));

    public async Task<FieldError[]> Upsert(JobCategory category)
    {
        if (JobRules.Validate(category) is { Count: > 0 } errors)
        {
            return [.. errors];
        }

        state.State.Categories[category.Code] = category.Name.Trim();
        await state.WriteStateAsync();
        return [];
    }

    public async Task<bool> Remove(string code)
    {
        if (!state.State.Categories.Remove(code))
        {
            return false;
        }

        await state.WriteStateAsync();
        return true;
    }
}
