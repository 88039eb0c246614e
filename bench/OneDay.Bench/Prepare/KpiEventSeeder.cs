using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;

namespace OneDay.Bench.Prepare;

/// <summary>
/// Fills the event store below the app with a marketplace's history (each job: posted, four applications, two
/// acceptances, filled, a check-in, completed; spread over the last 120 days, in Seoul), then waits until the KPI
/// projection has applied all of it. Writing a million events through the API would take the run's hours; what
/// the scenario measures is querying their projection.
/// </summary>
internal static class KpiEventSeeder
{
    public const int EventsPerJob = 10;

    private const string SeedSql = """
        INSERT INTO oneday_event_store (event_id, type, version, occurred_at, aggregate_id, payload, recorded_at)
        SELECT gen_random_uuid(), e.type, 1, e.at, j.id::text, e.payload, now() - interval '1 minute'
          FROM (SELECT n, gen_random_uuid() AS id, gen_random_uuid() AS employer,
                       date_trunc('minute', now()) - (n % 120) * interval '1 day' - (n % 600) * interval '1 minute' AS posted,
                       (ARRAY['cafe', 'event', 'warehouse'])[1 + n % 3] AS category,
                       37.45 + (n % 100) * 0.002 AS lat, 126.85 + (n % 150) * 0.002 AS lon,
                       ARRAY[gen_random_uuid(), gen_random_uuid(), gen_random_uuid(), gen_random_uuid()] AS workers
                  FROM generate_series(1, $1) AS n) j
         CROSS JOIN LATERAL (VALUES
            (1, 'jobs.created', j.posted, jsonb_build_object('jobId', j.id, 'employerId', j.employer, 'details', jsonb_build_object(
                'title', 'Bench job', 'description', 'Seeded', 'category', j.category,
                'location', jsonb_build_object('latitude', j.lat, 'longitude', j.lon, 'address', 'Seoul'),
                'startsAt', j.posted + interval '2 days', 'endsAt', j.posted + interval '2 days 4 hours',
                'pay', jsonb_build_object('amountKrw', 12000, 'kind', 0), 'headcount', 2, 'requiredSkills', '[]'::jsonb,
                'checkInRadiusMeters', 200))),
            (2, 'jobs.application-submitted', j.posted + interval '5 minutes', jsonb_build_object('jobId', j.id, 'employerId', j.employer, 'workerId', j.workers[1])),
            (3, 'jobs.application-submitted', j.posted + interval '6 minutes', jsonb_build_object('jobId', j.id, 'employerId', j.employer, 'workerId', j.workers[2])),
            (4, 'jobs.application-submitted', j.posted + interval '7 minutes', jsonb_build_object('jobId', j.id, 'employerId', j.employer, 'workerId', j.workers[3])),
            (5, 'jobs.application-submitted', j.posted + interval '8 minutes', jsonb_build_object('jobId', j.id, 'employerId', j.employer, 'workerId', j.workers[4])),
            (6, 'jobs.application-accepted', j.posted + interval '20 minutes', jsonb_build_object('jobId', j.id, 'employerId', j.employer, 'workerId', j.workers[1],
                'startsAt', j.posted + interval '2 days', 'endsAt', j.posted + interval '2 days 4 hours')),
            (7, 'jobs.application-accepted', j.posted + interval '25 minutes', jsonb_build_object('jobId', j.id, 'employerId', j.employer, 'workerId', j.workers[2],
                'startsAt', j.posted + interval '2 days', 'endsAt', j.posted + interval '2 days 4 hours')),
            (8, 'jobs.filled', j.posted + interval '25 minutes', jsonb_build_object('jobId', j.id, 'headcount', 2)),
            (9, 'jobs.worker-checked-in', j.posted + interval '2 days', jsonb_build_object('jobId', j.id, 'workerId', j.workers[1], 'at', j.posted + interval '2 days')),
            (10, 'jobs.completed', j.posted + interval '2 days 5 hours', jsonb_build_object('jobId', j.id, 'completedWorkers', jsonb_build_array(j.workers[1]),
                'disputedWorkers', '[]'::jsonb, 'automatic', false))
         ) AS e(step, type, at, payload)
         ORDER BY j.n, e.step
        """;

    /// <returns>The event store's last sequence after seeding.</returns>
    public static async Task<long> SeedAsync(string connectionString, int jobs, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using (var seed = new NpgsqlCommand(SeedSql, connection) { CommandTimeout = 1800 })
        {
            seed.Parameters.AddWithValue(jobs);
            await seed.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var last = new NpgsqlCommand("SELECT coalesce(max(sequence), 0) FROM oneday_event_store", connection);
        return (long)(await last.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>Polls the KPI API until its figures include <paramref name="sequence"/>; answers how long that took.</summary>
    public static async Task<TimeSpan> WaitProjectedAsync(
        HttpClient http, Uri baseUrl, string adminToken, long sequence, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var started = Stopwatch.StartNew();
        while (true)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(baseUrl, "/api/analytics/kpis?from=" + Day(-1) + "&to=" + Day(0)));
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", adminToken);
            using var response = await http.SendAsync(request, cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                var report = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
                if (report.GetProperty("throughSequence").GetInt64() >= sequence)
                {
                    return started.Elapsed;
                }
            }

            if (started.Elapsed > timeout)
            {
                throw new TimeoutException($"The KPI projection did not reach event {sequence} within {timeout}.");
            }

            await Task.Delay(1000, cancellationToken);
        }
    }

    public static string Day(int daysFromToday) =>
        DateOnly.FromDateTime(DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(9)).DateTime).AddDays(daysFromToday)
            .ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
