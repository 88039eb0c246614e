using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using OneDay.Api.Communication;
using OneDay.Api.Security;
using OneDay.Grains.Interfaces.Communication;
using OneDay.Tests.Fixtures;
using OneDay.Tests.Jobs;
using OneDay.Tests.Payments;

namespace OneDay.Tests.Communication;

/// <summary>
/// Chat over HTTP and the SignalR hub against real grains: conversations opened by the application saga, messages
/// stored before they are answered, delivered across gateways, read back by cursor, and kept to their participants.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ChatTests(ClusterFixture fixture)
{
    private sealed record Received(Guid ConversationId, long Sequence, Guid SenderId, string ClientMessageId, string Text);

    private static Dictionary<string, object?> Shift(int headcount = 1) =>
        JobsApi.JobBody(lat: 37.5665, lon: 126.9780, start: JobsTestHooks.Now.AddDays(3), hours: 4, pay: 200_000, payKind: "perShift", headcount: headcount);

    private static async Task<JsonElement> Conversation(ApiUser user, Guid id)
    {
        JsonElement found = default;
        Assert.True(await JobsApi.Eventually(async () =>
        {
            var response = await user.Get($"/api/communication/conversations/{id}");
            if (response.StatusCode != HttpStatusCode.OK)
            {
                return false;
            }

            found = await response.Json(HttpStatusCode.OK);
            return true;
        }, TimeSpan.FromSeconds(15)), $"Conversation {id} never opened for {user.Id}.");
        return found;
    }

    private static Task<HttpResponseMessage> Send(ApiUser user, Guid conversation, string clientMessageId, string text) =>
        user.Post($"/api/communication/conversations/{conversation}/messages", new { clientMessageId, text });

    private async Task<(Guid Job, Guid Conversation, ApiUser Employer, ApiUser Worker)> AppliedAsync()
    {
        var employer = await PaymentsApi.FundedEmployer(fixture);
        var worker = ApiUser.Create(fixture, "worker");
        var job = await employer.PostJob(Shift());
        await (await worker.Post($"/api/jobs/{job}/applications")).Json(HttpStatusCode.Created);
        var conversation = Conversations.ForApplication(job, worker.Id);
        await Conversation(employer, conversation);
        await Conversation(worker, conversation);
        return (job, conversation, employer, worker);
    }

    private async Task<(HubConnection Hub, ChannelReader<Received> Messages)> ConnectAsync(GatewayHost gateway, ApiUser user, string role)
    {
        var token = fixture.Gateway.Services.GetRequiredService<AccessTokenIssuer>().Issue(user.Id, Guid.NewGuid(), [role]).Token;
        var received = Channel.CreateUnbounded<Received>();
        var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(gateway.Address, ChatHub.Path), o => o.AccessTokenProvider = () => Task.FromResult<string?>(token))
            .Build();
        hub.On<Received>(ChatHub.MessageMethod, m => received.Writer.TryWrite(m));
        await hub.StartAsync();
        Assert.True(await JobsApi.Eventually(
            async () => await fixture.Cluster.Client.GetGrain<IUserConnectionsGrain>(user.Id).ConnectionCount() > 0, TimeSpan.FromSeconds(10)));
        return (hub, received.Reader);
    }

    private static async Task<Received> NextAsync(ChannelReader<Received> messages)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        return await messages.ReadAsync(timeout.Token);
    }

    [Fact]
    public async Task The_employers_first_reply_to_an_applicant_is_told_once_with_how_long_they_waited()
    {
        var (job, conversation, employer, worker) = await AppliedAsync();

        // The employer writing first is no reply; the first answer after the applicant's first message is.
        await (await Send(employer, conversation, "hello", "Thanks for applying.")).Json(HttpStatusCode.Created);
        var asked = await (await Send(worker, conversation, "ask", "Is there parking?")).Json(HttpStatusCode.Created);
        var answered = await (await Send(employer, conversation, "answer", "Yes, behind the shop.")).Json(HttpStatusCode.Created);
        await (await Send(worker, conversation, "thanks", "Thanks!")).Json(HttpStatusCode.Created);
        await (await Send(employer, conversation, "bye", "See you.")).Json(HttpStatusCode.Created);

        var admin = ApiUser.Create(fixture, "admin");
        var told = await Retry.UntilAsync(
            async () => await (await admin.Get($"/api/analytics/events?type=communication.employer-replied&aggregateId={conversation}"))
                .Json(HttpStatusCode.OK),
            page => page.GetProperty("items").GetArrayLength() > 0,
            TimeSpan.FromSeconds(15));
        var replied = Assert.Single(told.GetProperty("items").EnumerateArray()).GetProperty("payload");
        Assert.Equal((job, employer.Id, worker.Id), (replied.GetProperty("jobId").GetGuid(), replied.GetProperty("employerId").GetGuid(),
            replied.GetProperty("workerId").GetGuid()));
        Assert.Equal(asked.GetProperty("sentAt").GetDateTimeOffset(), replied.GetProperty("askedAt").GetDateTimeOffset());
        Assert.Equal(answered.GetProperty("sentAt").GetDateTimeOffset(), replied.GetProperty("repliedAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task Employer_and_worker_chat_both_ways_across_gateways_and_read_it_back_in_order()
    {
        var (job, conversation, employer, worker) = await AppliedAsync();
        await using var second = await fixture.StartGatewayAsync();
        var workerSide = await ConnectAsync(second, worker, "worker");
        var employerSide = await ConnectAsync(fixture.Gateway, employer, "employer");
        await using var _ = workerSide.Hub;
        await using var __ = employerSide.Hub;

        var sent = await (await Send(employer, conversation, "e-1", "Can you start at 9?")).Json(HttpStatusCode.Created);
        Assert.Equal(1, sent.GetProperty("sequence").GetInt64());
        var heard = await NextAsync(workerSide.Messages);
        Assert.Equal(("Can you start at 9?", employer.Id, 1L), (heard.Text, heard.SenderId, heard.Sequence));

        var reply = await workerSide.Hub.InvokeAsync<Received>("SendMessage", conversation, "w-1", "<script>alert('hi')</script> Yes!");
        Assert.Equal(2, reply.Sequence);
        var echoed = await NextAsync(employerSide.Messages);
        while (echoed.Sequence < 2)
        {
            echoed = await NextAsync(employerSide.Messages);
        }

        Assert.Equal("<script>alert('hi')</script> Yes!", echoed.Text);

        var history = await (await employer.Get($"/api/communication/conversations/{conversation}/messages")).Json(HttpStatusCode.OK);
        Assert.Equal(["Can you start at 9?", "<script>alert('hi')</script> Yes!"],
            history.GetProperty("items").EnumerateArray().Select(m => m.GetProperty("text").GetString()));
        var mine = await Conversation(employer, conversation);
        Assert.Equal((1L, "application", job), (mine.GetProperty("unreadCount").GetInt64(), mine.GetProperty("kind").GetString(), mine.GetProperty("jobId").GetGuid()));
        Assert.Equal(HttpStatusCode.NoContent, (await employer.Post($"/api/communication/conversations/{conversation}/read", new { upTo = 2 })).StatusCode);
        Assert.Equal(0, (await Conversation(employer, conversation)).GetProperty("unreadCount").GetInt64());
        var listed = await (await worker.Get("/api/communication/conversations")).Json(HttpStatusCode.OK);
        Assert.Contains(listed.EnumerateArray(), c => c.GetProperty("id").GetGuid() == conversation);
    }

    [Fact]
    public async Task A_retried_send_is_stored_once_and_a_long_history_pages_back_without_gaps()
    {
        var (_, conversation, employer, worker) = await AppliedAsync();
        var first = await (await Send(worker, conversation, "same", "Hello")).Json(HttpStatusCode.Created);
        var retry = await (await Send(worker, conversation, "same", "Hello")).Json(HttpStatusCode.Created);
        Assert.Equal(first.GetProperty("sequence").GetInt64(), retry.GetProperty("sequence").GetInt64());

        for (var i = 2; i <= 230; i++)
        {
            await (await Send(i % 2 == 0 ? employer : worker, conversation, $"m-{i}", $"message {i}")).Json(HttpStatusCode.Created);
        }

        var sequences = new List<long>();
        string? before = null;
        do
        {
            var page = await (await worker.Get($"/api/communication/conversations/{conversation}/messages?limit=100{(before is null ? "" : "&before=" + before)}"))
                .Json(HttpStatusCode.OK);
            sequences.InsertRange(0, page.GetProperty("items").EnumerateArray().Select(m => m.GetProperty("sequence").GetInt64()));
            before = page.GetProperty("nextBefore").ValueKind == JsonValueKind.Null ? null : page.GetProperty("nextBefore").GetInt64().ToString();
        }
        while (before is not null);

        Assert.Equal(Enumerable.Range(1, 230).Select(i => (long)i), sequences);
    }

    [Fact]
    public async Task Only_participants_read_or_send_and_bad_messages_are_refused_with_nothing_stored()
    {
        var (_, conversation, employer, _) = await AppliedAsync();
        var stranger = ApiUser.Create(fixture, "worker");

        await (await stranger.Get($"/api/communication/conversations/{conversation}/messages")).Problem(HttpStatusCode.Forbidden, "forbidden");
        await (await Send(stranger, conversation, "x", "let me in")).Problem(HttpStatusCode.Forbidden, "forbidden");
        await (await stranger.Get($"/api/communication/conversations/{conversation}")).Problem(HttpStatusCode.Forbidden, "forbidden");
        await (await Send(employer, Guid.NewGuid(), "x", "anyone?")).Problem(HttpStatusCode.NotFound, "not-found");

        await (await Send(employer, conversation, "a", "")).Problem(HttpStatusCode.BadRequest, "validation");
        await (await Send(employer, conversation, "b", new string('x', Conversations.MaxMessageLength + 1))).Problem(HttpStatusCode.BadRequest, "validation");
        await (await employer.Post($"/api/communication/conversations/{conversation}/messages", new { text = "no id" })).Problem(HttpStatusCode.BadRequest, "validation");
        await (await employer.Post($"/api/communication/conversations/{conversation}/messages", new { text = 42 })).Problem(HttpStatusCode.BadRequest, "malformed-json");
        await (await employer.Get($"/api/communication/conversations/{conversation}/messages?limit=0")).Problem(HttpStatusCode.BadRequest, "validation");
        await (await employer.Post($"/api/communication/conversations/{conversation}/read", new { upTo = 0 })).Problem(HttpStatusCode.BadRequest, "validation");

        var history = await (await employer.Get($"/api/communication/conversations/{conversation}/messages")).Json(HttpStatusCode.OK);
        Assert.Empty(history.GetProperty("items").EnumerateArray());

        var strangerHub = await ConnectAsync(fixture.Gateway, stranger, "worker");
        await using var _ = strangerHub.Hub;
        var refused = await Assert.ThrowsAsync<HubException>(() => strangerHub.Hub.InvokeAsync<Received>("SendMessage", conversation, "h", "hi"));
        Assert.Contains("participants", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_crew_conversation_holds_the_accepted_workers_and_lets_a_rejected_one_go()
    {
        var employer = await PaymentsApi.FundedEmployer(fixture);
        ApiUser kept = ApiUser.Create(fixture, "worker"), dropped = ApiUser.Create(fixture, "worker");
        var job = await employer.PostJob(Shift(headcount: 2));
        foreach (var worker in new[] { kept, dropped })
        {
            await (await worker.Post($"/api/jobs/{job}/applications")).Json(HttpStatusCode.Created);
            await (await employer.Post($"/api/jobs/{job}/applications/{worker.Id}/accept")).Json(HttpStatusCode.OK);
        }

        var crew = Conversations.ForJob(job);
        Assert.True(await JobsApi.Eventually(async () =>
            (await Conversation(employer, crew)).GetProperty("participants").GetArrayLength() == 3, TimeSpan.FromSeconds(15)));
        Assert.Equal("job", (await Conversation(kept, crew)).GetProperty("kind").GetString());

        await (await employer.Post($"/api/jobs/{job}/applications/{dropped.Id}/reject")).Json(HttpStatusCode.OK);

        Assert.True(await JobsApi.Eventually(async () =>
            (await dropped.Get($"/api/communication/conversations/{crew}")).StatusCode == HttpStatusCode.Forbidden, TimeSpan.FromSeconds(15)));
        await (await Send(kept, crew, "k", "See you there")).Json(HttpStatusCode.Created);
        var listed = await (await dropped.Get("/api/communication/conversations")).Json(HttpStatusCode.OK);
        Assert.DoesNotContain(listed.EnumerateArray(), c => c.GetProperty("id").GetGuid() == crew);
    }

    [Fact]
    public async Task A_user_sending_too_fast_is_told_to_wait_over_rest_and_the_hub_and_nothing_more_is_stored()
    {
        var (_, conversation, employer, _) = await AppliedAsync();
        await using var strict = await fixture.StartGatewayAsync(new Dictionary<string, string?>
        {
            ["OneDay:Security:RateLimits:ChatMessagesPerUserPerMinute"] = "3",
        });
        var token = fixture.Gateway.Services.GetRequiredService<AccessTokenIssuer>().Issue(employer.Id, Guid.NewGuid(), ["employer"]).Token;
        using var client = new HttpClient { BaseAddress = strict.Address };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        for (var i = 1; i <= 3; i++)
        {
            Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync(
                $"/api/communication/conversations/{conversation}/messages", new { clientMessageId = $"r{i}", text = "hi" })).StatusCode);
        }

        var refused = await client.PostAsJsonAsync($"/api/communication/conversations/{conversation}/messages", new { clientMessageId = "r4", text = "hi" });
        await refused.Problem(HttpStatusCode.TooManyRequests, "too-many-requests");
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero);

        var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(strict.Address, ChatHub.Path), o => o.AccessTokenProvider = () => Task.FromResult<string?>(token)).Build();
        await using (hub)
        {
            await hub.StartAsync();
            var tooFast = await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync<Received>("SendMessage", conversation, "r5", "hi"));
            Assert.Contains("too fast", tooFast.Message, StringComparison.Ordinal);
        }

        var history = await (await employer.Get($"/api/communication/conversations/{conversation}/messages")).Json(HttpStatusCode.OK);
        Assert.Equal(3, history.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task The_others_see_me_typing_and_reading_live_and_nothing_of_it_is_a_message()
    {
        var (_, conversation, employer, worker) = await AppliedAsync();
        await (await Send(employer, conversation, "e", "Ready?")).Json(HttpStatusCode.Created);
        var token = fixture.Gateway.Services.GetRequiredService<AccessTokenIssuer>().Issue(employer.Id, Guid.NewGuid(), ["employer"]).Token;
        var signals = Channel.CreateUnbounded<(string Kind, JsonElement Body)>();
        var employerHub = new HubConnectionBuilder()
            .WithUrl(new Uri(fixture.Gateway.Address, ChatHub.Path), o => o.AccessTokenProvider = () => Task.FromResult<string?>(token)).Build();
        employerHub.On<JsonElement>(ChatHub.TypingMethod, b => signals.Writer.TryWrite(("typing", b)));
        employerHub.On<JsonElement>(ChatHub.ReadMethod, b => signals.Writer.TryWrite(("read", b)));
        await using var _ = employerHub;
        await employerHub.StartAsync();
        var workerSide = await ConnectAsync(fixture.Gateway, worker, "worker");
        await using var __ = workerSide.Hub;
        Assert.True(await JobsApi.Eventually(
            async () => await fixture.Cluster.Client.GetGrain<IUserConnectionsGrain>(employer.Id).ConnectionCount() > 0, TimeSpan.FromSeconds(10)));

        await workerSide.Hub.InvokeAsync("Typing", conversation);
        await workerSide.Hub.InvokeAsync("MarkRead", conversation, 1L);

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        // Two pushes, whose order on the wire is not promised.
        var both = new[] { await signals.Reader.ReadAsync(timeout.Token), await signals.Reader.ReadAsync(timeout.Token) };
        var typing = Assert.Single(both, s => s.Kind == "typing");
        var read = Assert.Single(both, s => s.Kind == "read");
        Assert.Equal(("typing", worker.Id), (typing.Kind, typing.Body.GetProperty("userId").GetGuid()));
        Assert.Equal(("read", 1L), (read.Kind, read.Body.GetProperty("readUpTo").GetInt64()));
        Assert.Equal(0, (await Conversation(worker, conversation)).GetProperty("unreadCount").GetInt64());
        var history = await (await employer.Get($"/api/communication/conversations/{conversation}/messages")).Json(HttpStatusCode.OK);
        Assert.Equal(1, history.GetProperty("items").GetArrayLength());
        await Assert.ThrowsAsync<HubException>(() => workerSide.Hub.InvokeAsync("MarkRead", conversation, 0L));
    }

    [Fact]
    public async Task Participants_show_read_receipts_and_presence_online_then_last_seen()
    {
        var (_, conversation, employer, worker) = await AppliedAsync();
        await (await Send(employer, conversation, "e", "Hello")).Json(HttpStatusCode.Created);
        var workerSide = await ConnectAsync(fixture.Gateway, worker, "worker");

        async Task<JsonElement> Participant(Guid userId) =>
            (await (await employer.Get($"/api/communication/conversations/{conversation}/participants")).Json(HttpStatusCode.OK))
                .EnumerateArray().Single(p => p.GetProperty("userId").GetGuid() == userId);

        var online = await Participant(worker.Id);
        Assert.True(online.GetProperty("online").GetBoolean());
        Assert.Equal(0, online.GetProperty("readUpTo").GetInt64());
        var never = await Participant(employer.Id);
        Assert.Equal((false, JsonValueKind.Null, 1L),
            (never.GetProperty("online").GetBoolean(), never.GetProperty("lastSeen").ValueKind, never.GetProperty("readUpTo").GetInt64()));

        await workerSide.Hub.InvokeAsync("MarkRead", conversation, 1L);
        await workerSide.Hub.DisposeAsync();
        Assert.True(await JobsApi.Eventually(async () => !(await Participant(worker.Id)).GetProperty("online").GetBoolean(), TimeSpan.FromSeconds(10)));
        var away = await Participant(worker.Id);
        Assert.Equal(1, away.GetProperty("readUpTo").GetInt64());
        Assert.NotEqual(JsonValueKind.Null, away.GetProperty("lastSeen").ValueKind);
        await (await ApiUser.Create(fixture, "worker").Get($"/api/communication/conversations/{conversation}/participants"))
            .Problem(HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task A_block_cuts_a_two_person_conversation_both_ways_and_hides_a_crew_member()
    {
        var (_, conversation, employer, worker) = await AppliedAsync();
        await (await Send(worker, conversation, "before", "Hi")).Json(HttpStatusCode.Created);

        Assert.Equal(HttpStatusCode.NoContent, (await worker.Put($"/api/communication/blocks/{employer.Id}", new { })).StatusCode);
        await (await Send(employer, conversation, "e", "Why?")).Problem(HttpStatusCode.Forbidden, "forbidden");
        await (await Send(worker, conversation, "w", "Bye")).Problem(HttpStatusCode.Forbidden, "forbidden");
        Assert.Equal([employer.Id], (await (await worker.Get("/api/communication/blocks")).Json(HttpStatusCode.OK))
            .GetProperty("userIds").EnumerateArray().Select(b => b.GetGuid()));
        await (await worker.Put($"/api/communication/blocks/{worker.Id}", new { })).Problem(HttpStatusCode.BadRequest, "validation");

        Assert.Equal(HttpStatusCode.NoContent, (await worker.Delete($"/api/communication/blocks/{employer.Id}")).StatusCode);
        await (await Send(employer, conversation, "e2", "Welcome back")).Json(HttpStatusCode.Created);

        // A crew: one worker blocks another, already blocked before the second joined.
        var crewEmployer = await PaymentsApi.FundedEmployer(fixture);
        ApiUser quiet = ApiUser.Create(fixture, "worker"), loud = ApiUser.Create(fixture, "worker");
        Assert.Equal(HttpStatusCode.NoContent, (await quiet.Put($"/api/communication/blocks/{loud.Id}", new { })).StatusCode);
        var job = await crewEmployer.PostJob(Shift(headcount: 2));
        foreach (var w in new[] { quiet, loud })
        {
            await (await w.Post($"/api/jobs/{job}/applications")).Json(HttpStatusCode.Created);
            await (await crewEmployer.Post($"/api/jobs/{job}/applications/{w.Id}/accept")).Json(HttpStatusCode.OK);
        }

        var crew = Conversations.ForJob(job);
        Assert.True(await JobsApi.Eventually(async () =>
            (await Conversation(crewEmployer, crew)).GetProperty("participants").GetArrayLength() == 3, TimeSpan.FromSeconds(15)));
        await (await Send(loud, crew, "l", "LOUD")).Json(HttpStatusCode.Created);
        await (await Send(crewEmployer, crew, "c", "Calm down")).Json(HttpStatusCode.Created);

        static async Task<string[]> Texts(ApiUser reader, Guid id) =>
            [.. (await (await reader.Get($"/api/communication/conversations/{id}/messages")).Json(HttpStatusCode.OK))
                .GetProperty("items").EnumerateArray().Select(m => m.GetProperty("text").GetString()!)];
        Assert.Equal(["Calm down"], await Texts(quiet, crew));
        Assert.Equal(["LOUD", "Calm down"], await Texts(crewEmployer, crew));
    }
}
