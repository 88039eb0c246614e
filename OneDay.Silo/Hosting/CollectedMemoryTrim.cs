using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace OneDay.Silo.Hosting;

/// <summary>
/// Gives the memory of a burst's collected activations back to the system. The activation collector drops tens of
/// thousands of idle grains at once after a burst (seeding 100,000 jobs and 50,000 profiles left 530,000, about
/// 4 GB), but a silo that has gone quiet allocates too little for the GC to run a full collection, so the process
/// kept its peak resident size for as long as it stayed quiet (bench/results/memory.md). After <see cref="Threshold"/>
/// deactivations with no full collection since, one compacting collection returns the free memory. A busy silo runs
/// full collections of its own, which reset the count, so this stays out of its way.
/// </summary>
public sealed partial class CollectedMemoryTrim : BackgroundService, IActivationWorkingSetObserver
{
    /// <summary>Enough garbage to be worth a blocking collection (a fraction of a second on a multi-gigabyte heap).</summary>
    public const int Threshold = 20_000;

    public static readonly TimeSpan CheckEvery = TimeSpan.FromSeconds(30);
    private readonly TimeProvider _time;
    private readonly ILogger<CollectedMemoryTrim> _logger;
    private readonly Func<int> _fullCollections;
    private readonly Action _collect;
    private int _deactivated;
    private int _fullCollectionsSeen;

    public CollectedMemoryTrim(TimeProvider time, ILogger<CollectedMemoryTrim> logger)
        : this(time, logger, () => GC.CollectionCount(2), CollectAndDecommit)
    {
    }

    internal CollectedMemoryTrim(TimeProvider time, ILogger<CollectedMemoryTrim> logger, Func<int> fullCollections, Action collect)
    {
        _time = time;
        _logger = logger;
        _fullCollections = fullCollections;
        _collect = collect;
        _fullCollectionsSeen = fullCollections();
    }

    public void OnDeactivated(IActivationWorkingSetMember member) => Interlocked.Increment(ref _deactivated);

    /// <returns>Whether it collected.</returns>
    internal bool Check()
    {
        var fullCollections = _fullCollections();
        if (fullCollections != _fullCollectionsSeen)
        {
            // The GC has been through everything since the deactivations counted so far.
            _fullCollectionsSeen = fullCollections;
            Interlocked.Exchange(ref _deactivated, 0);
            return false;
        }

        var deactivated = Volatile.Read(ref _deactivated);
        if (deactivated < Threshold)
        {
            return false;
        }

        var before = GC.GetTotalMemory(forceFullCollection: false);
        _collect();
        _fullCollectionsSeen = _fullCollections();
        Interlocked.Add(ref _deactivated, -deactivated);
        LogTrimmed(_logger, deactivated, before / 1048576, GC.GetTotalMemory(forceFullCollection: false) / 1048576);
        return true;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(CheckEvery, _time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            Check();
        }
    }

    /// <summary>Aggressive: compacts, and returns the freed regions to the system now rather than over later collections.</summary>
    private static void CollectAndDecommit() => GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Deactivated} activations were collected since the last full GC; a full GC took the heap from {BeforeMiB} MiB to {AfterMiB} MiB")]
    private static partial void LogTrimmed(ILogger logger, int deactivated, long beforeMiB, long afterMiB);
}
