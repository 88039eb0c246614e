using OneDay.Grains.Interfaces.Jobs;
using OneDay.Grains.Interfaces.Matching;

namespace OneDay.Testing.Matching;

/// <summary>
/// A seeded, made-up Seoul for matching's tests and benchmark: workers and jobs gathered around a dozen busy
/// districts, with the spreads a real city has (most people travel a few kilometres, most shifts pay a little above
/// the minimum wage, a few employers post most jobs). The same seed gives the same city.
/// </summary>
public sealed class SyntheticCity(int seed)
{
    public const long MinimumWageKrw = 10_030;

    private static readonly (double Latitude, double Longitude)[] Districts =
    [
        (37.5665, 126.9780), (37.4979, 127.0276), (37.5563, 126.9236), (37.5446, 127.0557), (37.5133, 127.1001),
        (37.5814, 127.0097), (37.5172, 126.9070), (37.6542, 127.0568), (37.4837, 126.9017), (37.5384, 127.0822),
        (37.5270, 126.8960), (37.6176, 126.9227),
    ];

    private static readonly Dictionary<string, string[]> SkillsByCategory = new(StringComparer.Ordinal)
    {
        ["cafe"] = ["barista", "cashier", "latte art", "cleaning"],
        ["restaurant"] = ["serving", "dishwashing", "cooking", "cashier"],
        ["retail"] = ["cashier", "stocking", "customer service"],
        ["warehouse"] = ["picking", "packing", "forklift", "inventory"],
        ["delivery"] = ["driving", "motorbike", "navigation"],
        ["event"] = ["setup", "ushering", "customer service", "sound"],
        ["cleaning"] = ["cleaning", "laundry"],
        ["office"] = ["data entry", "filing", "excel"],
    };

    private static readonly string[] Categories = [.. SkillsByCategory.Keys];

    private readonly Random _random = new(seed);

    /// <summary>The moment the city's shifts are planned from: a Monday, 00:00 Korea Standard Time.</summary>
    public static DateTimeOffset Epoch { get; } = new(2026, 12, 7, 0, 0, 0, TimeSpan.FromHours(9));

    public IReadOnlyList<(Guid WorkerId, MatchingProfile Profile)> Workers(int count) =>
        [.. Enumerable.Range(0, count).Select(_ => (NewId(), Worker()))];

    /// <param name="employers">How many employers post them; a few post most (their share falls off like 1/rank).</param>
    public IReadOnlyList<JobFeatures> Jobs(int count, int employers)
    {
        var employerIds = Enumerable.Range(0, employers).Select(_ => NewId()).ToArray();
        var ratings = employerIds.ToDictionary(e => e, _ => _random.NextDouble() < 0.2 ? (double?)null : Math.Round(3 + (2 * _random.NextDouble()), 1));
        var harmonic = Enumerable.Range(1, employers).Sum(r => 1.0 / r);
        return [.. Enumerable.Range(0, count).Select(_ =>
        {
            var employer = employerIds[PickRank(employers, harmonic)];
            var category = Categories[_random.Next(Categories.Length)];
            var start = Epoch.AddDays(_random.Next(14)).AddHours(6 + _random.Next(15));
            var hours = 3 + _random.Next(8);
            var skills = SkillsByCategory[category];
            return new JobFeatures(
                NewId(), employer, category, Near(District(), 3), start, start.AddHours(hours),
                MinimumWageKrw + (long)(Skewed() * 10_000 / 10) * 10,
                [.. skills.OrderBy(_ => _random.Next()).Take(_random.Next(Math.Min(3, skills.Length) + 1))],
                ratings[employer]);
        })];
    }

    private MatchingProfile Worker()
    {
        var home = Near(District(), 4);
        var categories = Categories.OrderBy(_ => _random.Next()).Take(_random.Next(4)).ToList();
        var skillPool = (categories.Count > 0 ? categories : [Categories[_random.Next(Categories.Length)]]).SelectMany(c => SkillsByCategory[c]).Distinct().ToList();
        var skills = skillPool.OrderBy(_ => _random.Next()).Take(1 + _random.Next(Math.Min(6, skillPool.Count)))
            .Select(s => new SkillLevel(s, 1 + _random.Next(5))).ToList();
        var windows = new List<AvailabilityWindow>();
        foreach (var day in Enum.GetValues<DayOfWeek>().Where(_ => _random.NextDouble() < 0.6))
        {
            // A day off, the morning, the afternoon and evening, or the whole day.
            windows.Add(_random.Next(3) switch
            {
                0 => new AvailabilityWindow(day, 6 * 60, 14 * 60),
                1 => new AvailabilityWindow(day, 12 * 60, 24 * 60),
                _ => new AvailabilityWindow(day, 0, 24 * 60),
            });
        }

        return new MatchingProfile(
            skills, categories, home, Math.Round(1 + (14 * Skewed()), 1), windows,
            _random.NextDouble() < 0.5 ? 0 : MinimumWageKrw + (_random.Next(50) * 100),
            _random.NextDouble() < 0.2 ? ["ko", "en"] : ["ko"]);
    }

    private (double Latitude, double Longitude) District() => Districts[_random.Next(Districts.Length)];

    /// <summary>A point about <paramref name="km"/> km (one standard deviation) from the centre.</summary>
    private GeoPoint Near((double Latitude, double Longitude) centre, double km)
    {
        var (north, east) = (Gaussian() * km, Gaussian() * km);
        var latitude = centre.Latitude + (north / 111.0);
        return new GeoPoint(Math.Round(latitude, 6), Math.Round(centre.Longitude + (east / (111.0 * Math.Cos(latitude * Math.PI / 180))), 6));
    }

    /// <summary>In [0, 1), mostly small: many workers travel little and most shifts pay near the minimum.</summary>
    private double Skewed() => Math.Pow(_random.NextDouble(), 2);

    private double Gaussian() => Math.Sqrt(-2 * Math.Log(1 - _random.NextDouble())) * Math.Cos(2 * Math.PI * _random.NextDouble());

    private int PickRank(int count, double harmonic)
    {
        var target = _random.NextDouble() * harmonic;
        for (var rank = 1; rank <= count; rank++)
        {
            target -= 1.0 / rank;
            if (target <= 0)
            {
                return rank - 1;
            }
        }

        return count - 1;
    }

    private Guid NewId()
    {
        var bytes = new byte[16];
        _random.NextBytes(bytes);
        return new Guid(bytes);
    }
}
