using Microsoft.Extensions.Logging;
using Npgsql;
using OneDay.Grains.Users;

namespace OneDay.Silo.Postgres.Migrations;

/// <summary>
/// Renames email index rows stored under the plain address (the index's keys before they were keyed
/// hashes) to their keyed-hash ids, so accounts registered before the change still sign in and no row key
/// holds an address. Needs the silo key, which the schema migrator does not have, so a silo of the users
/// domain runs it before it joins the cluster: once per database, recorded in oneday_data_migrations.
/// </summary>
public sealed partial class LegacyEmailIndexKeys(NpgsqlDataSource database, EmailIndexKeys keys, string serviceId, ILogger logger)
{
    public const string Name = "email-index-keyed";
    private const string StateName = "email-index";

    // Silos starting together contend for the same lock; the one that takes it first does the work.
    private const long AdvisoryLockKey = 0x0DE1_DA11;

    /// <returns>How many rows were renamed (0 once done).</returns>
    public async Task<int> RekeyAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, $"SELECT pg_advisory_xact_lock({AdvisoryLockKey})", cancellationToken);
        if (await ScalarAsync(connection, "SELECT count(*) FROM oneday_data_migrations WHERE name = $1", cancellationToken, Name) is > 0)
        {
            return 0;
        }

        var legacy = new List<(string GrainId, bool Cleared)>();
        await using (var select = new NpgsqlCommand(
            "SELECT grain_id, payload IS NULL FROM oneday_grain_state WHERE state_name = $1 AND service_id = $2", connection))
        {
            select.Parameters.AddWithValue(StateName);
            select.Parameters.AddWithValue(serviceId);
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var grainId = reader.GetString(0);
                if (!IsKeyed(grainId))
                {
                    legacy.Add((grainId, reader.GetBoolean(1)));
                }
            }
        }

        var renamed = 0;
        var kept = 0;
        foreach (var (grainId, cleared) in legacy)
        {
            if (cleared)
            {
                // A released address (its account erased): nothing to keep but the address in the key.
                await ScalarAsync(
                    connection, "DELETE FROM oneday_grain_state WHERE grain_id = $1 AND state_name = $2 AND service_id = $3",
                    cancellationToken, grainId, StateName, serviceId);
                continue;
            }

            var changed = await ScalarAsync(
                connection,
                """
                WITH moved AS (
                    UPDATE oneday_grain_state SET grain_id = $2
                    WHERE grain_id = $1 AND state_name = $3 AND service_id = $4
                      AND NOT EXISTS (SELECT 1 FROM oneday_grain_state WHERE grain_id = $2 AND state_name = $3 AND service_id = $4)
                    RETURNING 1)
                SELECT count(*) FROM moved
                """,
                cancellationToken,
                grainId, KeyedId(grainId), StateName, serviceId);
            if (changed > 0)
            {
                renamed++;
            }
            else
            {
                kept++;
            }
        }

        await ExecuteAsync(connection, $"INSERT INTO oneday_data_migrations (name) VALUES ('{Name}')", cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        LogRekeyed(logger, renamed, kept);
        return renamed;
    }

    /// <summary>"type/key": a keyed id's key is the HMAC in lowercase hex; anything else is a plain address.</summary>
    public static bool IsKeyed(string grainId)
    {
        var key = grainId[(grainId.IndexOf('/', StringComparison.Ordinal) + 1)..];
        return key.Length == 64 && key.All(char.IsAsciiHexDigitLower);
    }

    private string KeyedId(string grainId)
    {
        var slash = grainId.IndexOf('/', StringComparison.Ordinal);
        return grainId[..(slash + 1)] + keys.For(grainId[(slash + 1)..]);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<long> ScalarAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken, params object[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var parameter in parameters)
        {
            command.Parameters.AddWithValue(parameter);
        }

        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Email index: {Renamed} rows keyed by plain address renamed to keyed ids; {Kept} left, their keyed id being taken")]
    private static partial void LogRekeyed(ILogger logger, int renamed, int kept);
}
