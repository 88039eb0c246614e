using OneDay.Grains.Interfaces.Jobs;
using OneDay.Grains.Jobs;

namespace OneDay.Tests.Unit.Jobs;

public sealed class RequestFingerprintTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);

    private static readonly JobDraft Draft = new(
        "Barista", "Coffee", "cafe", new JobLocation(37.5, 127, "Seoul"), Start, Start.AddHours(4),
        new JobPay(12_000, PayKind.PerHour), 2, ["espresso", "latte art"], 200);

    [Fact]
    public void The_same_draft_has_the_same_fingerprint()
    {
        var copy = Draft with { RequiredSkills = ["espresso", "latte art"] };
        Assert.Equal(RequestFingerprint.Of(Draft), RequestFingerprint.Of(copy));
        // The same instants written with another offset are the same request.
        var elsewhere = Draft with { StartsAt = Start.ToOffset(TimeSpan.FromHours(9)), EndsAt = Start.AddHours(4).ToOffset(TimeSpan.FromHours(9)) };
        Assert.Equal(RequestFingerprint.Of(Draft), RequestFingerprint.Of(elsewhere));
    }

    public static TheoryData<JobDraft> Changed() =>
    [
        Draft with { Title = "Barista!" },
        Draft with { Description = "Tea" },
        Draft with { Category = "event" },
        Draft with { Location = new JobLocation(37.5000001, 127, "Seoul") },
        Draft with { Location = new JobLocation(37.5, 127, "Busan") },
        Draft with { StartsAt = Start.AddTicks(1) },
        Draft with { EndsAt = Start.AddHours(5) },
        Draft with { Pay = new JobPay(12_001, PayKind.PerHour) },
        Draft with { Pay = new JobPay(12_000, PayKind.PerShift) },
        Draft with { Headcount = 3 },
        Draft with { RequiredSkills = ["espresso"] },
        Draft with { RequiredSkills = ["espresso", "latte", "art"] },
        Draft with { RequiredSkills = ["latte art", "espresso"] },
        Draft with { CheckInRadiusMeters = 201 },
        Draft with { Title = "Barista\",\"Coffee" },
    ];

    [Theory]
    [MemberData(nameof(Changed))]
    public void Any_change_gives_another_fingerprint(JobDraft changed) =>
        Assert.NotEqual(RequestFingerprint.Of(Draft), RequestFingerprint.Of(changed));

    [Fact]
    public void A_draft_with_missing_parts_still_has_a_fingerprint() =>
        Assert.NotEqual(RequestFingerprint.Of(Draft), RequestFingerprint.Of(Draft with { Location = null!, Pay = null!, RequiredSkills = null! }));
}
