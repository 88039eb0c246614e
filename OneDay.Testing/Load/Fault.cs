namespace OneDay.Testing.Load;

/// <summary>Something done to the system under load at a moment of the run: kill a silo, stop PostgreSQL.</summary>
/// <param name="At">From the start of the run.</param>
public sealed record Fault(TimeSpan At, string Name, Func<CancellationToken, Task> Inject);

/// <summary>When a fault was injected and how long injecting it took (a restart waits for the process to be up).</summary>
public sealed record FaultMark(string Name, TimeSpan Started, TimeSpan Finished, string? Error);
