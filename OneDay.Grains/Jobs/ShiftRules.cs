namespace OneDay.Grains.Jobs;

/// <summary>
/// Who may still join a shift that has started, and until when an accepted worker may check in. Pure,
/// so the rules are tested without a cluster.
/// </summary>
public static class ShiftRules
{
    /// <summary>
    /// A started job takes no new applications, but the slot of a no-show may go to a worker whose
    /// application was already pending (a product decision: the shift is short-handed, the standby is
    /// known). One replacement per no-show, never beyond the headcount, and only until the shift ends.
    /// </summary>
    public static bool CanAcceptReplacement(
        int headcount, int slotsHeld, int noShows, int replacementsHoldingSlots, DateTimeOffset now, DateTimeOffset endsAt) =>
        now < endsAt && slotsHeld < headcount && replacementsHoldingSlots < noShows;

    /// <summary>
    /// When an accepted worker who has not checked in becomes a no-show: the grace after the start, or,
    /// for a replacement accepted after the start, the same grace after the acceptance.
    /// </summary>
    public static DateTimeOffset CheckInDeadline(DateTimeOffset startsAt, DateTimeOffset? replacedAt, TimeSpan grace) =>
        (replacedAt is { } at && at > startsAt ? at : startsAt) + grace;
}
