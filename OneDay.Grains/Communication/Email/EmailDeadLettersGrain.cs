using OneDay.Grains.Interfaces;
using OneDay.Grains.Interfaces.Communication;
using OneDay.Grains.Placement;

namespace OneDay.Grains.Communication.Email;

[GenerateSerializer, Alias("oneday.communication.email-dead-letters-state")]
public sealed class EmailDeadLettersState
{
    /// <summary>Oldest first.</summary>
    [Id(0)] public List<EmailDeadLetter> Items { get; set; } = [];
}

/// <summary>The operators' list of emails given up on (see <see cref="IEmailDeadLettersGrain"/>), bounded: the newest are kept.</summary>
[DomainPlacement(Domains.Communication)]
public sealed class EmailDeadLettersGrain(
    [PersistentState("email-dead-letters", Domains.Communication)] IPersistentState<EmailDeadLettersState> state)
    : Grain, IEmailDeadLettersGrain
{
    public const int Capacity = 1_000;

    public async Task Add(EmailDeadLetter deadLetter)
    {
        var items = state.State.Items;
        if (items.Exists(d => d.UserId == deadLetter.UserId && d.Email.Id == deadLetter.Email.Id))
        {
            return;
        }

        items.Add(deadLetter);
        if (items.Count > Capacity)
        {
            items.RemoveRange(0, items.Count - Capacity);
        }

        await state.WriteStateAsync();
    }

    public async Task Remove(Guid userId, Guid emailId)
    {
        if (state.State.Items.RemoveAll(d => d.UserId == userId && d.Email.Id == emailId) > 0)
        {
            await state.WriteStateAsync();
        }
    }

    public Task<IReadOnlyList<EmailDeadLetter>> List(int limit) =>
        Task.FromResult<IReadOnlyList<EmailDeadLetter>>([.. state.State.Items.AsEnumerable().Reverse().Take(limit)]);
}
