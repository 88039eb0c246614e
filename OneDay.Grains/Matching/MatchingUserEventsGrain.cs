using OneDay.Grains.Eventing;
using OneDay.Grains.Interfaces;
using OneDay.Grains.Interfaces.Eventing;
using OneDay.Grains.Interfaces.Matching;
using OneDay.Grains.Interfaces.Users;
using OneDay.Grains.Placement;

namespace OneDay.Grains.Matching;

/// <summary>Matching's side of a user's life: an erased user's profile goes, and they are nobody's candidate again.</summary>
[DomainPlacement(Domains.Matching)]
[ImplicitStreamSubscription(Domains.Users)]
[CollectionAgeLimit(Minutes = ConsumerActivations.IdleMinutes)]
public sealed class MatchingUserEventsGrain(
    [PersistentState("matching-user-events", Domains.Matching)] IPersistentState<MatchingUserEventsState> state)
    : IdempotentConsumerGrain<MatchingUserEventsState>(state)
{
    protected override bool Accepts(DomainEvent domainEvent) => domainEvent.Payload is UserErased;

    protected override Task HandleAsync(DomainEvent domainEvent) =>
        GrainFactory.Reference<IMatchingProfileGrain>(((UserErased)domainEvent.Payload).UserId).Erase();
}

[GenerateSerializer, Alias("oneday.matching.user-events-state")]
public sealed class MatchingUserEventsState : ConsumerState;
