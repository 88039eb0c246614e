using Npgsql;
using OneDay.Grains.Analytics.Kpis;
using OneDay.Grains.Interfaces.Analytics;

namespace OneDay.Silo.Postgres;

/// <summary>The KPI projections in PostgreSQL (migration 0018), in the analytics database: a step is one transaction.</summary>
public sealed class PostgresKpiStore(NpgsqlDataSource dataSource) : IKpiStore, IAsyncDisposable
{
    private const string Store = "KPI store";

    private static readonly string[] Tables =
        ["oneday_kpi_daily", "oneday_kpi_active_users", "oneday_kpi_active_counts", "oneday_kpi_employers", "oneday_kpi_position"];

    private const string DailySql = """
        INSERT INTO oneday_kpi_daily AS d (projection, day, category, region, jobs_posted, jobs_filled, jobs_completed, jobs_cancelled,
                                           jobs_expired, applications, accepted, shifts_worked, no_shows, settled_krw, escrowed_krw,
                                           revenue_krw, paid_out_krw, fill_minutes, reply_minutes)
        SELECT $1, c.day, c.category, c.region, c.v[1], c.v[2], c.v[3], c.v[4], c.v[5], c.v[6], c.v[7], c.v[8], c.v[9], c.v[10],
               c.v[11], c.v[12], c.v[13], c.fill, c.reply
          FROM (SELECT day, category, region,
                       ($5::bigint[])[(n - 1) * $8 + 1 : n * $8] AS v,
                       ($6::bigint[])[(n - 1) * $7 + 1 : n * $7] AS fill,
                       ($9::bigint[])[(n - 1) * $7 + 1 : n * $7] AS reply
                  FROM unnest($2::date[], $3::text[], $4::text[]) WITH ORDINALITY AS u(day, category, region, n)) c
        ON CONFLICT (projection, day, category, region) DO UPDATE SET
            jobs_posted = d.jobs_posted + EXCLUDED.jobs_posted,
            jobs_filled = d.jobs_filled + EXCLUDED.jobs_filled,
            jobs_completed = d.jobs_completed + EXCLUDED.jobs_completed,
            jobs_cancelled = d.jobs_cancelled + EXCLUDED.jobs_cancelled,
            jobs_expired = d.jobs_expired + EXCLUDED.jobs_expired,
            applications = d.applications + EXCLUDED.applications,
            accepted = d.accepted + EXCLUDED.accepted,
            shifts_worked = d.shifts_worked + EXCLUDED.shifts_worked,
            no_shows = d.no_shows + EXCLUDED.no_shows,
            settled_krw = d.settled_krw + EXCLUDED.settled_krw,
            escrowed_krw = d.escrowed_krw + EXCLUDED.escrowed_krw,
            revenue_krw = d.revenue_krw + EXCLUDED.revenue_krw,
            paid_out_krw = d.paid_out_krw + EXCLUDED.paid_out_krw,
            fill_minutes = ARRAY(SELECT coalesce(a, 0) + coalesce(b, 0)
                                   FROM unnest(d.fill_minutes, EXCLUDED.fill_minutes) WITH ORDINALITY AS f(a, b, i) ORDER BY i),
            reply_minutes = ARRAY(SELECT coalesce(a, 0) + coalesce(b, 0)
                                    FROM unnest(d.reply_minutes, EXCLUDED.reply_minutes) WITH ORDINALITY AS f(a, b, i) ORDER BY i)
        """;

    // Only users not yet seen in the period count: the insert returns exactly those.
    private const string ActiveSql = """
        WITH fresh AS (
            INSERT INTO oneday_kpi_active_users (projection, granularity, period_start, role, user_id)
            SELECT $1, granularity, period_start, role, user_id
              FROM unnest($2::smallint[], $3::date[], $4::text[], $5::uuid[]) AS u(granularity, period_start, role, user_id)
            ON CONFLICT DO NOTHING
            RETURNING granularity, period_start, role)
        INSERT INTO oneday_kpi_active_counts AS c (projection, granularity, period_start, role, users)
        SELECT $1, granularity, period_start, role, count(*) FROM fresh GROUP BY granularity, period_start, role
        ON CONFLICT (projection, granularity, period_start, role) DO UPDATE SET users = c.users + EXCLUDED.users
        """;

    private const string EmployersSql = """
        INSERT INTO oneday_kpi_employers AS e (projection, employer_id, jobs_posted, applications, accepted, shifts_worked, no_shows, spent_krw)
        SELECT $1, u.employer_id, ($3::bigint[])[(n - 1) * 6 + 1], ($3::bigint[])[(n - 1) * 6 + 2], ($3::bigint[])[(n - 1) * 6 + 3],
               ($3::bigint[])[(n - 1) * 6 + 4], ($3::bigint[])[(n - 1) * 6 + 5], ($3::bigint[])[(n - 1) * 6 + 6]
          FROM unnest($2::uuid[]) WITH ORDINALITY AS u(employer_id, n)
        ON CONFLICT (projection, employer_id) DO UPDATE SET
            jobs_posted = e.jobs_posted + EXCLUDED.jobs_posted,
            applications = e.applications + EXCLUDED.applications,
            accepted = e.accepted + EXCLUDED.accepted,
            shifts_worked = e.shifts_worked + EXCLUDED.shifts_worked,
            no_shows = e.no_shows + EXCLUDED.no_shows,
            spent_krw = e.spent_krw + EXCLUDED.spent_krw
        """;

    public ValueTask DisposeAsync() => dataSource.DisposeAsync();

    public Task<long> PositionAsync(string projection, CancellationToken cancellationToken = default) => GuardAsync(async () =>
    {
        await using var command = dataSource.CreateCommand("SELECT position FROM oneday_kpi_position WHERE projection = $1");
        command.Parameters.AddWithValue(projection);
        return await command.ExecuteScalarAsync(cancellationToken) is long position ? position : 0;
    });

    public Task ApplyAsync(string projection, KpiBatch batch, CancellationToken cancellationToken = default) => GuardAsync(async () =>
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (!await MoveAsync(connection, projection, batch, cancellationToken))
        {
            throw new KpiPositionConflictException(projection, batch.FromPosition);
        }

        if (batch.Cells.Count > 0)
        {
            var cells = batch.CellsWithSums().ToArray();
            await using var command = new NpgsqlCommand(DailySql, connection);
            command.Parameters.AddWithValue(projection);
            command.Parameters.AddWithValue(cells.Select(c => c.Key.Day).ToArray());
            command.Parameters.AddWithValue(cells.Select(c => c.Key.Category).ToArray());
            command.Parameters.AddWithValue(cells.Select(c => c.Key.Region).ToArray());
            command.Parameters.AddWithValue(cells.SelectMany(c => c.Value.ToArray()).ToArray());
            command.Parameters.AddWithValue(cells.SelectMany(c => c.Value.FillMinutes).ToArray());
            command.Parameters.AddWithValue(KpiDurations.BucketCount);
            command.Parameters.AddWithValue(KpiCounters.Count);
            command.Parameters.AddWithValue(cells.SelectMany(c => c.Value.ReplyMinutes).ToArray());
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        if (batch.Active.Count > 0)
        {
            var periods = batch.Active
                .SelectMany(a => new[] { ((short)0, a.Day, a.Role, a.UserId), ((short)1, KpiCalendar.WeekOf(a.Day), a.Role, a.UserId) })
                .Distinct()
                .ToArray();
            await using var command = new NpgsqlCommand(ActiveSql, connection);
            command.Parameters.AddWithValue(projection);
            command.Parameters.AddWithValue(periods.Select(p => p.Item1).ToArray());
            command.Parameters.AddWithValue(periods.Select(p => p.Item2).ToArray());
            command.Parameters.AddWithValue(periods.Select(p => p.Item3).ToArray());
            command.Parameters.AddWithValue(periods.Select(p => p.Item4).ToArray());
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        if (batch.Employers.Count > 0)
        {
            var employers = batch.Employers.ToArray();
            await using var command = new NpgsqlCommand(EmployersSql, connection);
            command.Parameters.AddWithValue(projection);
            command.Parameters.AddWithValue(employers.Select(e => e.Key).ToArray());
            command.Parameters.AddWithValue(employers.SelectMany(e => e.Value.ToArray()).ToArray());
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return true;
    });

    public Task<IReadOnlyList<(DateOnly Day, KpiCounters Counters)>> ReadDaysAsync(
        string projection, DateOnly from, DateOnly to, string? category, string? region, CancellationToken cancellationToken = default) =>
        GuardAsync<IReadOnlyList<(DateOnly, KpiCounters)>>(async () =>
        {
            // One row per day: the cell itself, or the sums kept beside the cells when a filter is left out.
            await using var command = dataSource.CreateCommand("""
                SELECT day, jobs_posted, jobs_filled, jobs_completed, jobs_cancelled, jobs_expired, applications, accepted,
                       shifts_worked, no_shows, settled_krw, escrowed_krw, revenue_krw, paid_out_krw, fill_minutes, reply_minutes
                  FROM oneday_kpi_daily
                 WHERE projection = $1 AND day BETWEEN $2 AND $3 AND category = $4 AND region = $5
                 ORDER BY day
                """);
            command.Parameters.AddWithValue(projection);
            command.Parameters.AddWithValue(from);
            command.Parameters.AddWithValue(to);
            command.Parameters.AddWithValue(category ?? KpiBatch.All);
            command.Parameters.AddWithValue(region ?? KpiBatch.All);
            var days = new List<(DateOnly, KpiCounters)>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var values = Enumerable.Range(1, KpiCounters.Count).Select(reader.GetInt64).ToArray();
                var fill = reader.GetFieldValue<long[]>(KpiCounters.Count + 1);
                days.Add((reader.GetFieldValue<DateOnly>(0), KpiCounters.FromArray(values, fill, reader.GetFieldValue<long[]>(KpiCounters.Count + 2))));
            }

            return days;
        });

    public Task<IReadOnlyList<(DateOnly PeriodStart, string Role, long Users)>> ReadActiveAsync(
        string projection, KpiGranularity granularity, DateOnly from, DateOnly to, CancellationToken cancellationToken = default) =>
        GuardAsync<IReadOnlyList<(DateOnly, string, long)>>(async () =>
        {
            await using var command = dataSource.CreateCommand("""
                SELECT period_start, role, users FROM oneday_kpi_active_counts
                 WHERE projection = $1 AND granularity = $2 AND period_start BETWEEN $3 AND $4
                """);
            command.Parameters.AddWithValue(projection);
            command.Parameters.AddWithValue((short)(granularity == KpiGranularity.Week ? 1 : 0));
            command.Parameters.AddWithValue(from);
            command.Parameters.AddWithValue(to);
            var counts = new List<(DateOnly, string, long)>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                counts.Add((reader.GetFieldValue<DateOnly>(0), reader.GetString(1), reader.GetInt64(2)));
            }

            return counts;
        });

    public Task<EmployerCounters> ReadEmployerAsync(string projection, Guid employerId, CancellationToken cancellationToken = default) =>
        GuardAsync(async () =>
        {
            await using var command = dataSource.CreateCommand("""
                SELECT jobs_posted, applications, accepted, shifts_worked, no_shows, spent_krw
                  FROM oneday_kpi_employers WHERE projection = $1 AND employer_id = $2
                """);
            command.Parameters.AddWithValue(projection);
            command.Parameters.AddWithValue(employerId);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            return await reader.ReadAsync(cancellationToken)
                ? EmployerCounters.FromArray(Enumerable.Range(0, 6).Select(reader.GetInt64).ToArray())
                : new EmployerCounters();
        });

    public Task DropAsync(string projection, CancellationToken cancellationToken = default) => GuardAsync(async () =>
    {
        await using var batch = dataSource.CreateBatch();
        foreach (var table in Tables)
        {
            var command = new NpgsqlBatchCommand($"DELETE FROM {table} WHERE projection = $1");
            command.Parameters.AddWithValue(projection);
            batch.BatchCommands.Add(command);
        }

        await batch.ExecuteNonQueryAsync(cancellationToken);
        return true;
    });

    /// <summary>
    /// Moves the position from the batch's start to its end; false when the projection is elsewhere. The row is
    /// locked until the transaction ends, so a second projector waits and then finds it moved.
    /// </summary>
    private static async Task<bool> MoveAsync(NpgsqlConnection connection, string projection, KpiBatch batch, CancellationToken cancellationToken)
    {
        await using var update = new NpgsqlCommand(
            "UPDATE oneday_kpi_position SET position = $3 WHERE projection = $1 AND position = $2", connection);
        update.Parameters.AddWithValue(projection);
        update.Parameters.AddWithValue(batch.FromPosition);
        update.Parameters.AddWithValue(batch.ToPosition);
        if (await update.ExecuteNonQueryAsync(cancellationToken) == 1)
        {
            return true;
        }

        if (batch.FromPosition != 0)
        {
            return false;
        }

        await using var insert = new NpgsqlCommand(
            "INSERT INTO oneday_kpi_position (projection, position) VALUES ($1, $2) ON CONFLICT DO NOTHING", connection);
        insert.Parameters.AddWithValue(projection);
        insert.Parameters.AddWithValue(batch.ToPosition);
        return await insert.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    private static async Task<T> GuardAsync<T>(Func<Task<T>> operation)
    {
        try
        {
            return await operation();
        }
        catch (NpgsqlException exception) when (StoreFaults.IsUnavailable(exception))
        {
            throw StoreFaults.Unavailable(Store, exception);
        }
    }
}
