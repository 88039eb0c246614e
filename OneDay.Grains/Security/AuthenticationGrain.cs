using OneDay.Grains.Interfaces;
using OneDay.Grains.Interfaces.Security;
using OneDay.Grains.Interfaces.Users;
using OneDay.Grains.Placement;
using OneDay.Grains.Users;
using Orleans.Concurrency;

namespace OneDay.Grains.Security;

[StatelessWorker]
[DomainPlacement(Domains.Security)]
public sealed class AuthenticationGrain(PasswordHashing passwords, EmailIndexKeys keys, TimeProvider time) : Grain, IAuthenticationGrain
{
    public async Task<LoginResult> Login(string? email, string? password, CallerInfo caller)
    {
        var errors = new List<FieldError>();
        if (UserRules.SignIn(email, password, errors) is not { } credentials)
        {
            return LoginResult.InvalidInput([.. errors]);
        }

        var account = keys.For(credentials.Email);
        var index = GrainFactory.Reference<IEmailIndexGrain>(account);
        if (await index.Resolve() is { } userId)
        {
            return await GrainFactory.Reference<IAccountGrain>(userId).Login(credentials.Password, caller);
        }

        // Unknown addresses lock like real ones and cost the same time, or either would reveal who is registered.
        var throttle = GrainFactory.Reference<IUnknownAccountThrottleGrain>(UnknownAccountThrottleGrain.ShardOf(account));
        if (await throttle.NoteFailedLogin(account, caller.IpAddress) is { } locked)
        {
            return locked;
        }

        await passwords.VerifyDecoyAsync(credentials.Password);
        await GrainFactory.AuditAsync(AuditActions.LoginFailed, null, null, caller, "unknown account", time.GetUtcNow());
        return LoginResult.Invalid;
    }
}
