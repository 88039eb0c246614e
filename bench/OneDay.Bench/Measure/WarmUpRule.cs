namespace OneDay.Bench.Measure;

/// <summary>
/// When warm-up rounds stop: tiered JIT and dynamic PGO recompile thousands of methods in the first minute of
/// load, so rounds go on for at least a floor of seconds, then until two in a row agree within a tolerance, and
/// at most up to a ceiling.
/// </summary>
internal sealed record WarmUpRule(int RoundSeconds, int FloorSeconds, int CeilingSeconds, int TolerancePercent)
{
    /// <summary>The rule for a measurement: a scenario's own floor may exceed the usual ceiling, which then moves up.</summary>
    public static WarmUpRule For(int roundSeconds, int floorSeconds, int maxSeconds, int tolerancePercent) =>
        new(roundSeconds, floorSeconds, floorSeconds < maxSeconds ? maxSeconds : floorSeconds + 2 * roundSeconds, tolerancePercent);

    /// <summary>Whether the round just run settles the warm-up. Two rounds alike early on prove little, so not before the floor.</summary>
    public bool Settled(int spentSeconds, long previousRate, long rate) =>
        spentSeconds >= FloorSeconds && previousRate > 0 && Math.Abs(rate - previousRate) * 100 <= previousRate * TolerancePercent;
}
