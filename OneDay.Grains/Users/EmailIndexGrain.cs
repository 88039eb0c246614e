using OneDay.Grains.Interfaces;
using OneDay.Grains.Interfaces.Security;
using OneDay.Grains.Interfaces.Users;
using OneDay.Grains.Placement;

namespace OneDay.Grains.Users;

/// <summary>Keyed by <see cref="EmailIndexKeys"/>: the address itself is never a key, nor stored.</summary>
[DomainPlacement(Domains.Users)]
public sealed class EmailIndexGrain(
    [PersistentState("email-index", Domains.Users)] IPersistentState<EmailIndexState> index,
    EmailIndexKeys keys) : Grain, IEmailIndexGrain
{
    public async Task<RegistrationResult> Register(Registration registration)
    {
        if (index.State.Active)
        {
            return RegistrationResult.Taken;
        }

        // Reserve first: the write is ETag-checked, so even a duplicate activation of this grain during a
        // membership change cannot hand the address to two accounts. A reservation whose registration
        // never finished (the silo died) is simply replaced by the next attempt.
        var userId = Guid.NewGuid();
        index.State.Owner = userId;
        index.State.Active = false;
        await index.WriteStateAsync();

        // Claimed after the reservation, so only the registration that holds the address can claim; spent
        // once it completed, so a registration retried after a crash may still grant it, and nothing later.
        var admin = IsBootstrapAdmin && await BootstrapAdmin.Claim(this.GetPrimaryKeyString());
        IReadOnlyList<UserRole> roles = admin ? [registration.Role, UserRole.Admin] : [registration.Role];
        await GrainFactory.Reference<IAccountGrain>(userId).Create(registration.Password, roles);
        var user = await GrainFactory.Reference<IUserGrain>(userId).Create(registration, roles);

        index.State.Active = true;
        await index.WriteStateAsync();
        if (admin)
        {
            await BootstrapAdmin.Spend();
        }

        return RegistrationResult.Registered(user);
    }

    public Task<Guid?> Resolve()
    {
        if (index.State.Owner is null)
        {
            // Nobody's address (most sign-ins with made-up ones): keep no activation for it.
            DeactivateOnIdle();
        }

        return Task.FromResult(index.State.Active ? index.State.Owner : null);
    }

    public async Task Release(Guid userId)
    {
        if (index.State.Owner != userId)
        {
            return;
        }

        await index.ClearStateAsync();
        if (IsBootstrapAdmin)
        {
            // Also here, in case the registration died between completing and spending: erasure never frees the grant.
            await BootstrapAdmin.Spend();
        }
    }

    private bool IsBootstrapAdmin => keys.BootstrapAdmin == this.GetPrimaryKeyString();

    private IBootstrapAdminGrain BootstrapAdmin => GrainFactory.Reference<IBootstrapAdminGrain>(0);
}

[GenerateSerializer, Alias("oneday.users.email-index-state")]
public sealed class EmailIndexState
{
    [Id(0)] public Guid? Owner { get; set; }

    /// <summary>False while a registration holds the address but has not finished.</summary>
    [Id(1)] public bool Active { get; set; }
}
