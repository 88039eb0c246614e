using OneDay.Grains.Interfaces.Eventing;

namespace OneDay.Grains.Interfaces.Communication;

/// <summary>
/// An employer answered an applicant in their conversation for the first time, <see cref="RepliedAt"/> after the
/// applicant's first message at <see cref="AskedAt"/>: how quickly employers answer is a marketplace figure. Told once
/// per application conversation: the employer's first message after the applicant's first.
/// </summary>
[GenerateSerializer, Immutable, Alias("oneday.communication.events.employer-replied"), EventType("communication.employer-replied", 1)]
public sealed record EmployerReplied(
    [property: Id(0)] Guid ConversationId,
    [property: Id(1)] Guid JobId,
    [property: Id(2)] Guid EmployerId,
    [property: Id(3)] Guid WorkerId,
    [property: Id(4)] DateTimeOffset AskedAt,
    [property: Id(5)] DateTimeOffset RepliedAt) : IDomainEventPayload;
