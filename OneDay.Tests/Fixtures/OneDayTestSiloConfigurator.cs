using Microsoft.Extensions.DependencyInjection;
using OneDay.Hosting;
using OneDay.Silo.Hosting;
using Orleans.TestingHost;

namespace OneDay.Tests.Fixtures;

/// <summary>
/// TestingHost silos get their providers from the same code as production silos; only membership and
/// ports belong to the test cluster.
/// </summary>
public sealed class OneDayTestSiloConfigurator : ISiloConfigurator
{
    public void Configure(ISiloBuilder siloBuilder)
    {
        var oneDay = OneDayConfiguration.Read(siloBuilder.Configuration);
        var settings = SiloSettings.Read(siloBuilder.Configuration, oneDay);
        siloBuilder.UseOneDayProviders(oneDay, settings);
        // Registered after the defaults, so these win: job time, saga timeouts and faults the tests drive.
        siloBuilder.Services.AddSingleton(Jobs.JobsTestHooks.ClockFor(siloBuilder.Configuration));
        siloBuilder.Services.AddSingleton(Jobs.JobsTestHooks.OptionsFor(siloBuilder.Configuration));
        siloBuilder.Services.AddSingleton<OneDay.Grains.Jobs.ISagaFaultHook>(Jobs.JobsTestHooks.Faults);
        siloBuilder.Services.AddSingleton(Security.SignInTestHooks.Clock);
        if (Payments.PaymentsTestHooks.LedgerFor(siloBuilder.Configuration, oneDay, settings) is { } ledger)
        {
            siloBuilder.Services.AddSingleton<OneDay.Grains.Payments.ILedgerStore>(ledger);
        }

        if (Communication.CommunicationTestHooks.MessagesFor(siloBuilder.Configuration, oneDay) is { } messages)
        {
            siloBuilder.Services.AddSingleton<OneDay.Grains.Communication.Messages.IChatMessageStore>(messages);
        }

        siloBuilder.Configure<Orleans.Hosting.ReminderOptions>(o => o.MinimumReminderPeriod = TimeSpan.FromSeconds(1));
    }
}

internal static class TestClusters
{
    /// <summary>Names the test cluster, so its in-process silos can share what the embedded default keeps in its one process.</summary>
    public const string ClusterIdSetting = "Tests:ClusterId";

    /// <param name="serviceId">The service whose stored state the cluster reads; a new one by default.</param>
    public static async Task<TestCluster> StartAsync(IDictionary<string, string> settings, short silos = 2, string? serviceId = null)
    {
        var builder = new TestClusterBuilder(silos);
        builder.Options.ServiceId = serviceId ?? builder.Options.ServiceId;
        // Real TCP so an out-of-cluster gateway can connect the way production gateways do.
        builder.Options.ConnectionTransport = ConnectionTransportType.TcpSocket;
        foreach (var (key, value) in settings)
        {
            builder.Properties[key] = value;
        }

        builder.Properties.TryAdd("OneDay:Security:SiloKey", SiloDefaults.SiloKey);
        // A cluster without a mail server writes its email where it clutters nothing.
        builder.Properties.TryAdd("OneDay:Email:PickupDirectory", Path.Combine(Path.GetTempPath(), "oneday-test-mail"));
        builder.Properties.TryAdd(ClusterIdSetting, Guid.NewGuid().ToString("N"));
        builder.AddSiloBuilderConfigurator<OneDayTestSiloConfigurator>();
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }
}
