using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OneDay.Grains.Matching;
using OneDay.Hosting;

namespace OneDay.Silo.Matching;

public static class MatchingServices
{
    public static IServiceCollection AddOneDayMatching(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(OneDayConfiguration.Read<MatchingOptions>(configuration, MatchingOptions.SectionName));
        return services;
    }
}
