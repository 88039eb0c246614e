using Microsoft.Extensions.Hosting;
using OneDay.Hosting;

namespace OneDay.Silo.Hosting;

/// <summary>Embedded mode: one silo with every domain, in the process that also serves the gateway.</summary>
public static class EmbeddedSilo
{
    public static void CoHost(IHostApplicationBuilder builder, OneDayOptions options) =>
        builder.UseOrleans(silo => silo.UseOneDayMembership(options).UseOneDayProviders(options));
}
