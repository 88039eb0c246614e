using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using OneDay.Api.Communication;
using OneDay.Api.Security;
using OneDay.Grains.Interfaces.Communication;
using OneDay.Tests.Fixtures;

namespace OneDay.Tests.Communication;

/// <summary>The embedded default, one process: the gateway's observer lives beside the silo it registers with.</summary>
public sealed class EmbeddedHubTests
{
    private sealed record Pushed(Guid Id, string Kind);

    [Fact]
    public async Task A_notification_reaches_a_hub_client_of_the_embedded_gateway()
    {
        await using var gateway = await GatewayHost.StartEmbeddedAsync();
        var userId = Guid.NewGuid();
        var token = gateway.Services.GetRequiredService<AccessTokenIssuer>().Issue(userId, Guid.NewGuid(), ["worker"]).Token;
        var received = Channel.CreateUnbounded<Pushed>();
        var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(gateway.Address, ChatHub.Path), o => o.AccessTokenProvider = () => Task.FromResult<string?>(token)).Build();
        hub.On<Pushed>(ChatHub.NotificationMethod, n => received.Writer.TryWrite(n));
        await using var _ = hub;
        await hub.StartAsync();
        var grains = gateway.Services.GetRequiredService<IGrainFactory>();
        Assert.True(await Jobs.JobsApi.Eventually(
            async () => await grains.GetGrain<IUserConnectionsGrain>(userId).ConnectionCount() == 1, TimeSpan.FromSeconds(10)));

        var note = new NewNotification(Guid.NewGuid(), NotificationKinds.Welcome, DateTimeOffset.UtcNow);
        Assert.True(await grains.GetGrain<INotificationInboxGrain>(userId).Deliver(note));

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        Assert.Equal(note.Id, (await received.Reader.ReadAsync(timeout.Token)).Id);
    }
}
