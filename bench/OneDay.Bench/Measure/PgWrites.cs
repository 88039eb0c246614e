using Npgsql;

namespace OneDay.Bench.Measure;

/// <summary>
/// Rows written per table and commits, from PostgreSQL's own statistics: taken before a cluster scenario's
/// warm-up and after its drain, they say where a request's durable writes go. Rows "state:NAME|GRAIN-TYPE" sum
/// the grain states' versions: every write adds one, so their growth is the number of state writes.
/// </summary>
internal static class PgWrites
{
    public static async Task<Dictionary<string, (long A, long B, long C)>> SnapshotAsync(string connectionString, CancellationToken cancellationToken)
    {
        var rows = new Dictionary<string, (long, long, long)>(StringComparer.Ordinal);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            """
            SELECT '(commits)', xact_commit, 0::bigint, 0::bigint FROM pg_stat_database WHERE datname = current_database()
            UNION ALL SELECT schemaname || '.' || relname, n_tup_ins, n_tup_upd, n_tup_del FROM pg_stat_user_tables
            UNION ALL SELECT 'state:' || state_name || '|' || split_part(grain_id, '/', 1), sum(version)::bigint, 0::bigint, 0::bigint
                        FROM oneday_grain_state GROUP BY 1
            """, connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows[reader.GetString(0)] = (reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3));
        }

        return rows;
    }

    /// <summary>A markdown report of the differences, per request. pgbench runs taken in turns with the app fall inside
    /// the window: their table is left out, and their transactions are taken off the commits.</summary>
    public static List<string> Report(
        Dictionary<string, (long A, long B, long C)> before, Dictionary<string, (long A, long B, long C)> after, long requests, long pgbenchTransactions)
    {
        double Per(long n) => requests > 0 ? (double)n / requests : 0;
        var tables = new List<string>();
        var states = new List<string>();
        foreach (var (name, (a, b, c)) in after)
        {
            if (name == "public.bench_upsert")
            {
                continue;
            }

            var (a0, b0, c0) = before.GetValueOrDefault(name);
            if (name.StartsWith("state:", StringComparison.Ordinal))
            {
                var writes = a - a0;
                if (writes != 0)
                {
                    var kind = name[6..].Split('|');
                    states.Add($"| {kind[0]} | {(kind.Length > 1 ? kind[1] : "")} | {writes} | {Inv.F(Per(writes), 2)} |");
                }

                continue;
            }

            var inserted = a - a0 - (name == "(commits)" ? pgbenchTransactions : 0);
            var updated = b - b0;
            var deleted = c - c0;
            if (inserted + updated + deleted != 0)
            {
                tables.Add($"| {name} | {inserted} | {updated} | {deleted} | {Inv.F(Per(inserted + updated + deleted), 2)} |");
            }
        }

        var lines = new List<string>
        {
            "PostgreSQL writes from the end of prepare() to the end of the run (warm-up, measurement, drain if any;",
            "`pg_stat_database`, `pg_stat_user_tables`;",
            "rows inserted, updated and deleted per table; the commits row counts transactions"
                + (pgbenchTransactions > 0 ? $", less the {pgbenchTransactions} of the pgbench runs taken in turns" : "")
                + $"), per request over {requests} requests:",
            "",
            "| table | inserted | updated | deleted | per request |",
            "|---|---|---|---|---|",
        };
        lines.AddRange(tables.Order(StringComparer.Ordinal));
        if (states.Count > 0)
        {
            lines.AddRange(["", "Of those, grain-state writes (`oneday_grain_state`) by state and grain type:", "",
                "| state | grain type | writes | per request |", "|---|---|---|---|"]);
            lines.AddRange(states.Order(StringComparer.Ordinal));
        }

        return lines;
    }
}
