using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using OneDay.Api.Hosting;
using OneDay.Silo.Hosting;

WebApplication app;
try
{
    app = GatewayApp.Create(args);
}
catch (OneDayConfigurationException ex)
{
    await Console.Error.WriteLineAsync($"OneDay.Api: {ex.Message}");
    return 2;
}

app.Lifetime.ApplicationStarted.Register(() =>
{
    var mode = app.Services.GetRequiredService<OneDayOptions>().Mode;
    var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
    foreach (var address in addresses)
    {
        var root = address.TrimEnd('/');
        Console.WriteLine($"""
            OneDay ({mode}) is listening on {root}
              API        {root}/api/...
              Docs       {root}/docs   (OpenAPI: {root}/openapi/v1.json)
              Dashboard  {root}/dashboard
              Health     {root}/health/live   {root}/health/ready
            """);
    }
});

await app.RunAsync();
return 0;
