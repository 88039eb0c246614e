using OneDay.Grains.Interfaces;
using OneDay.Grains.Interfaces.Users;
using OneDay.Tests.Fixtures;

namespace OneDay.Tests.Hosting;

[Collection(ClusterCollection.Name)]
public sealed class GrainReferencesTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Reference_targets_the_same_grain_as_GetGrain()
    {
        var user = await fixture.Api.RegisterAsync("worker");
        var grains = fixture.Cluster.Client;

        for (var i = 0; i < 2; i++)
        {
            var fast = grains.Reference<IUserGrain>(user.Id);
            var usual = grains.GetGrain<IUserGrain>(user.Id);
            Assert.Equal(usual.GetGrainId(), fast.GetGrainId());
            Assert.Equal(usual, fast);
            Assert.Equal(user.Id, (await fast.GetPublic())?.Id);
        }

        Assert.Null(await grains.Reference<IUserGrain>(Guid.NewGuid()).GetPublic());
    }
}
