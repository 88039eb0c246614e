using Microsoft.AspNetCore.SignalR;

namespace OneDay.Api.Communication;

public static class CommunicationSetup
{
    public static IServiceCollection AddOneDayCommunication(this IServiceCollection services)
    {
        services.AddSignalR(o =>
        {
            // A client sends nothing larger than a chat message (2,000 characters) and its ids.
            o.MaximumReceiveMessageSize = 32 * 1024;
        });
        services.AddSingleton<IUserIdProvider, SubjectUserIdProvider>();
        services.AddSingleton<ChatSendLimiter>();
        services.AddSingleton<GatewayPushObserver>();
        services.AddHostedService(sp => sp.GetRequiredService<GatewayPushObserver>());
        return services;
    }

    public static IEndpointRouteBuilder MapOneDayHubs(this IEndpointRouteBuilder app)
    {
        app.MapHub<ChatHub>(ChatHub.Path);
        return app;
    }
}
