using System.Diagnostics;
using System.Globalization;

namespace OneDay.Bench.Running;

/// <summary>
/// SIGSTOP and SIGCONT. A server waiting for its turn is frozen, so it uses no CPU at all while the other one is
/// measured: an idle Orleans silo still runs timers, which would slow the bare baseline and flatter the app.
/// </summary>
internal static class Signals
{
    public static void Freeze(IEnumerable<int> pids) => Send("-STOP", pids);

    public static void Thaw(IEnumerable<int> pids) => Send("-CONT", pids);

    public static void Terminate(int pid) => Send("-TERM", [pid]);

    /// <summary>SIGKILL: gone at once, as a crashed process or a lost node.</summary>
    public static void Kill(int pid) => Send("-KILL", [pid]);

    private static void Send(string signal, IEnumerable<int> pids)
    {
        var list = pids.Select(p => p.ToString(CultureInfo.InvariantCulture)).ToList();
        if (list.Count == 0)
        {
            return;
        }

        var info = new ProcessStartInfo("kill") { UseShellExecute = false, RedirectStandardError = true };
        info.ArgumentList.Add(signal);
        foreach (var pid in list)
        {
            info.ArgumentList.Add(pid);
        }

        using var process = Process.Start(info);
        process?.StandardError.ReadToEnd(); // a process that already exited is not an error here
        process?.WaitForExit();
    }
}
