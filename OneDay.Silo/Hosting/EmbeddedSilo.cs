using Microsoft.Extensions.Hosting;
using OneDay.Hosting;

namespace OneDay.Silo.Hosting;

/// <summary>Embedded mode: one silo with every domain, in the process that also serves the gateway.</summary>
public static class EmbeddedSilo
{
    /// <param name="oneDay">The shared keys, already read by the gateway; the silo reads only its own.</param>
    public static void CoHost(IHostApplicationBuilder builder, OneDayOptions oneDay)
    {
        var settings = SiloSettings.Read(builder.Configuration, oneDay);
        builder.UseOrleans(silo => silo.UseOneDayMembership(oneDay, settings).UseOneDayProviders(oneDay, settings));
    }
}
