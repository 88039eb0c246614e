using Microsoft.Extensions.Time.Testing;
using OneDay.Grains.Security;

namespace OneDay.Tests.Security;

/// <summary>The sign-in throttling clock of the test silos, which lockout tests move forward instead of waiting.</summary>
public static class SignInTestHooks
{
    public static FakeTimeProvider Time { get; } = new(DateTimeOffset.UtcNow);

    public static SignInClock Clock { get; } = new(Time);
}
