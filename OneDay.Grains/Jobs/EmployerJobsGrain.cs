using System.Buffers.Text;
using System.Globalization;
using System.Text;
using OneDay.Grains.Infrastructure;
using OneDay.Grains.Interfaces.Infrastructure;
using OneDay.Grains.Interfaces.Jobs;

namespace OneDay.Grains.Jobs;

[GenerateSerializer, Alias("oneday.jobs.employer-jobs-state")]
public sealed class EmployerJobsState
{
    /// <summary>Every job the employer posted, oldest first. Only ever appended to, so a position is a stable cursor.</summary>
    [Id(0)] public List<Guid> JobIds { get; set; } = [];
}

[DomainPlacement(Domains.Jobs)]
public sealed class EmployerJobsGrain(
    [PersistentState("employer-jobs", Domains.Jobs)] IPersistentState<EmployerJobsState> state) : Grain, IEmployerJobsGrain
{
    public const int MaxPageSize = 100;

    public async Task Add(Guid jobId)
    {
        if (!state.State.JobIds.Contains(jobId))
        {
            state.State.JobIds.Add(jobId);
            await state.WriteStateAsync();
        }
    }

    public Task<EmployerJobsPage> Page(string? cursor, int limit)
    {
        var ids = state.State.JobIds;
        var end = ids.Count;
        if (cursor is not null && !TryParseCursor(cursor, ids.Count, out end))
        {
            return Task.FromResult(new EmployerJobsPage([], null, BadCursor: true));
        }

        var start = Math.Max(0, end - Math.Clamp(limit, 1, MaxPageSize));
        var page = new Guid[end - start];
        for (var i = 0; i < page.Length; i++)
        {
            page[i] = ids[end - 1 - i];
        }

        return Task.FromResult(new EmployerJobsPage(page, start > 0 ? FormatCursor(start) : null, BadCursor: false));
    }

    // A cursor is the position, in posting order, just after the next page's newest job.
    private static string FormatCursor(int end) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"mine|{end}")));

    private static bool TryParseCursor(string text, int count, out int end)
    {
        end = 0;
        if (text.Length > 40)
        {
            return false;
        }

        try
        {
            var parts = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(text)).Split('|');
            return parts is ["mine", var position]
                && int.TryParse(position, NumberStyles.None, CultureInfo.InvariantCulture, out end) && end > 0 && end <= count;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
