using Microsoft.Extensions.Logging;
using OneDay.Grains.Batching;
using OneDay.Grains.Interfaces;
using OneDay.Grains.Interfaces.Payments.Providers;

namespace OneDay.Grains.Payments.Providers;

/// <summary>What every sandbox record (a payment, a payout) still owes: webhooks and settlement entries.</summary>
[GenerateSerializer, Alias("oneday.payments.providers.sandbox-record-state")]
public abstract class SandboxRecordState
{
    [Id(0)]
    public WebhookOutbox Outbox { get; set; } = new();

    /// <summary>Entries not yet taken by their day's settlement grain (which skips ids it has).</summary>
    [Id(1)]
    public List<SettlementEntry> Unreported { get; set; } = [];
}

/// <summary>
/// A sandbox payment or payout: announces its status changes by signed webhook (late, twice or reordered as
/// <see cref="SandboxPsp.Policy"/> says, retried with back-off while the endpoint fails) and reports the money
/// it moved to its day's settlement. A grain timer, read against <see cref="SandboxPsp.Time"/>, does the work
/// when it falls due; a reminder, held only while something is owed, wakes the record after a crash.
/// </summary>
public abstract partial class SandboxRecordGrain<TState>(IPersistentState<TState> state, SandboxPsp psp, ILogger logger)
    : Grain, IRemindable
    where TState : SandboxRecordState
{
    private const string WakeReminder = "sandbox-owed";
    private static readonly TimeSpan ReminderPeriod = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan ReportRetryDelay = TimeSpan.FromSeconds(5);

    // The timer interleaves with calls (see ArmAsync), so writes of the record take turns (and a write asked for
    // during another one goes with the next), and one round of work runs at a time.
    private readonly TurnGroupCommit _writes = new(state.WriteStateAsync);
    private bool _working;
    private IGrainTimer? _timer;
    private IGrainReminder? _reminder;
    private bool _reminderKnown;
    private DateTimeOffset? _reportRetryAt;

    protected TState Record => state.State;

    protected SandboxPsp Psp => psp;

    protected DateTimeOffset Now => psp.Time.GetUtcNow();

    /// <summary>When the record itself has something to do (a payout finishing), besides what it owes.</summary>
    protected virtual DateTimeOffset? Deadline => null;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // A record with nothing owed had its reminder removed when it was paid off; one woken by a reminder checks.
        _reminderKnown = !Owes;
        await base.OnActivateAsync(cancellationToken);
        if (Owes)
        {
            await ArmAsync();
        }
    }

    /// <summary>The work itself runs on the timer, which does not hold the record's turn.</summary>
    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        _reminderKnown = false;
        return ArmAsync();
    }

    /// <summary>Queues what a status change announces; <see cref="SaveAsync"/> writes and sends it.</summary>
    protected void Announce(ProviderWebhook webhook, SettlementEntry? entry)
    {
        Record.Outbox.Enqueue(webhook, Now, psp.Policy);
        if (entry is not null)
        {
            Record.Unreported.Add(entry);
        }
    }

    /// <summary>Writes the record, then reports its settlement entries and schedules its webhooks.</summary>
    protected async Task SaveAsync()
    {
        try
        {
            await WriteAsync();
        }
        catch
        {
            // The change is in memory only: a new activation reloads what storage holds, and the caller retries.
            DeactivateOnIdle();
            throw;
        }

        await ReportAsync();
        await ArmAsync();
    }

    /// <summary>Does what <see cref="Deadline"/> names; true when the record changed and must be written.</summary>
    protected virtual bool OnDeadline() => false;

    private bool Owes => Record.Outbox.Pending.Count > 0 || Record.Unreported.Count > 0 || Deadline is not null;

    private async Task WorkAsync()
    {
        if (_working)
        {
            return;
        }

        _working = true;
        try
        {
            if (Deadline <= Now && OnDeadline())
            {
                await WriteAsync();
            }

            if (await DeliverDueAsync())
            {
                await WriteAsync();
            }

            if (_reportRetryAt is null || _reportRetryAt <= Now)
            {
                await ReportAsync();
            }

            await ArmAsync();
        }
        finally
        {
            _working = false;
        }
    }

    private Task WriteAsync() => _writes.WriteAsync();

    private async Task<bool> DeliverDueAsync()
    {
        var outbox = Record.Outbox;
        var due = outbox.Due(Now, psp.Policy);
        foreach (var delivery in due)
        {
            var sent = await psp.Transport.SendAsync(psp.WebhookUrl, delivery.Body, psp.Signature.Sign(delivery.Body, Now));
            if (sent)
            {
                outbox.Delivered(delivery);
            }
            else if (!outbox.Failed(delivery, Now, psp.Policy))
            {
                LogGaveUp(delivery.EventId, delivery.Failures);
            }
        }

        return due.Count > 0;
    }

    private async Task ReportAsync()
    {
        if (Record.Unreported.Count == 0)
        {
            return;
        }

        try
        {
            foreach (var day in Record.Unreported.GroupBy(e => SettlementDay.Of(e.OccurredAt)).ToList())
            {
                await GrainFactory.Reference<ISandboxSettlementGrain>(SettlementDay.Key(day.Key)).Record([.. day]);
                Record.Unreported.RemoveAll(day.Contains);
            }

            _reportRetryAt = null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Storage keeps the entries; the day's grain skips any it already has when they come again.
            LogReportFailed(ex);
            _reportRetryAt = Now + ReportRetryDelay;
        }
    }

    private async Task ArmAsync()
    {
        DateTimeOffset?[] times = [Record.Outbox.NextDueAt, Deadline, Record.Unreported.Count > 0 ? _reportRetryAt ?? Now : null];
        var next = times.Where(t => t is not null).Min();
        if (next is null)
        {
            _timer?.Dispose();
            _timer = null;
            await ForgetReminderAsync();
            return;
        }

        var dueIn = next.Value - Now;
        dueIn = dueIn < TimeSpan.Zero ? TimeSpan.Zero : dueIn;
        if (_timer is null)
        {
            // Interleaving: a provider answers its API while it sends webhooks, and a receiver that reads the payment
            // back during a delivery (as ours does) must not wait on the delivery that waits on it.
            _timer = this.RegisterGrainTimer(
                _ => WorkAsync(), new GrainTimerCreationOptions(dueIn, Timeout.InfiniteTimeSpan) { KeepAlive = true, Interleave = true });
        }
        else
        {
            _timer.Change(dueIn, Timeout.InfiniteTimeSpan);
        }

        if (_reminder is null)
        {
            _reminder = await this.RegisterOrUpdateReminder(WakeReminder, ReminderPeriod, ReminderPeriod);
            _reminderKnown = true;
        }
    }

    private async Task ForgetReminderAsync()
    {
        if (_reminderKnown && _reminder is null)
        {
            return;
        }

        var reminder = _reminder ?? await this.GetReminder(WakeReminder);
        if (reminder is not null)
        {
            await this.UnregisterReminder(reminder);
        }

        _reminder = null;
        _reminderKnown = true;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The sandbox gave up on webhook {EventId} after {Failures} failed deliveries.")]
    private partial void LogGaveUp(string eventId, int failures);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The sandbox could not record settlement entries; it tries again.")]
    private partial void LogReportFailed(Exception exception);
}
