using System.Diagnostics;

namespace OneDay.Testing.Load;

/// <summary>
/// Sends requests at a constant arrival rate, whatever the system's answers do (an open model: a slow system gets
/// the same requests, which wait, rather than fewer), and injects the faults at their moments meanwhile.
/// </summary>
/// <param name="maxInFlight">Past this many unanswered requests new ones are dropped and counted, so a dead system
/// does not make the driver itself run out of memory or ports.</param>
public sealed class ArrivalRateDriver(LoadRecorder recorder, int maxInFlight = 4_000)
{
    private long _inFlight;
    private long _dropped;

    /// <summary>Requests not sent because too many were unanswered.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <param name="next">The request to send as the n-th of the run.</param>
    public async Task<IReadOnlyList<FaultMark>> RunAsync(
        double perSecond, TimeSpan duration, Func<long, WorkItem> next, IReadOnlyList<Fault> faults, Action<string> log, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var marks = new List<FaultMark>();
        var injecting = InjectAsync(started, faults, marks, log, cancellationToken);
        var sending = new List<Task>();
        for (long n = 0; ; n++)
        {
            var due = TimeSpan.FromSeconds(n / perSecond);
            if (due >= duration || cancellationToken.IsCancellationRequested)
            {
                break;
            }

            var wait = due - Stopwatch.GetElapsedTime(started);
            if (wait > TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(wait, cancellationToken);
            }

            if (Interlocked.Increment(ref _inFlight) > maxInFlight)
            {
                Interlocked.Decrement(ref _inFlight);
                Interlocked.Increment(ref _dropped);
                continue;
            }

            sending.Add(SendAsync(next(n), started, due, cancellationToken));
            if (sending.Count > 10_000)
            {
                sending.RemoveAll(t => t.IsCompleted);
            }
        }

        await Task.WhenAll(sending);
        await injecting;
        return marks;
    }

    private async Task SendAsync(WorkItem item, long started, TimeSpan due, CancellationToken cancellationToken)
    {
        var status = 0;
        Outcome outcome;
        try
        {
            status = await item.SendAsync(cancellationToken);
            outcome = Outcomes.Of((System.Net.HttpStatusCode)status);
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            outcome = Outcome.Timeout;
        }
        catch (HttpRequestException)
        {
            outcome = Outcome.NoConnection;
        }
        catch (IOException)
        {
            outcome = Outcome.NoConnection;
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }

        recorder.Record(item.Operation, due, Stopwatch.GetElapsedTime(started) - due, status, outcome);
    }

    private static async Task InjectAsync(
        long started, IReadOnlyList<Fault> faults, List<FaultMark> marks, Action<string> log, CancellationToken cancellationToken)
    {
        foreach (var fault in faults.OrderBy(f => f.At))
        {
            var wait = fault.At - Stopwatch.GetElapsedTime(started);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, cancellationToken);
            }

            var at = Stopwatch.GetElapsedTime(started);
            log($"{at.TotalSeconds,6:F1} s  {fault.Name}");
            string? error = null;
            try
            {
                await fault.Inject(cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                error = ex.Message;
                log($"   {fault.Name} failed: {ex.Message}");
            }

            marks.Add(new FaultMark(fault.Name, at, Stopwatch.GetElapsedTime(started), error));
        }
    }
}
