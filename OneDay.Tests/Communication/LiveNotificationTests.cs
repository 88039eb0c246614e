using System.Net;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using OneDay.Api.Communication;
using OneDay.Api.Security;
using OneDay.Grains.Interfaces.Communication;
using OneDay.Tests.Fixtures;
using OneDay.Tests.Jobs;
using OneDay.Tests.Payments;
using Orleans.Core.Internal;

namespace OneDay.Tests.Communication;

/// <summary>
/// Notifications pushed over the SignalR hub as they are stored, across gateways: the employer listens on a second
/// gateway while the worker applies through the first.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class LiveNotificationTests(ClusterFixture fixture)
{
    private sealed record Pushed(Guid Id, string Kind, Guid? JobId, Guid? CounterpartId);

    private static async Task<(HubConnection Hub, ChannelReader<Pushed> Received)> ConnectAsync(
        GatewayHost gateway, string token, bool webSocketsOnly = false)
    {
        var received = Channel.CreateUnbounded<Pushed>();
        var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(gateway.Address, ChatHub.Path), o =>
            {
                o.AccessTokenProvider = () => Task.FromResult<string?>(token);
                if (webSocketsOnly)
                {
                    // Straight to the WebSocket: the token can only travel in the access_token query.
                    o.Transports = HttpTransportType.WebSockets;
                    o.SkipNegotiation = true;
                }
            })
            .Build();
        hub.On<Pushed>(ChatHub.NotificationMethod, n => received.Writer.TryWrite(n));
        await hub.StartAsync();
        return (hub, received.Reader);
    }

    private static async Task<Pushed> NextAsync(ChannelReader<Pushed> received)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        return await received.ReadAsync(timeout.Token);
    }

    /// <summary>The hub registers a connection just after the client's start returns, so a test waits for it.</summary>
    private async Task Registered(Guid userId, int connections) =>
        Assert.True(await JobsApi.Eventually(
            async () => await fixture.Cluster.Client.GetGrain<IUserConnectionsGrain>(userId).ConnectionCount() == connections,
            TimeSpan.FromSeconds(10)));

    private string TokenFor(ApiUser user, params string[] roles) =>
        fixture.Gateway.Services.GetRequiredService<AccessTokenIssuer>().Issue(user.Id, Guid.NewGuid(), roles).Token;

    [Fact]
    public async Task A_client_on_one_gateway_hears_what_was_done_through_another()
    {
        await using var second = await fixture.StartGatewayAsync();
        var employer = await PaymentsApi.FundedEmployer(fixture);
        var (hub, received) = await ConnectAsync(second, TokenFor(employer, "employer"), webSocketsOnly: true);
        await using var _ = hub;
        await Registered(employer.Id, 1);
        var worker = ApiUser.Create(fixture, "worker");

        var job = await employer.PostJob(JobsApi.JobBody(lat: 37.5665, lon: 126.9780, start: JobsTestHooks.Now.AddDays(3), hours: 4,
            pay: 200_000, payKind: "perShift", headcount: 1));
        await (await worker.Post($"/api/jobs/{job}/applications")).Json(HttpStatusCode.Created);

        var pushed = await NextAsync(received);
        Assert.Equal((NotificationKinds.ApplicationReceived, job, worker.Id), (pushed.Kind, pushed.JobId, pushed.CounterpartId));
        // What was pushed is what the inbox stored.
        var listed = await (await employer.Get("/api/communication/notifications")).Json(HttpStatusCode.OK);
        Assert.Equal(pushed.Id, listed.GetProperty("items")[0].GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task Every_connected_device_hears_it_and_a_closed_one_is_forgotten()
    {
        await using var second = await fixture.StartGatewayAsync();
        var registered = await fixture.Api.RegisterAsync("worker");
        var phone = await ConnectAsync(fixture.Gateway, registered.AccessToken);
        var laptop = await ConnectAsync(second, registered.AccessToken);
        await using (phone.Hub)
        await using (laptop.Hub)
        {
            // Registration's welcome may come before or after the connections, so the test delivers one of its own
            // through the inbox, the path every producer takes.
            await Registered(registered.Id, 2);
            var note = new NewNotification(Guid.NewGuid(), NotificationKinds.ShiftPaid, DateTimeOffset.UtcNow, Guid.NewGuid(), Guid.NewGuid(), 1_000);
            Assert.True(await fixture.Cluster.Client.GetGrain<INotificationInboxGrain>(registered.Id).Deliver(note));

            Assert.Equal(note.Id, (await NextUntil(phone.Received, note.Id)).Id);
            Assert.Equal(note.Id, (await NextUntil(laptop.Received, note.Id)).Id);

            await laptop.Hub.StopAsync();
            await Registered(registered.Id, 1);
        }
    }

    [Fact]
    public async Task The_hub_refuses_a_missing_or_forged_token_and_too_many_connections()
    {
        var noToken = new HubConnectionBuilder().WithUrl(new Uri(fixture.Gateway.Address, ChatHub.Path)).Build();
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => noToken.StartAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);

        var forged = new HubConnectionBuilder().WithUrl(new Uri(fixture.Gateway.Address, ChatHub.Path), o =>
        {
            o.AccessTokenProvider = () => Task.FromResult<string?>("not.a.token");
            o.Transports = HttpTransportType.WebSockets;
            o.SkipNegotiation = true;
        }).Build();
        await Assert.ThrowsAnyAsync<Exception>(() => forged.StartAsync());

        var user = ApiUser.Create(fixture, "worker");
        var token = TokenFor(user, "worker");
        var open = new List<HubConnection>();
        try
        {
            for (var i = 0; i < UserConnections.MaxPerUser; i++)
            {
                open.Add((await ConnectAsync(fixture.Gateway, token)).Hub);
            }

            await Registered(user.Id, UserConnections.MaxPerUser);

            var closed = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
            var extra = new HubConnectionBuilder().WithUrl(new Uri(fixture.Gateway.Address, ChatHub.Path),
                o => o.AccessTokenProvider = () => Task.FromResult<string?>(token)).Build();
            extra.Closed += e =>
            {
                closed.TrySetResult(e);
                return Task.CompletedTask;
            };
            try
            {
                await extra.StartAsync();
                await closed.Task.WaitAsync(TimeSpan.FromSeconds(10));
            }
            catch (Exception ex) when (ex is not TimeoutException)
            {
                // Refused during the start itself: as good as closed.
            }

            Assert.Equal(HubConnectionState.Disconnected, extra.State);
            Assert.Equal(UserConnections.MaxPerUser, await fixture.Cluster.Client.GetGrain<IUserConnectionsGrain>(user.Id).ConnectionCount());
        }
        finally
        {
            foreach (var hub in open)
            {
                await hub.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task A_presence_collected_while_its_user_is_connected_keeps_their_last_seen()
    {
        var user = ApiUser.Create(fixture, "worker");
        var (hub, _) = await ConnectAsync(fixture.Gateway, TokenFor(user, "worker"));
        await using var _ = hub;
        await Registered(user.Id, 1);
        var presence = fixture.Cluster.Client.GetGrain<IUserConnectionsGrain>(user.Id);
        Assert.Equal(new PresenceView(true, null), await presence.Presence());

        // Presence is collected with the other entities; its connections go with it until the gateway renews them.
        await presence.Cast<IGrainManagementExtension>().DeactivateOnIdle();

        var after = new PresenceView(true, null);
        Assert.True(await JobsApi.Eventually(async () => !(after = await presence.Presence()).Online, TimeSpan.FromSeconds(10)));
        Assert.NotNull(after.LastSeen);
    }

    private static async Task<Pushed> NextUntil(ChannelReader<Pushed> received, Guid id)
    {
        while (true)
        {
            var next = await NextAsync(received);
            if (next.Id == id)
            {
                return next;
            }
        }
    }
}
