using OneDay.Grains.Matching;
using OneDay.Grains.Matching.Scoring;
using OneDay.Testing.Matching;

namespace OneDay.Tests.Unit.Matching;

/// <summary>The category bits on a worker's flat key never understate the category factor.</summary>
public sealed class CategoryBitsTests
{
    private static readonly MatchScorer Scorer = new(SyntheticCity.MinimumWageKrw);

    [Fact]
    public void The_bound_is_at_least_the_factor_for_every_worker_and_category()
    {
        string[] categories = ["cafe", "restaurant", "retail", "warehouse", "delivery", "event", "cleaning", "office", "night shift", "farm-work"];
        var (exact, total) = (0, 0);
        foreach (var (_, worker) in new SyntheticCity(4).Workers(500))
        {
            var profile = MatchingProfileRules.Normalize(worker);
            var match = Scorer.For(profile, new WeeklyAvailability(profile.Availability), MatchContext.None);
            var bits = CategoryBits.Of(profile.PreferredCategories);
            foreach (var category in categories)
            {
                var bound = CategoryBits.MaxValue(bits, CategoryBits.Bit(category));
                Assert.True(bound >= match.CategoryValue(category), $"{category} for {string.Join(",", profile.PreferredCategories)}");
                exact += bound == match.CategoryValue(category) ? 1 : 0;
                total++;
            }
        }

        // Hash collisions only loosen it: most of the time it is the factor itself.
        Assert.True(exact > total * 0.9, $"exact for only {exact} of {total}");
    }
}
