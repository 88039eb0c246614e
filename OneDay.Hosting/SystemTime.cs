using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace OneDay.Hosting;

/// <summary>
/// Where a process gets its clock. The system clock is registered here and read nowhere else in production
/// code (BannedSymbols.txt), so every class takes TimeProvider, JobClock or SignInClock from dependency
/// injection and a test can hand it a fake one.
/// </summary>
public static class SystemTime
{
    /// <summary>Registers the system clock unless the host (or a test) registered a TimeProvider already.</summary>
    public static IServiceCollection AddOneDayTime(this IServiceCollection services)
    {
#pragma warning disable RS0030 // The one registration of real time that BannedSymbols.txt points to.
        services.TryAddSingleton(TimeProvider.System);
#pragma warning restore RS0030
        return services;
    }
}
