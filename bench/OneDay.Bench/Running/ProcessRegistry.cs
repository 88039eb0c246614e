using System.Collections.Concurrent;
using System.Diagnostics;

namespace OneDay.Bench.Running;

/// <summary>Every process the run started and has not stopped yet, so an interrupted run still stops them all.</summary>
internal static class ProcessRegistry
{
    private static readonly ConcurrentDictionary<int, Process> Running = new();

    public static void Add(Process process) => Running[process.Id] = process;

    public static void Remove(Process process) => Running.TryRemove(process.Id, out _);

    /// <summary>Thaws and kills whatever is left (an interrupted run); servers the run stopped are gone already.</summary>
    public static void KillAll()
    {
        foreach (var process in Running.Values)
        {
            try
            {
                if (!process.HasExited)
                {
                    Signals.Thaw([process.Id]);
                    process.Kill(entireProcessTree: true);
                }
            }
            catch (InvalidOperationException)
            {
                // Exited meanwhile.
            }
        }

        Running.Clear();
    }
}
