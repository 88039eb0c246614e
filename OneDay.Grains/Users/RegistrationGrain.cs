using OneDay.Grains.Interfaces;
using OneDay.Grains.Interfaces.Users;
using OneDay.Grains.Placement;
using Orleans.Concurrency;

namespace OneDay.Grains.Users;

[StatelessWorker]
[DomainPlacement(Domains.Users)]
public sealed class RegistrationGrain(EmailIndexKeys keys) : Grain, IRegistrationGrain
{
    public Task<RegistrationResult> Register(RegistrationForm form)
    {
        var errors = new List<FieldError>();
        return UserRules.Validate(form, errors) is { } registration
            ? GrainFactory.Reference<IEmailIndexGrain>(keys.For(registration.Email)).Register(registration)
            : Task.FromResult(RegistrationResult.Invalid([.. errors]));
    }
}
