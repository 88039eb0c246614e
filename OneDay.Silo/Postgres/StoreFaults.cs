using Npgsql;
using OneDay.Grains.Interfaces.Diagnostics;

namespace OneDay.Silo.Postgres;

/// <summary>Which PostgreSQL failures mean "the store is unavailable now, try again" rather than a bug.</summary>
public static class StoreFaults
{
    /// <summary>
    /// Connection failures and pool timeouts (Npgsql marks them transient), and server states that end or
    /// refuse sessions: class 08 (connection exception), 53 (insufficient resources, e.g. too many
    /// clients), 57P01-57P03 (shutdown, crash recovery, cannot connect now).
    /// </summary>
    public static bool IsUnavailable(NpgsqlException exception) =>
        exception.IsTransient
        || exception.SqlState is { } state
        && (state.StartsWith("08", StringComparison.Ordinal)
            || state.StartsWith("53", StringComparison.Ordinal)
            || state is "57P01" or "57P02" or "57P03");

    /// <summary>What the caller gets instead: the driver's exception does not cross the Orleans wire.</summary>
    public static StoreUnavailableException Unavailable(string store, NpgsqlException exception) =>
        new(store, exception.SqlState is { } state ? $"{state} {exception.Message}" : exception.Message);
}
