using Microsoft.Extensions.Logging;
using OneDay.Grains.Eventing;
using OneDay.Grains.Interfaces;
using OneDay.Grains.Interfaces.Diagnostics;
using OneDay.Grains.Interfaces.Eventing;
using OneDay.Grains.Interfaces.Security;
using OneDay.Grains.Interfaces.Users;
using OneDay.Grains.Placement;
using OneDay.Grains.Security;

namespace OneDay.Grains.Users;

[DomainPlacement(Domains.Users), CollectionAgeLimit(Minutes = EntityActivations.IdleMinutes)]
public sealed class UserGrain(
    [PersistentState("user", Domains.Users)] IPersistentState<UserState> user,
    AuditForwarder auditForwarder,
    EmailIndexKeys emailIndexKeys,
    TimeProvider time,
    ILogger<UserGrain> logger) : Grain, IUserGrain
{
    private const int CreditedEventWindow = 1_000;
    private const int ExportAuditLimit = 1_000;

    private UserState State => user.State;

    private Guid Id => this.GetPrimaryKey();

    private OutboxSender? _audit;

    private OutboxSender? _events;

    private bool Live => State.Exists && !State.Erased;

    private OutboxSender Audit => _audit ??= this.AuditSender(auditForwarder, () => State.AuditOutbox, logger);

    /// <summary>
    /// Events go to the stream and the event store after the answer: the outbox is stored with the change, so
    /// the caller need not also wait for a second commit (the event store's) on every edit.
    /// </summary>
    private OutboxSender Events => _events ??= this.BackgroundPublisher(() => State.Outbox);

    // Events and audit records left over from a write whose publish failed (the silo died in between) go out
    // now, in the background: an unreachable broker or audit log must not keep the account offline.
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _ = Events.SendAsync();
        _ = Audit.SendAsync();
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => Task.WhenAll(
        _events?.DrainAsync(cancellationToken) ?? Task.CompletedTask,
        _audit?.DrainAsync(cancellationToken) ?? Task.CompletedTask);

    public async Task<UserPrivateView> Create(Registration registration, IReadOnlyList<UserRole> roles)
    {
        if (State.Exists)
        {
            return PrivateView();
        }

        var now = time.GetUtcNow();
        State.Exists = true;
        State.Email = registration.Email;
        State.DisplayName = registration.DisplayName;
        State.Phone = registration.Phone;
        State.Language = registration.Language;
        State.Roles = [.. roles];
        State.CreatedAt = now;
        State.Version = 1;
        State.Outbox.Add(DomainEvent.Create(
            new UserRegistered(Id, State.Roles), Id.ToString(), now, CorrelationContext.Current));
        await SaveAsync();
        await GrainFactory.AuditAsync(
            AuditActions.Registered, Id, Id, registration.Caller, $"as {string.Join(',', roles.Select(r => r.Name()))}", now);
        return PrivateView();
    }

    public Task<UserPrivateView?> GetPrivate() => Task.FromResult(Gone() ? null : PrivateView());

    public Task<UserPublicView?> GetPublic() => Task.FromResult(Gone()
        ? null
        : new UserPublicView(
            Id, State.DisplayName, State.Roles, State.Worker.Skills, State.Worker.PreferredCategories,
            State.Worker.HomeArea, State.Worker.Bio, State.Employer.BusinessName, State.CreatedAt));

    public async Task<ProfileUpdateResult> UpdateProfile(ProfileForm form, long? expectedVersion, CallerInfo caller)
    {
        // A bad form is refused whatever the account's state, so it is judged first.
        var errors = new List<FieldError>();
        if (UserRules.Validate(form, errors) is not { } update)
        {
            _ = Gone();
            return ProfileUpdateResult.Invalid([.. errors]);
        }

        if (Gone())
        {
            return ProfileUpdateResult.NotFound;
        }

        if (expectedVersion is { } expected && expected != State.Version)
        {
            return ProfileUpdateResult.VersionMismatch(PrivateView());
        }

        var now = time.GetUtcNow();
        State.DisplayName = update.DisplayName;
        State.Phone = update.Phone;
        State.Worker = update.Worker ?? WorkerProfile.Empty;
        State.Employer = update.Employer ?? EmployerProfile.Empty;
        State.Language = update.Language ?? State.Language;
        State.Version++;
        State.Outbox.Add(DomainEvent.Create(new ProfileUpdated(Id, State.Version), Id.ToString(), now, CorrelationContext.Current));
        // Stored by the same write as the change (one durable write per edit), then sent to the chain after
        // the answer; see AuditOutbox.
        State.AuditOutbox.Add(new AuditRecord(AuditActions.ProfileUpdated, Id, Id, caller.IpAddress, $"version {State.Version}", now));
        await SaveAsync();
        _ = Audit.SendAsync();
        return ProfileUpdateResult.Updated(PrivateView());
    }

    public async Task<RoleGrantResult> GrantRole(string? roleName, Guid grantedBy, CallerInfo caller)
    {
        var errors = new List<FieldError>();
        if (UserRules.GrantableRole(roleName, errors) is not { } role)
        {
            _ = Gone();
            return RoleGrantResult.Invalid([.. errors]);
        }

        if (Gone())
        {
            return RoleGrantResult.NotFound;
        }

        if (!State.Roles.Contains(role))
        {
            State.Roles.Add(role);
            State.Version++;
            await GrainFactory.Reference<IAccountGrain>(Id).SetRoles(State.Roles);
            await user.WriteStateAsync();
            await GrainFactory.AuditAsync(AuditActions.RoleGranted, grantedBy, Id, caller, role.Name(), time.GetUtcNow());
        }

        return RoleGrantResult.Granted(PrivateView());
    }

    public async Task<long> CreditPoints(Guid sourceEventId, long points)
    {
        if (Gone() || State.CreditedEvents.Contains(sourceEventId))
        {
            return State.Points;
        }

        State.Points = checked(State.Points + points);
        State.CreditedEvents.Add(sourceEventId);
        if (State.CreditedEvents.Count > CreditedEventWindow)
        {
            State.CreditedEvents.RemoveRange(0, State.CreditedEvents.Count - CreditedEventWindow);
        }

        State.Version++;
        await user.WriteStateAsync();
        return State.Points;
    }

    public async Task<UserDataExport?> Export(CallerInfo caller)
    {
        if (Gone())
        {
            return null;
        }

        var now = time.GetUtcNow();
        // The export must show every edit, including one whose record is still on its way.
        await Audit.SendAsync();
        var sessions = await GrainFactory.Reference<IAccountGrain>(Id).Sessions();
        var trail = await GrainFactory.Reference<IAuditLogGrain>(0).Query(new AuditQuery(Id, null, null, null, ExportAuditLimit));
        var jobs = await JobsData.ReadAsync(GrainFactory, Id);
        await GrainFactory.AuditAsync(AuditActions.DataExported, Id, Id, caller, "personal data export", now);
        return new UserDataExport(
            PrivateView(), sessions, trail.Entries, now, jobs.Posted, jobs.Applications, jobs.Schedule, jobs.RatingsGiven, jobs.RatingsReceived);
    }

    public async Task<EmailVerificationOutcome> ConfirmEmail(string addressHash)
    {
        if (Gone())
        {
            return EmailVerificationOutcome.NotFound;
        }

        if (!EmailVerificationTokens.SameAddress(State.Email, addressHash))
        {
            return EmailVerificationOutcome.Invalid;
        }

        if (State.EmailVerifiedAt is not null)
        {
            return EmailVerificationOutcome.AlreadyVerified;
        }

        var now = time.GetUtcNow();
        State.EmailVerifiedAt = now;
        State.Version++;
        State.AuditOutbox.Add(new AuditRecord(AuditActions.EmailVerified, Id, Id, null, "by the emailed link", now));
        await SaveAsync();
        _ = Audit.SendAsync();
        return EmailVerificationOutcome.Verified;
    }

    public async Task<VerificationRequestResult> RequestEmailVerification()
    {
        if (Gone())
        {
            return new(VerificationRequestOutcome.NotFound);
        }

        if (State.EmailVerifiedAt is not null)
        {
            return new(VerificationRequestOutcome.AlreadyVerified);
        }

        var now = time.GetUtcNow();
        var wait = State.VerificationRequestedAt + UserRules.VerificationResendInterval - now;
        if (wait > TimeSpan.Zero)
        {
            return new(VerificationRequestOutcome.TooSoon, wait);
        }

        State.VerificationRequestedAt = now;
        State.Outbox.Add(DomainEvent.Create(new EmailVerificationRequested(Id), Id.ToString(), now, CorrelationContext.Current));
        await SaveAsync();
        return new(VerificationRequestOutcome.Sent);
    }

    public async Task<bool> Erase(CallerInfo caller)
    {
        if (Gone())
        {
            return false;
        }

        var now = time.GetUtcNow();
        var email = State.Email;
        // Earlier edits reach the chain before the erasure does.
        await Audit.SendAsync();
        await GrainFactory.Reference<IAccountGrain>(Id).Disable();

        // The id stays: it is what the audit log, jobs and payments refer to, and it says nothing about the person.
        State.Erased = true;
        State.Email = string.Empty;
        State.DisplayName = string.Empty;
        State.Phone = null;
        State.Worker = WorkerProfile.Empty;
        State.Employer = EmployerProfile.Empty;
        State.Version++;
        State.Outbox.Add(DomainEvent.Create(new UserErased(Id), Id.ToString(), now, CorrelationContext.Current));
        await SaveAsync();
        await GrainFactory.Reference<IEmailIndexGrain>(emailIndexKeys.For(email)).Release(Id);
        await GrainFactory.AuditAsync(AuditActions.Erased, Id, Id, caller, "personal data erased, sign-in disabled", now);
        return true;
    }

    /// <summary>
    /// True for an id with no live account (never registered, or erased), whose activation then leaves as soon
    /// as this call is answered: requests for made-up ids must not each keep one in memory.
    /// </summary>
    private bool Gone()
    {
        if (Live)
        {
            return false;
        }

        DeactivateOnIdle();
        return true;
    }

    private async Task SaveAsync()
    {
        await user.WriteStateAsync();
        _ = Events.SendAsync();
    }

    private UserPrivateView PrivateView() => new(
        Id, State.Email, State.DisplayName, State.Phone, [.. State.Roles], State.Worker, State.Employer,
        State.Points, State.CreatedAt, State.Version, State.Language, State.EmailVerifiedAt is not null);
}
