using System.Globalization;

namespace OneDay.Bench;

/// <summary>Numbers as the results files write them, whatever the machine's culture.</summary>
internal static class Inv
{
    public static string F(double value, int decimals) => value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    public static string I(long value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Ratio(double app, double baseline) => F(baseline > 0 ? app / baseline : 0, 2) + "x";

    public static double ParseDouble(string text) => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);

    public static long ParseLong(string text) => long.Parse(text, NumberStyles.Integer, CultureInfo.InvariantCulture);
}
