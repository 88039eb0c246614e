using OneDay.Grains.Interfaces.Jobs;

namespace OneDay.Grains.Interfaces.Communication;

[GenerateSerializer, Immutable, Alias("oneday.jobs.employer-notification")]
public sealed record EmployerNotification(
    [property: Id(0)] Guid EventId,
    [property: Id(1)] Guid EmployerId,
    [property: Id(2)] Guid JobId,
    [property: Id(3)] Guid WorkerId,
    [property: Id(4)] string Kind,
    [property: Id(5)] DateTimeOffset ReceivedAt);

/// <summary>Communication's side of the saga for one job (key = job id string): the notifications it sent the employer.</summary>
[Alias("oneday.jobs.IJobNotificationsGrain")]
public interface IJobNotificationsGrain : IJobSagaStep
{
    [Alias("sent")]
    Task<EmployerNotification[]> Sent();
}
