using OneDay.Api.Hosting;
using OneDay.Silo.Hosting;

namespace OneDay.Embedded;

public static class Program
{
    public static Task<int> Main(string[] args) => GatewayProgram.RunAsync("OneDay.Embedded", args, EmbeddedSilo.CoHost);
}
