using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace OneDay.Silo.Hosting;

/// <summary>
/// Ends the process when a stop outlasts its timeout. With PostgreSQL gone, Orleans' goodbye to the membership table and
/// the grains' last writes retry past the host's ShutdownTimeout, and the silo was seen still running 40 s after
/// SIGTERM; an orchestrator waiting for it could not replace it. Nothing acknowledged depends on a clean stop: every
/// answer waited for its write.
/// </summary>
public sealed partial class ShutdownWatchdog(IHostApplicationLifetime lifetime, IOptions<HostOptions> host, ILogger<ShutdownWatchdog> logger)
    : IHostedService
{
    /// <summary>What the process gets after the host's own timeout to finish stopping on its own.</summary>
    public static readonly TimeSpan Margin = TimeSpan.FromSeconds(5);

    /// <summary>The exit code of a stop that had to be cut short.</summary>
    public const int ForcedExitCode = 3;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStopping.Register(() =>
        {
            var deadline = host.Value.ShutdownTimeout + Margin;
            // A thread of its own, not a timer on the thread pool, which may be what is stuck.
            var watchdog = new Thread(() =>
            {
                using var never = new ManualResetEventSlim();
                never.Wait(deadline);
                LogForcedExit(logger, deadline.TotalSeconds);
                Environment.Exit(ForcedExitCode);
            })
            { IsBackground = true, Name = "shutdown watchdog" };
            watchdog.Start();
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Critical, Message = "The silo had not stopped {Seconds} s after it was asked to; exiting now")]
    private static partial void LogForcedExit(ILogger logger, double seconds);
}
