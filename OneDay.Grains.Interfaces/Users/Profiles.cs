namespace OneDay.Grains.Interfaces.Users;

/// <summary>What a worker tells employers about themselves.</summary>
[GenerateSerializer, Immutable, Alias("oneday.users.worker-profile")]
public sealed record WorkerProfile(
    [property: Id(0)] IReadOnlyList<string> Skills,
    [property: Id(1)] IReadOnlyList<string> PreferredCategories,
    [property: Id(2)] string? HomeArea,
    [property: Id(3)] string? Bio)
{
    public static WorkerProfile Empty { get; } = new([], [], null, null);
}

/// <summary>The business behind an employer account.</summary>
[GenerateSerializer, Immutable, Alias("oneday.users.employer-profile")]
public sealed record EmployerProfile(
    [property: Id(0)] string? BusinessName,
    [property: Id(1)] string? RegistrationNumber,
    [property: Id(2)] string? Address)
{
    public static EmployerProfile Empty { get; } = new(null, null, null);
}
