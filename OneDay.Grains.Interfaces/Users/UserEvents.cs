using OneDay.Grains.Interfaces.Eventing;

namespace OneDay.Grains.Interfaces.Users;

// Events carry ids, never personal data (no email, phone or name): they are kept in the event store, which
// erasure does not rewrite. A consumer that needs a name asks the user grain, which forgets it on erasure.

/// <summary>Version 2 dropped the display name (id 1).</summary>
[GenerateSerializer, Immutable, Alias("oneday.users.events.registered"), EventType("users.registered", 2)]
public sealed record UserRegistered(
    [property: Id(0)] Guid UserId,
    [property: Id(2)] IReadOnlyList<UserRole> Roles) : IDomainEventPayload;

[GenerateSerializer, Immutable, Alias("oneday.users.events.profile-updated"), EventType("users.profile-updated")]
public sealed record ProfileUpdated(
    [property: Id(0)] Guid UserId,
    [property: Id(1)] long Version) : IDomainEventPayload;

[GenerateSerializer, Immutable, Alias("oneday.users.events.erased"), EventType("users.erased")]
public sealed record UserErased(
    [property: Id(0)] Guid UserId) : IDomainEventPayload;

/// <summary>The user asked for a new verification link (one is also sent on <see cref="UserRegistered"/>).</summary>
[GenerateSerializer, Immutable, Alias("oneday.users.events.email-verification-requested"), EventType("users.email-verification-requested")]
public sealed record EmailVerificationRequested(
    [property: Id(0)] Guid UserId) : IDomainEventPayload;
