namespace OneDay.Grains.Interfaces.Eventing;

public static class StreamProviders
{
    /// <summary>The one stream provider domain events travel on; its backing queue is chosen by mode.</summary>
    public const string Events = "events";
}
