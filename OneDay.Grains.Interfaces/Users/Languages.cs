namespace OneDay.Grains.Interfaces.Users;

/// <summary>The languages OneDay writes to people in (emails), as ISO 639-1 codes.</summary>
public static class Languages
{
    public const string Korean = "ko";
    public const string English = "en";

    /// <summary>A Korean platform: who says nothing reads Korean.</summary>
    public const string Default = Korean;

    public static readonly IReadOnlyList<string> All = [Korean, English];

    public static bool IsKnown(string? code) => code is not null && All.Contains(code, StringComparer.Ordinal);
}
