using OneDay.Grains.Security;

namespace OneDay.Tests.Unit.Security;

public sealed class SessionStateTests
{
    [Fact]
    public void Rotation_keeps_the_latest_spent_secrets_and_no_more()
    {
        var session = new SessionState { Generation = 1, SecretHash = "s1" };
        for (var generation = 2; generation <= 13; generation++)
        {
            session.Rotate(generation, "s" + generation);
        }

        Assert.Equal(13, session.Generation);
        Assert.Equal("s13", session.SecretHash);
        Assert.Equal(Enumerable.Range(3, SessionState.SpentSecretsKept).Select(g => "s" + g), session.SpentSecretHashes);
    }
}
