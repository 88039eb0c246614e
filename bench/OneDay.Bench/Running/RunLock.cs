namespace OneDay.Bench.Running;

/// <summary>One run at a time (bench/.work/run.lock): two runs would load the same cores and spoil each other's numbers.
/// bench/events.sh and bench/random-ids.sh take the same lock with flock(1).</summary>
internal static class RunLock
{
    /// <returns>The held lock, or null when another run holds it.</returns>
    public static FileStream? TryTake(string work)
    {
        Directory.CreateDirectory(work);
        try
        {
            // .NET takes an advisory flock(LOCK_EX | LOCK_NB) on Unix for FileShare.None, the lock flock(1) takes.
            return new FileStream(Path.Combine(work, "run.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            return null;
        }
    }
}
