using Microsoft.AspNetCore.SignalR;
using OneDay.Api.Security;

namespace OneDay.Api.Communication;

/// <summary>SignalR's user of a connection is the token's subject, the user id every grain is keyed by.</summary>
public sealed class SubjectUserIdProvider : IUserIdProvider
{
    public string? GetUserId(HubConnectionContext connection) =>
        connection.User.FindFirst(ClaimsPrincipalExtensions.SubjectClaim)?.Value;
}
