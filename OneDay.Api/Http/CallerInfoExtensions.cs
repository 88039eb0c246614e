using OneDay.Grains.Interfaces.Users;

namespace OneDay.Api.Http;

public static class CallerInfoExtensions
{
    /// <summary>Who is calling, for the audit log and session list; the user agent is clipped, it is client-controlled.</summary>
    public static CallerInfo Caller(this HttpContext context)
    {
        var agent = context.Request.Headers.UserAgent.ToString();
        return new CallerInfo(
            context.Connection.RemoteIpAddress?.ToString(),
            agent.Length == 0 ? null : agent[..Math.Min(agent.Length, 200)],
            CorrelationIdMiddleware.Get(context));
    }
}
