using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OneDay.Grains.Payments.Providers;
using OneDay.Grains.Security;
using OneDay.Hosting;
using OneDay.Silo.Payments.Providers;

namespace OneDay.Tests.Unit.Payments.Providers;

public sealed class PaymentProviderConfigurationTests
{
    [Fact]
    public void By_default_the_sandbox_posts_to_the_embedded_gateway_and_signs_with_a_key_from_the_silo_key()
    {
        var siloKeys = SiloKeys.Ephemeral();
        using var services = Build([], siloKeys);

        var psp = services.GetRequiredService<SandboxPsp>();

        Assert.Equal(typeof(SandboxPaymentProvider), Registrations([]).Single(d => d.ServiceType == typeof(IPaymentProvider)).ImplementationType);
        Assert.Equal(new Uri("http://localhost:3000/api/payments/webhooks/sandbox"), psp.WebhookUrl);
        Assert.Equal(WebhookDeliveryPolicy.Prompt, psp.Policy);
        Assert.Equal(TimeSpan.FromMinutes(5), psp.Signature.Tolerance);
        var body = "{}"u8.ToArray();
        var now = DateTimeOffset.UnixEpoch.AddYears(60);
        var expected = new WebhookSignature(siloKeys.For(PaymentProviderServices.WebhookSecretPurpose), TimeSpan.FromMinutes(5));
        Assert.Equal(expected.Sign(body, now), psp.Signature.Sign(body, now));
    }

    [Fact]
    public void A_configured_secret_and_misbehaviour_are_used()
    {
        var secret = RandomNumberGenerator.GetBytes(32);
        using var services = Build(new()
        {
            ["OneDay:Payments:Sandbox:WebhookSecret"] = Convert.ToBase64String(secret),
            ["OneDay:Payments:Sandbox:WebhookToleranceSeconds"] = "60",
            ["OneDay:Payments:Sandbox:DeliveryDelaySeconds"] = "2.5",
            ["OneDay:Payments:Sandbox:DuplicateDeliveries"] = "true",
            ["OneDay:Payments:Sandbox:ReorderDeliveries"] = "true",
        });

        var psp = services.GetRequiredService<SandboxPsp>();

        Assert.Equal(new WebhookDeliveryPolicy(TimeSpan.FromSeconds(2.5), true, true), psp.Policy);
        var body = "{}"u8.ToArray();
        var now = DateTimeOffset.UnixEpoch.AddYears(60);
        Assert.Equal(new WebhookSignature(secret, TimeSpan.FromMinutes(1)).Sign(body, now), psp.Signature.Sign(body, now));
    }

    [Theory]
    [InlineData("WebhookSecret", "c2hvcnQ=")]
    [InlineData("WebhookSecret", "not base64!")]
    [InlineData("WebhookUrl", "not a url")]
    [InlineData("WebhookToleranceSeconds", "0")]
    [InlineData("DeliveryDelaySeconds", "-1")]
    [InlineData("FeeRateBasisPoints", "10001")]
    [InlineData("PayoutFeeKrw", "-5")]
    [InlineData("DuplicateDeliveries", "sometimes")]
    public void A_bad_value_stops_the_silo_naming_the_key(string key, string value)
    {
        var error = Assert.Throws<OneDayConfigurationException>(() => Build(new() { [$"OneDay:Payments:Sandbox:{key}"] = value }));

        Assert.Contains(key, error.Message, StringComparison.Ordinal);
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings, SiloKeys? siloKeys = null) =>
        Registrations(settings, siloKeys).BuildServiceProvider();

    private static IServiceCollection Registrations(Dictionary<string, string?> settings, SiloKeys? siloKeys = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddLogging().AddSingleton(siloKeys ?? SiloKeys.Ephemeral());
        return services.AddOneDayPaymentProvider(configuration);
    }
}
