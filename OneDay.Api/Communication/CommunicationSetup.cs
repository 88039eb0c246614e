using Microsoft.AspNetCore.SignalR;

namespace OneDay.Api.Communication;

public static class CommunicationSetup
{
    public static IServiceCollection AddOneDayCommunication(this IServiceCollection services)
    {
        services.AddSignalR(o =>
        {
            // The hub only pushes for now; a client never needs to send more than a chat message, itself small.
            o.MaximumReceiveMessageSize = 32 * 1024;
        });
        services.AddSingleton<IUserIdProvider, SubjectUserIdProvider>();
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
