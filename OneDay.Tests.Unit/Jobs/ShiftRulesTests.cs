using OneDay.Grains.Jobs;

namespace OneDay.Tests.Unit.Jobs;

public sealed class ShiftRulesTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset End = Start.AddHours(4);
    private static readonly TimeSpan Grace = TimeSpan.FromMinutes(15);

    [Theory]
    [InlineData(2, 1, 1, 0, 30, true)]    // one no-show, nobody replaced yet
    [InlineData(2, 2, 1, 1, 30, false)]   // the no-show was already replaced
    [InlineData(3, 1, 1, 0, 30, true)]    // the freed slot, although another was never filled...
    [InlineData(3, 2, 1, 1, 30, false)]   // ...but not the never-filled one on top
    [InlineData(2, 1, 2, 1, 30, true)]    // a replacement who did not come frees the slot again
    [InlineData(2, 1, 0, 0, 30, false)]   // a slot left empty at the start is no no-show's
    [InlineData(2, 2, 2, 0, 30, false)]   // never beyond the headcount
    [InlineData(2, 1, 1, 0, 240, false)]  // the shift has ended
    public void A_pending_worker_may_take_a_no_shows_slot_until_the_shift_ends(
        int headcount, int held, int noShows, int replacements, int minutesIn, bool allowed) =>
        Assert.Equal(allowed, ShiftRules.CanAcceptReplacement(headcount, held, noShows, replacements, Start.AddMinutes(minutesIn), End));

    [Fact]
    public void A_replacement_gets_the_grace_from_its_acceptance_the_others_from_the_start()
    {
        Assert.Equal(Start + Grace, ShiftRules.CheckInDeadline(Start, null, Grace));
        Assert.Equal(Start.AddHours(1) + Grace, ShiftRules.CheckInDeadline(Start, Start.AddHours(1), Grace));
        Assert.Equal(Start + Grace, ShiftRules.CheckInDeadline(Start, Start.AddHours(-1), Grace));
    }
}
