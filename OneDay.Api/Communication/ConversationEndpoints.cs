using System.Globalization;
using System.Security.Claims;
using Microsoft.OpenApi;
using OneDay.Api.Errors;
using OneDay.Api.OpenApi;
using OneDay.Api.Security;
using OneDay.Grains.Interfaces;
using OneDay.Grains.Interfaces.Communication;

namespace OneDay.Api.Communication;

/// <summary>/api/communication/conversations: my conversations and their history. Only participants read or send.</summary>
public static class ConversationEndpoints
{
    private const int DefaultLimit = 50;
    private const int MaxLimit = 100;

    public static RouteGroupBuilder MapConversationsApi(this RouteGroupBuilder communication)
    {
        var blocks = communication.MapGroup("/blocks");
        blocks.MapGet("/", async (ClaimsPrincipal user, IGrainFactory grains) =>
                Results.Ok(new BlockedUsersResponse([.. await grains.Reference<IUserBlocksGrain>(user.UserId()).Blocked()])))
            .WithName("listMyBlocks").WithSummary("List the users I blocked")
            .Produces<BlockedUsersResponse>();
        blocks.MapPut("/{userId:guid}", (Guid userId, ClaimsPrincipal user, IGrainFactory grains) => SetBlockedAsync(userId, true, user, grains))
            .WithName("blockUser").WithSummary("Block a user")
            .WithDescription("Neither of us can send in a conversation of just us two, and in a crew conversation I no longer see their messages.")
            .Produces(StatusCodes.Status204NoContent).ProducesValidationProblem();
        blocks.MapDelete("/{userId:guid}", (Guid userId, ClaimsPrincipal user, IGrainFactory grains) => SetBlockedAsync(userId, false, user, grains))
            .WithName("unblockUser").WithSummary("Unblock a user")
            .Produces(StatusCodes.Status204NoContent).ProducesValidationProblem();

        var conversations = communication.MapGroup("/conversations");
        conversations.MapGet("/", ListAsync)
            .WithName("listMyConversations").WithSummary("List my conversations, newest first")
            .WithDescription("One per application I made or received, and one per job for its employer and accepted workers.")
            .Produces<ConversationResponse[]>();
        conversations.MapGet("/{conversationId:guid}", GetAsync)
            .WithName("getConversation").WithSummary("Read one of my conversations")
            .Produces<ConversationResponse>().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        conversations.MapGet("/{conversationId:guid}/participants", ParticipantsAsync)
            .WithName("listConversationParticipants").WithSummary("Who is in a conversation: read receipts and presence")
            .WithDescription("Each participant, the last message they read, and whether they are connected now or when they last were.")
            .Produces<ParticipantResponse[]>().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        conversations.MapGet("/{conversationId:guid}/messages", HistoryAsync)
            .WithName("listConversationMessages").WithSummary("Read a conversation's messages by cursor")
            .WithDescription("The newest page first (oldest first within it); page back with before=nextBefore. After a reconnect, " +
                "read from the newest until a page holds a message already seen.")
            .WithParameters(
                DocumentedParameter.Query("before", JsonSchemaType.Integer, "The nextBefore of the previous page.", "int64"),
                DocumentedParameter.Query("limit", JsonSchemaType.Integer, $"Page size, 1 to {MaxLimit} (default {DefaultLimit}).", "int32"))
            .Produces<MessagesPageResponse>().ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        conversations.MapPost("/{conversationId:guid}/messages", SendAsync)
            .WithName("sendMessage").WithSummary("Send a message")
            .WithDescription("Stored before it is answered, then pushed to every connected device of every participant (hub method " +
                "\"message\"). A retry with the same clientMessageId answers the message stored the first time. Each user may send " +
                "OneDay:Security:RateLimits:ChatMessagesPerUserPerMinute messages a minute (60 by default), here and on the hub together.")
            .Produces<MessageResponse>(StatusCodes.Status201Created).ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        conversations.MapPost("/{conversationId:guid}/read", MarkReadAsync)
            .WithName("markConversationRead").WithSummary("Mark a conversation read up to a message")
            .Produces(StatusCodes.Status204NoContent).ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        return communication;
    }

    private static async Task<IResult> SetBlockedAsync(Guid userId, bool blocked, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (userId == user.UserId())
        {
            return Problems.Validation([new FieldError("userId", "You cannot block yourself.")]);
        }

        await grains.Reference<IUserBlocksGrain>(user.UserId()).SetBlocked(userId, blocked);
        return Results.NoContent();
    }

    private static IConversationGrain Conversation(IGrainFactory grains, Guid id) => grains.Reference<IConversationGrain>(id);

    private static async Task<IResult> ListAsync(ClaimsPrincipal user, IGrainFactory grains)
    {
        var me = user.UserId();
        var ids = await grains.Reference<IUserConversationsGrain>(me).List();
        var views = await Task.WhenAll(ids.Select(id => Conversation(grains, id).View(me)));
        // A conversation left since the list was read answers no view and is skipped.
        return Results.Ok(views.Where(v => v.Outcome == ChatOutcome.Ok).Select(v => ConversationResponse.From(v.View!)).ToArray());
    }

    private static async Task<IResult> GetAsync(Guid conversationId, ClaimsPrincipal user, IGrainFactory grains)
    {
        var result = await Conversation(grains, conversationId).View(user.UserId());
        return result.Outcome == ChatOutcome.Ok ? Results.Ok(ConversationResponse.From(result.View!)) : ProblemFor(result.Outcome);
    }

    private static async Task<IResult> ParticipantsAsync(Guid conversationId, ClaimsPrincipal user, IGrainFactory grains)
    {
        var result = await Conversation(grains, conversationId).View(user.UserId());
        if (result.Outcome != ChatOutcome.Ok)
        {
            return ProblemFor(result.Outcome);
        }

        var participants = result.View!.Participants;
        var presence = await Task.WhenAll(participants.Select(p => grains.Reference<IUserConnectionsGrain>(p.UserId).Presence()));
        return Results.Ok(participants.Zip(presence, (p, seen) => new ParticipantResponse(p.UserId, p.ReadUpTo, seen.Online, seen.LastSeen)).ToArray());
    }

    private static async Task<IResult> HistoryAsync(Guid conversationId, string? before, string? limit, ClaimsPrincipal user, IGrainFactory grains)
    {
        var errors = new List<FieldError>();
        var size = DefaultLimit;
        if (limit is not null && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out size) || size is < 1 or > MaxLimit))
        {
            errors.Add(new FieldError("limit", $"A whole number from 1 to {MaxLimit}."));
        }

        long? from = null;
        if (before is not null)
        {
            from = long.TryParse(before, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && parsed > 1 ? parsed : null;
            if (from is null)
            {
                errors.Add(new FieldError("before", "The nextBefore of the previous page."));
            }
        }

        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        var result = await Conversation(grains, conversationId).History(user.UserId(), from, size);
        return result.Outcome == ChatOutcome.Ok ? Results.Ok(MessagesPageResponse.From(result.Page!)) : ProblemFor(result.Outcome);
    }

    private static async Task<IResult> SendAsync(
        Guid conversationId, SendMessageRequest request, ClaimsPrincipal user, IGrainFactory grains, ChatSendLimiter limiter, HttpContext http)
    {
        if (!limiter.TryAcquire(user.UserId(), out var retryAfter))
        {
            return Problems.TooManyRequests(http, retryAfter, ProblemTypes.TooManyRequests, "You are sending messages too fast; wait a moment.");
        }

        var result = await Conversation(grains, conversationId).Send(user.UserId(), request.ClientMessageId ?? "", request.Text ?? "");
        return result.Outcome switch
        {
            ChatOutcome.Ok => Results.Created($"/api/communication/conversations/{conversationId}/messages", MessageResponse.From(result.Message!)),
            ChatOutcome.Invalid => Problems.Validation(result.Errors),
            var outcome => ProblemFor(outcome),
        };
    }

    private static async Task<IResult> MarkReadAsync(Guid conversationId, MarkReadRequest request, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (request.UpTo is not { } upTo || upTo < 1)
        {
            return Problems.Validation([new FieldError("upTo", "The sequence of the last message read, from 1.")]);
        }

        var outcome = await Conversation(grains, conversationId).MarkRead(user.UserId(), upTo);
        return outcome == ChatOutcome.Ok ? Results.NoContent() : ProblemFor(outcome);
    }

    internal static IResult ProblemFor(ChatOutcome outcome) => outcome switch
    {
        ChatOutcome.Blocked => Problems.Of(StatusCodes.Status403Forbidden, ProblemTypes.Forbidden,
            "No one can send here: one of you blocked the other."),
        ChatOutcome.NotParticipant => Problems.Of(StatusCodes.Status403Forbidden, ProblemTypes.Forbidden,
            "Only the conversation's participants may read or send here."),
        _ => Problems.NotFound("The conversation"),
    };
}
