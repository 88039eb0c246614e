using OneDay.Grains.Communication.Email;
using OneDay.Grains.Interfaces.Communication;

namespace OneDay.Tests.Unit.Communication;

public sealed class EmailOutboxStateTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 6, 9, 0, 0, TimeSpan.Zero);
    private static readonly Guid User = Guid.NewGuid();

    private static OutgoingEmail Email(string kind = NotificationKinds.ShiftPaid) => new(Guid.NewGuid(), kind, At);

    private static TimeSpan Delay(int failures) => TimeSpan.FromSeconds(10 * failures);

    [Fact]
    public void An_email_is_queued_once_however_often_it_comes()
    {
        var outbox = new EmailOutboxState();
        var email = Email();

        Assert.True(outbox.TryAdd(email, At));
        Assert.False(outbox.TryAdd(email, At.AddMinutes(1)));
        Assert.Single(outbox.Pending);

        outbox.Remove(email.Id);
        // Sent and gone, it is still known: a late redelivery is not sent again.
        Assert.False(outbox.TryAdd(email, At.AddMinutes(2)));
        Assert.Null(outbox.NextDueAt);
    }

    [Fact]
    public void Failures_back_off_until_the_limit_then_the_email_is_dead_lettered()
    {
        var outbox = new EmailOutboxState();
        var email = Email();
        outbox.TryAdd(email, At);

        Assert.Null(outbox.Fail(User, email.Id, "451 later", permanent: false, At, maxAttempts: 3, Delay));
        Assert.Equal(At.AddSeconds(10), outbox.NextDueAt);
        Assert.Empty(outbox.Due(At.AddSeconds(9)));
        Assert.Single(outbox.Due(At.AddSeconds(10)));
        Assert.Null(outbox.Fail(User, email.Id, "451 later", permanent: false, At.AddSeconds(10), maxAttempts: 3, Delay));
        Assert.Equal(At.AddSeconds(30), outbox.NextDueAt);

        var dead = outbox.Fail(User, email.Id, "451 still", permanent: false, At.AddSeconds(30), maxAttempts: 3, Delay);

        Assert.NotNull(dead);
        Assert.Equal((User, email, 3, "451 still"), (dead.UserId, dead.Email, dead.Attempts, dead.Reason));
        Assert.Empty(outbox.Pending);
        Assert.Equal([dead], outbox.DeadLetters);
    }

    [Fact]
    public void A_permanent_failure_is_dead_lettered_at_once_and_a_revived_one_starts_afresh()
    {
        var outbox = new EmailOutboxState();
        var email = Email();
        outbox.TryAdd(email, At);

        Assert.NotNull(outbox.Fail(User, email.Id, "550 no such mailbox", permanent: true, At, maxAttempts: 8, Delay));
        Assert.Null(outbox.Revive(Guid.NewGuid(), At));

        Assert.NotNull(outbox.Revive(email.Id, At.AddHours(1)));
        Assert.Empty(outbox.DeadLetters);
        Assert.Equal(0, Assert.Single(outbox.Pending).Failures);
        Assert.Equal(At.AddHours(1), outbox.NextDueAt);
    }

    [Fact]
    public void Dead_letters_are_bounded_and_the_newest_kept()
    {
        var outbox = new EmailOutboxState();
        var emails = Enumerable.Range(0, EmailOutboxState.DeadLetterCapacity + 5).Select(_ => Email()).ToList();
        foreach (var email in emails)
        {
            outbox.TryAdd(email, At);
            outbox.Fail(User, email.Id, "550", permanent: true, At, maxAttempts: 8, Delay);
        }

        Assert.Equal(EmailOutboxState.DeadLetterCapacity, outbox.DeadLetters.Count);
        Assert.Equal(emails[^1].Id, outbox.DeadLetters[^1].Email.Id);
        Assert.Equal(emails[5].Id, outbox.DeadLetters[0].Email.Id);
    }

    [Theory]
    [InlineData(1, 30)]
    [InlineData(2, 60)]
    [InlineData(4, 240)]
    [InlineData(12, 3600)]
    public void Retry_delays_double_up_to_the_cap(int failures, double seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), new EmailOptions().RetryDelay(failures));
}
