namespace OneDay.Grains.Interfaces.Matching;

/// <summary>
/// Which worker cells of one region (a one-degree square, key from <see cref="Jobs.GeoGrid.RegionOf"/>) hold anyone,
/// so that a search around a job reads only those: most of the cells around most places are empty, and every new job
/// reads all the cells around it. Told by the cells themselves, before they store their first worker. A cell once
/// listed stays listed: a cell that empties costs a search one read, while taking it off could race a worker moving in.
/// </summary>
[Alias("oneday.matching.IWorkerRegionGrain")]
public interface IWorkerRegionGrain : IGrainWithStringKey
{
    [Alias("occupied")]
    Task Occupied(string cell);

    /// <summary>The cells that hold workers, or once did.</summary>
    [Alias("cells")]
    Task<IReadOnlySet<string>> Cells();
}
