using Npgsql;
using OneDay.Silo.Postgres;

namespace OneDay.Tests.Unit.Postgres;

/// <summary>The settings every store's data source gets, and that an operator's connection string overrides them.</summary>
public sealed class PostgresDataSourcesTests
{
    [Fact]
    public async Task A_plain_connection_string_gets_prepared_statements_and_no_reset_on_close()
    {
        await using var source = PostgresDataSources.Build("Host=127.0.0.1;Database=oneday");

        var settings = new NpgsqlConnectionStringBuilder(source.ConnectionString);
        Assert.Equal(16, settings.MaxAutoPrepare);
        Assert.True(settings.NoResetOnClose);
    }

    [Fact]
    public async Task Settings_in_the_connection_string_win()
    {
        await using var source = PostgresDataSources.Build("Host=127.0.0.1;Database=oneday;Max Auto Prepare=3;No Reset On Close=false");

        var settings = new NpgsqlConnectionStringBuilder(source.ConnectionString);
        Assert.Equal(3, settings.MaxAutoPrepare);
        Assert.False(settings.NoResetOnClose);
    }
}
