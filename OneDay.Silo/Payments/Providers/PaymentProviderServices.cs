using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OneDay.Grains.Payments.Providers;
using OneDay.Grains.Security;
using OneDay.Hosting;

namespace OneDay.Silo.Payments.Providers;

/// <summary>Which <see cref="IPaymentProvider"/> a silo's payments grains use: the sandbox, in either mode, until a real provider's adapter exists.</summary>
public static class PaymentProviderServices
{
    public const string WebhookSecretPurpose = "sandbox-webhooks";
    private static readonly TimeSpan WebhookTimeout = TimeSpan.FromSeconds(10);

    public static IServiceCollection AddOneDayPaymentProvider(this IServiceCollection services, IConfiguration configuration)
    {
        var options = OneDayConfiguration.Read<SandboxPspOptions>(configuration, SandboxPspOptions.SectionName);
        var secret = SecretKeyReader.Read(
            $"{SandboxPspOptions.SectionName}:WebhookSecret", options.WebhookSecret, options.WebhookSecretFile, SiloKeys.MinimumSecretBytes);
        services.AddOneDayTime();
        services.AddHttpClient(HttpWebhookTransport.ClientName, client => client.Timeout = WebhookTimeout);
        services.TryAddSingleton<IWebhookTransport, HttpWebhookTransport>();
        services.AddSingleton(sp => new SandboxPsp(
            options,
            // Unset, the secret comes from the silo key, which every silo of the cluster shares.
            new WebhookSignature(secret ?? sp.GetRequiredService<SiloKeys>().For(WebhookSecretPurpose), TimeSpan.FromSeconds(options.WebhookToleranceSeconds)),
            sp.GetRequiredService<IWebhookTransport>(),
            sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IPaymentProvider, SandboxPaymentProvider>();
        return services;
    }
}
