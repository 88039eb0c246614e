using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OneDay.Api.Security;
using OneDay.Grains.Communication;
using OneDay.Grains.Communication.Messages;
using OneDay.Grains.Interfaces.Communication;
using OneDay.Tests.Fixtures;

namespace OneDay.Tests.Communication;

/// <summary>Chat as deployed: messages in PostgreSQL, one row each, read back whole after every activation is gone.</summary>
[Collection(EventsCollection.Name)]
public sealed class ConversationStorageTests(EventsClusterFixture fixture)
{
    private HttpClient ClientFor(Guid userId)
    {
        var token = fixture.Gateway.Services.GetRequiredService<AccessTokenIssuer>().Issue(userId, Guid.NewGuid(), ["worker"]).Token;
        var client = new HttpClient { BaseAddress = fixture.Gateway.Address, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    [Fact]
    public async Task Messages_survive_deactivation_in_postgres_one_row_each_and_the_conversation_state_stays_small()
    {
        Guid a = Guid.NewGuid(), b = Guid.NewGuid(), job = Guid.NewGuid();
        var conversation = Conversations.ForApplication(job, b);
        await fixture.Cluster.Client.GetGrain<IConversationGrain>(conversation).Open(ConversationKind.Application, job, [a, b]);
        using HttpClient first = ClientFor(a), second = ClientFor(b);
        const int Count = 2 * ConversationTail.Capacity + 10;
        for (var i = 1; i <= Count; i++)
        {
            var response = await (i % 2 == 0 ? first : second).PostAsJsonAsync(
                $"/api/communication/conversations/{conversation}/messages", new { clientMessageId = $"m{i}", text = $"message {i}" });
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }

        Assert.Equal(Count, await Sql.ScalarAsync<long>(fixture.Database,
            "SELECT count(*) FROM oneday_chat_messages WHERE conversation_id = $1", conversation));
        // The conversation's own state holds its participants, not its messages: a send does not rewrite history.
        Assert.InRange(await Sql.ScalarAsync<int>(fixture.Database,
            "SELECT max(length(payload)) FROM oneday_grain_state WHERE state_name = 'conversation' AND strpos(grain_id, $1) > 0", conversation.ToString("N")), 1, 500);

        await fixture.Cluster.Client.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);

        var texts = new List<string>();
        long? before = null;
        do
        {
            var page = await first.GetFromJsonAsync<JsonElement>(
                $"/api/communication/conversations/{conversation}/messages?limit=100{(before is null ? "" : $"&before={before}")}");
            texts.InsertRange(0, page.GetProperty("items").EnumerateArray().Select(m => m.GetProperty("text").GetString()!));
            before = page.GetProperty("nextBefore").ValueKind == JsonValueKind.Null ? null : page.GetProperty("nextBefore").GetInt64();
        }
        while (before is not null);

        Assert.Equal(Enumerable.Range(1, Count).Select(i => $"message {i}"), texts);
        var listed = await second.GetFromJsonAsync<JsonElement>("/api/communication/conversations");
        var view = Assert.Single(listed.EnumerateArray(), c => c.GetProperty("id").GetGuid() == conversation);
        Assert.Equal(Count, view.GetProperty("lastMessage").GetProperty("sequence").GetInt64());
        // The second sent the one before last, so it has read up to there: the last is its only unread message.
        Assert.Equal(1, view.GetProperty("unreadCount").GetInt64());

        // A retry of a message older than the activation's tail is still stored once.
        var retried = await first.PostAsJsonAsync($"/api/communication/conversations/{conversation}/messages", new { clientMessageId = "m2", text = "message 2" });
        Assert.True(retried.IsSuccessStatusCode, $"retry answered {(int)retried.StatusCode}");
        Assert.Equal(2, (await retried.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("sequence").GetInt64());
        Assert.Equal(Count, await Sql.ScalarAsync<long>(fixture.Database,
            "SELECT count(*) FROM oneday_chat_messages WHERE conversation_id = $1", conversation));
    }

    [Fact]
    public async Task A_users_list_of_conversations_keeps_the_newest_and_stays_bounded_in_storage()
    {
        var list = fixture.Cluster.Client.GetGrain<IUserConversationsGrain>(Guid.NewGuid());
        var ids = Enumerable.Range(0, UserConversationsGrain.MaxListed + 20).Select(_ => Guid.NewGuid()).ToList();
        foreach (var id in ids)
        {
            await list.Add(id);
        }

        var newest = ids.AsEnumerable().Reverse().Take(UserConversationsGrain.MaxListed).ToList();
        Assert.Equal(newest, await list.List());
        await fixture.Cluster.Client.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        Assert.Equal(newest, await list.List());
    }
}
