using OneDay.Grains.Interfaces;
using OneDay.Grains.Interfaces.Security;
using OneDay.Grains.Placement;

namespace OneDay.Grains.Security;

/// <summary>
/// One durable fact per cluster. Writes are ETag-checked, so even a duplicate activation during a membership
/// change cannot hand the claim to two addresses: the loser's write fails and its registration with it.
/// </summary>
[DomainPlacement(Domains.Security)]
public sealed class BootstrapAdminGrain(
    [PersistentState("bootstrap-admin", Domains.Security)] IPersistentState<BootstrapAdminState> grant) : Grain, IBootstrapAdminGrain
{
    public async Task<bool> Claim(string address)
    {
        if (grant.State.Spent || (grant.State.ClaimedBy is { } holder && holder != address))
        {
            return false;
        }

        if (grant.State.ClaimedBy is null)
        {
            grant.State.ClaimedBy = address;
            await WriteAsync();
        }

        return true;
    }

    public async Task Spend()
    {
        if (!grant.State.Spent)
        {
            grant.State.Spent = true;
            await WriteAsync();
        }
    }

    private async Task WriteAsync()
    {
        try
        {
            await grant.WriteStateAsync();
        }
        catch
        {
            // Another activation may have written (an ETag conflict): reload before answering anyone again.
            DeactivateOnIdle();
            throw;
        }
    }
}

[GenerateSerializer, Alias("oneday.security.bootstrap-admin-state")]
public sealed class BootstrapAdminState
{
    /// <summary>The email index key whose registration holds the grant while it completes.</summary>
    [Id(0)] public string? ClaimedBy { get; set; }

    [Id(1)] public bool Spent { get; set; }
}
