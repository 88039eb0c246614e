namespace OneDay.Testing.Load;

/// <summary>One request of the workload: its operation's name, and how to send it (answering the HTTP status).</summary>
public sealed record WorkItem(string Operation, Func<CancellationToken, Task<int>> SendAsync);
