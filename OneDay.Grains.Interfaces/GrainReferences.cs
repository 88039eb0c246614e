namespace OneDay.Grains.Interfaces;

/// <summary>
/// <c>GetGrain&lt;T&gt;(key)</c>, used everywhere in place of it. Orleans 10 resolves the interface's grain
/// type through attribute reflection on every <c>GetGrain&lt;T&gt;</c> call, a visible cost on every hot
/// path. The resolution only depends on <typeparamref name="T"/>, so it is done once per interface and the
/// reference is then built from the grain id directly, exactly as Orleans would. The banned-API analyzer
/// keeps production code from calling <c>GetGrain&lt;T&gt;</c> itself.
/// </summary>
public static class GrainReferences
{
    public static T Reference<T>(this IGrainFactory grains, Guid key) where T : IGrainWithGuidKey =>
        Reference<T>(grains, GrainIdKeyExtensions.CreateGuidKey(key));

    public static T Reference<T>(this IGrainFactory grains, long key) where T : IGrainWithIntegerKey =>
        Reference<T>(grains, GrainIdKeyExtensions.CreateIntegerKey(key));

    public static T Reference<T>(this IGrainFactory grains, string key) where T : IGrainWithStringKey =>
        Reference<T>(grains, IdSpan.Create(key));

    /// <summary>
    /// A reference to a grain known by its id (say, the consumer a dead letter came from), seen through the
    /// interface <typeparamref name="T"/>. Rare enough that Orleans' own resolution is kept.
    /// </summary>
    public static T Reference<T>(this IGrainFactory grains, GrainId id) where T : IAddressable =>
#pragma warning disable RS0030 // The one sanctioned use: this is the helper BannedSymbols.txt points to.
        grains.GetGrain<T>(id);
#pragma warning restore RS0030

    private static T Reference<T>(IGrainFactory grains, IdSpan key)
    {
#pragma warning disable RS0030 // The one sanctioned use: Orleans' resolution, done once per interface.
        var types = TypesOf<T>.Value ??= Resolve((GrainReference)grains.GetGrain(typeof(T), key));
#pragma warning restore RS0030
        return (T)grains.GetGrain(GrainId.Create(types.Grain, key), types.Interface);
    }

    private static GrainTypes Resolve(GrainReference sample) => new(sample.GrainId.Type, sample.InterfaceType);

    private sealed record GrainTypes(GrainType Grain, GrainInterfaceType Interface);

    // One slot per interface; a race on first use only resolves twice to the same value.
    private static class TypesOf<T>
    {
        public static GrainTypes? Value;
    }
}
