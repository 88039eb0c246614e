using System.Diagnostics;

namespace OneDay.Grains.Batching;

/// <summary>
/// A span for each write of a group commit, so the statements it runs (Npgsql's spans) sit in a request's trace:
/// the batch's first caller is its parent, and every other caller's span is linked. Nothing is created while no
/// tracer listens.
/// </summary>
public static class BatchTracing
{
    public const string SourceName = "OneDay.Batching";

    private static readonly ActivitySource Source = new(SourceName);

    /// <param name="callers">The span current when each item was queued; default where there was none.</param>
    public static Activity? StartWrite(string writer, IReadOnlyList<ActivityContext> callers)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        var parent = callers.FirstOrDefault(c => c != default);
        var links = callers.Where(c => c != default && c != parent).Distinct().Select(c => new ActivityLink(c)).ToArray();
        var activity = Source.StartActivity("group commit " + writer, ActivityKind.Internal, parent, links: links);
        activity?.SetTag("oneday.batch.items", callers.Count);
        return activity;
    }
}
