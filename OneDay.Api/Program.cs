using OneDay.Api.Hosting;

return await GatewayProgram.RunAsync("OneDay.Api", args);
