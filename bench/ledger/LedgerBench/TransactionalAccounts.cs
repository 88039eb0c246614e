using Orleans.Transactions.Abstractions;

namespace LedgerBench;

[GenerateSerializer]
public sealed class Balance
{
    [Id(0)]
    public long Value { get; set; }
}

/// <summary>One account as Orleans' bank-account sample models it: a transactional balance in grain storage.</summary>
public interface IBenchAccountGrain : IGrainWithGuidKey
{
    [Transaction(TransactionOption.Join)]
    Task Add(long amount);

    [Transaction(TransactionOption.CreateOrJoin)]
    Task<long> Get();

    /// <summary>Money from outside, in a transaction of its own (the clearing account of the ledger design).</summary>
    [Transaction(TransactionOption.Create)]
    Task Fund(long amount);
}

/// <summary>Moves money between accounts in one distributed transaction (two-phase commit across the account grains).</summary>
public interface IBenchTransferGrain : IGrainWithIntegerKey
{
    [Transaction(TransactionOption.Create)]
    Task Move(Guid from, (Guid Account, long Amount)[] to);
}

public sealed class BenchAccountGrain([TransactionalState("balance", "payments")] ITransactionalState<Balance> balance) : Grain, IBenchAccountGrain
{
    public Task Add(long amount) => balance.PerformUpdate(b =>
    {
        // The ledger's CHECK, here: no account but clearing goes below zero.
        if (b.Value + amount < 0)
        {
            throw new InvalidOperationException("Insufficient funds.");
        }

        b.Value += amount;
    });

    public Task<long> Get() => balance.PerformRead(b => b.Value);

    public Task Fund(long amount) => balance.PerformUpdate(b => b.Value += amount);
}

[Orleans.Concurrency.StatelessWorker]
public sealed class BenchTransferGrain : Grain, IBenchTransferGrain
{
    public Task Move(Guid from, (Guid Account, long Amount)[] to) =>
        Task.WhenAll(
            to.Select(t => GrainFactory.GetGrain<IBenchAccountGrain>(t.Account).Add(t.Amount))
                .Append(GrainFactory.GetGrain<IBenchAccountGrain>(from).Add(-to.Sum(t => t.Amount))));
}
