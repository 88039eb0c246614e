namespace OneDay.Bench.Running;

/// <summary>A scenario step failed; the message says which, for its ERROR row.</summary>
internal sealed class StepFailedException(string message, Exception inner) : Exception(message, inner);
