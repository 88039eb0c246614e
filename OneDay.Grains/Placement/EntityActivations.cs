namespace OneDay.Grains.Placement;

/// <summary>How long the activation of one user's or one job's grain stays in memory once idle.</summary>
/// <remarks>
/// These grains grow with the population: 50,000 profiles and 100,000 open jobs kept 381,929 activations and 5 GB
/// resident for Orleans' default 15 idle minutes (bench/results/memory.md), although each is one storage read
/// away. A user's session or a burst of applications to a job touches its grains every few seconds, so three idle
/// minutes still keeps them warm while they are in use.
/// </remarks>
public static class EntityActivations
{
    public const double IdleMinutes = 3;
}
