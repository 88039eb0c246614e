using OneDay.Tests.Fixtures;

namespace OneDay.Tests.Telemetry;

/// <summary>
/// Metrics and traces tests, run alone once every other collection is done. Meters and activity sources are
/// process-wide by name, so another test's gateway or silo in this process would report into (or take the
/// names of) the instruments these tests read.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TelemetryCollection : ICollectionFixture<PostgresFixture>
{
    public const string Name = "telemetry";
}
