using OneDay.Grains.Interfaces;
using OneDay.Grains.Interfaces.Users;
using OneDay.Grains.Placement;
using Orleans.Concurrency;

namespace OneDay.Grains.Users;

[StatelessWorker]
[DomainPlacement(Domains.Users)]
public sealed class RegistrationGrain(EmailIndexKeys keys) : Grain, IRegistrationGrain
{
    public Task<RegistrationResult> Register(Registration registration) =>
        GrainFactory.Reference<IEmailIndexGrain>(keys.For(registration.Email)).Register(registration);
}
