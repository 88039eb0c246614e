using System.Net;
using OneDay.Grains.Interfaces.Jobs;
using OneDay.Tests.Fixtures;

namespace OneDay.Tests.Jobs;

/// <summary>Requests naming jobs nobody posted must not leave an activation per id behind.</summary>
[Collection(ClusterCollection.Name)]
public sealed class UnknownJobIdTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Requests_for_jobs_nobody_posted_leave_no_activations_behind()
    {
        var worker = ApiUser.Create(fixture, "worker");
        var employer = ApiUser.Create(fixture, "employer");
        var admin = ApiUser.Create(fixture, "admin");
        var onSite = new { latitude = 37.5665, longitude = 126.978 };
        var ifMatch = new Dictionary<string, string> { ["If-Match"] = "\"v1\"" };
        Func<Guid, Task<HttpResponseMessage>>[] routes =
        [
            id => worker.Get($"/api/jobs/{id}"),
            id => worker.Get($"/api/jobs/{id}/applications/me"),
            id => worker.Delete($"/api/jobs/{id}/applications/me"),
            id => worker.Post($"/api/jobs/{id}/applications"),
            id => worker.Post($"/api/jobs/{id}/check-in", onSite),
            id => worker.Post($"/api/jobs/{id}/check-out", onSite),
            id => worker.Get($"/api/jobs/{id}/ratings"),
            id => worker.Post($"/api/jobs/{id}/ratings", new { subjectId = employer.Id, stars = 5, comment = "?" }),
            id => employer.Get($"/api/jobs/{id}/applications"),
            id => employer.Post($"/api/jobs/{id}/applications/{worker.Id}/accept"),
            id => employer.Post($"/api/jobs/{id}/applications/{worker.Id}/reject"),
            id => employer.Post($"/api/jobs/{id}/confirm"),
            id => employer.Post($"/api/jobs/{id}/cancel", new { reason = "none" }),
            id => employer.Put($"/api/jobs/{id}", JobsApi.JobBody(), ifMatch),
            id => admin.Get($"/api/jobs/{id}/sagas"),
        ];

        var management = fixture.Cluster.Client.GetGrain<IManagementGrain>(0);
        var jobType = fixture.Cluster.Client.GetGrain<IJobGrain>(Guid.Empty).GetGrainId().Type;
        var baseline = (await management.GetActiveGrains(jobType)).Count;

        const int Requests = 2000;
        var ids = Enumerable.Range(0, Requests).Select(_ => Guid.NewGuid()).ToArray();
        await Parallel.ForEachAsync(Enumerable.Range(0, Requests), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, cancel) =>
        {
            using var response = await routes[i % routes.Length](ids[i]);
            Assert.True(response.StatusCode is HttpStatusCode.NotFound, $"{i % routes.Length}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancel)}");
        });

        // Posts that fail the grain's validation each named a fresh job id too.
        var unknownCategory = JobsApi.JobBody(category: "no-such-category");
        for (var i = 0; i < 100; i++)
        {
            Assert.Equal(HttpStatusCode.BadRequest, (await employer.Post("/api/jobs", unknownCategory)).StatusCode);
        }

        var probed = ids.Select(id => fixture.Cluster.Client.GetGrain<IJobGrain>(id).GetGrainId()).ToHashSet();
        var left = -1;
        var active = 0;
        var settled = await JobsApi.Eventually(async () =>
        {
            var grains = await management.GetActiveGrains(jobType);
            left = grains.Count(probed.Contains);
            active = grains.Count;
            return left == 0 && active <= baseline + 20;
        }, TimeSpan.FromSeconds(10));
        Assert.True(settled, $"{left} of the {Requests} unknown jobs still active; {active} job activations against {baseline} before");

        // A real job is untouched by all this.
        var id = await employer.PostJob(JobsApi.JobBody());
        await (await worker.Get($"/api/jobs/{id}")).Json(HttpStatusCode.OK);
        await (await worker.Post($"/api/jobs/{id}/applications")).Json(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Searches_over_empty_places_leave_no_cell_activations_behind()
    {
        var worker = ApiUser.Create(fixture, "worker");
        var management = fixture.Cluster.Client.GetGrain<IManagementGrain>(0);
        var cellType = fixture.Cluster.Client.GetGrain<IJobGeoCellGrain>("0:0").GetGrainId().Type;
        var random = new Random(17);
        var cells = new HashSet<GrainId>();
        for (var i = 0; i < 60; i++)
        {
            // Open ocean in the South Pacific: no job is ever posted there.
            var (lat, lon) = (-50 + (random.NextDouble() * 5), -130 + (random.NextDouble() * 5));
            var query = System.FormattableString.Invariant($"/api/jobs?lat={lat}&lon={lon}&radiusKm=10");
            await (await worker.Get(query)).Json(HttpStatusCode.OK);
            foreach (var key in GeoGrid.Cover(new GeoPoint(lat, lon), 10)!.Cells)
            {
                cells.Add(fixture.Cluster.Client.GetGrain<IJobGeoCellGrain>(key).GetGrainId());
            }
        }

        var left = -1;
        Assert.True(await JobsApi.Eventually(async () =>
        {
            left = (await management.GetActiveGrains(cellType)).Count(cells.Contains);
            return left == 0;
        }, TimeSpan.FromSeconds(10)), $"{left} of {cells.Count} empty cells still active");
    }
}
