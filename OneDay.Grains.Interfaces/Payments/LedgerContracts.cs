namespace OneDay.Grains.Interfaces.Payments;

/// <summary>
/// What a ledger account holds. Every amount is whole KRW. A balance is what the platform owes the account's
/// holder (or, for <see cref="ProviderClearing"/>, minus the money the payment provider holds for the platform),
/// so the balances of all accounts always sum to zero.
/// </summary>
public enum LedgerAccountKind
{
    /// <summary>An employer's money, free to fund shifts or to be refunded.</summary>
    EmployerAvailable = 0,

    /// <summary>An employer's money set aside outside any shift, such as a refund on its way back to the card.</summary>
    EmployerHeld = 1,

    /// <summary>One accepted shift's pay and fee, held from its employer until the shift is settled or refunded.</summary>
    Escrow = 2,

    /// <summary>A worker's earned money, free to be paid out.</summary>
    WorkerAvailable = 3,

    /// <summary>A worker's money on its way to their bank account, until the provider confirms the payout.</summary>
    WorkerPendingPayout = 4,

    /// <summary>The platform's fees.</summary>
    PlatformRevenue = 5,

    /// <summary>Income tax withheld from wages, owed to the tax office.</summary>
    TaxPayable = 6,

    /// <summary>
    /// The other side of money entering or leaving through the payment provider: minus what the provider
    /// holds for the platform. The only account whose balance may be negative.
    /// </summary>
    ProviderClearing = 7,

    /// <summary>
    /// The other side of an admin's manual correction of a user's balance: what the platform gave (negative) or
    /// took back. It may be negative, like provider clearing: a correction moves the platform's own money.
    /// </summary>
    PlatformAdjustments = 8,
}

/// <summary>
/// One ledger account: a kind, the user it belongs to (<see cref="Guid.Empty"/> for the platform's own accounts)
/// and, for escrow, the assignment (one worker on one job) it holds money for; for platform revenue and tax
/// payable, the same field may name one of their <see cref="PlatformShards"/> shards. No nulls, so the three
/// together are the account's key everywhere, in memory and in PostgreSQL.
/// </summary>
[GenerateSerializer, Immutable, Alias("oneday.payments.ledger-account")]
public sealed record LedgerAccount(
    [property: Id(0)] LedgerAccountKind Kind,
    [property: Id(1)] Guid Owner,
    [property: Id(2)] Guid Assignment)
{
    public static LedgerAccount EmployerAvailable(Guid employerId) => new(LedgerAccountKind.EmployerAvailable, employerId, Guid.Empty);

    public static LedgerAccount EmployerHeld(Guid employerId) => new(LedgerAccountKind.EmployerHeld, employerId, Guid.Empty);

    public static LedgerAccount Escrow(Guid employerId, Guid assignmentId) => new(LedgerAccountKind.Escrow, employerId, assignmentId);

    public static LedgerAccount WorkerAvailable(Guid workerId) => new(LedgerAccountKind.WorkerAvailable, workerId, Guid.Empty);

    public static LedgerAccount WorkerPendingPayout(Guid workerId) => new(LedgerAccountKind.WorkerPendingPayout, workerId, Guid.Empty);

    /// <summary>
    /// How many balance rows platform revenue and tax payable are each spread over. Every settlement credits both,
    /// and one row each made every settlement in the cluster wait for the one before it to commit.
    /// </summary>
    public const int PlatformShards = 16;

    private static readonly Guid[] ShardIds = [.. Enumerable.Range(1, PlatformShards).Select(i => new Guid(i, 0, 0, new byte[8]))];

    public static LedgerAccount PlatformRevenue { get; } = new(LedgerAccountKind.PlatformRevenue, Guid.Empty, Guid.Empty);

    public static LedgerAccount TaxPayable { get; } = new(LedgerAccountKind.TaxPayable, Guid.Empty, Guid.Empty);

    /// <summary>The platform revenue shard a movement keyed by <paramref name="spreadBy"/> (an assignment) credits.</summary>
    public static LedgerAccount PlatformRevenueFor(Guid spreadBy) => new(LedgerAccountKind.PlatformRevenue, Guid.Empty, ShardOf(spreadBy));

    public static LedgerAccount TaxPayableFor(Guid spreadBy) => new(LedgerAccountKind.TaxPayable, Guid.Empty, ShardOf(spreadBy));

    private static Guid ShardOf(Guid key)
    {
        Span<byte> bytes = stackalloc byte[16];
        key.TryWriteBytes(bytes);
        return ShardIds[BitConverter.ToUInt32(bytes) % PlatformShards];
    }

    public static LedgerAccount ProviderClearing { get; } = new(LedgerAccountKind.ProviderClearing, Guid.Empty, Guid.Empty);

    public static LedgerAccount PlatformAdjustments { get; } = new(LedgerAccountKind.PlatformAdjustments, Guid.Empty, Guid.Empty);

    public bool IsPlatform => Kind is LedgerAccountKind.PlatformRevenue or LedgerAccountKind.TaxPayable or LedgerAccountKind.ProviderClearing
        or LedgerAccountKind.PlatformAdjustments;

    /// <summary>
    /// Every account but the platform's clearing and adjustment accounts holds money someone is owed, which cannot
    /// be less than none.
    /// </summary>
    public bool MayGoNegative => Kind is LedgerAccountKind.ProviderClearing or LedgerAccountKind.PlatformAdjustments;

    /// <summary>
    /// A user's account names the user; a platform account nobody; escrow names its assignment; revenue and tax
    /// payable may name a shard; nothing else names anything more.
    /// </summary>
    public bool IsWellFormed =>
        Enum.IsDefined(Kind)
        && IsPlatform == (Owner == Guid.Empty)
        && Kind switch
        {
            LedgerAccountKind.Escrow => Assignment != Guid.Empty,
            LedgerAccountKind.PlatformRevenue or LedgerAccountKind.TaxPayable => Assignment == Guid.Empty || ShardIds.Contains(Assignment),
            _ => Assignment == Guid.Empty,
        };

    /// <summary>The account's kind as stored and shown: employer-available, escrow, provider-clearing, ...</summary>
    public string KindName => LedgerNames.Of(Kind);

    public override string ToString() =>
        Kind == LedgerAccountKind.Escrow ? $"{KindName}/{Owner:N}/{Assignment:N}"
        : IsPlatform && Assignment != Guid.Empty ? $"{KindName}/{Assignment:N}"
        : IsPlatform ? KindName
        : $"{KindName}/{Owner:N}";
}

/// <summary>One line of a ledger transaction: <see cref="Amount"/> KRW added to the account's balance (negative: taken from it).</summary>
[GenerateSerializer, Immutable, Alias("oneday.payments.posting")]
public sealed record Posting([property: Id(0)] LedgerAccount Account, [property: Id(1)] long Amount);

/// <summary>Why money moved.</summary>
public enum LedgerTransactionKind
{
    TopUp = 0,
    EscrowHold = 1,
    Settlement = 2,
    EscrowRefund = 3,
    CancellationFee = 4,
    PayoutRequested = 5,
    PayoutCompleted = 6,
    PayoutFailed = 7,
    Adjustment = 8,
}

/// <summary>
/// One money movement: postings that sum to zero, appended to the ledger as a whole or not at all. The id is
/// the movement's idempotency key (derived from the request's Idempotency-Key or from the business fact, such
/// as an assignment's hold, see <c>LedgerRules.TransactionId</c>): appending it again with the same content
/// returns the stored one, so a retry never moves money twice.
/// </summary>
[GenerateSerializer, Immutable, Alias("oneday.payments.ledger-transaction")]
public sealed record LedgerTransaction(
    [property: Id(0)] Guid TransactionId,
    [property: Id(1)] LedgerTransactionKind Kind,
    [property: Id(2)] Posting[] Postings,
    [property: Id(3)] DateTimeOffset OccurredAt,
    [property: Id(4)] string Reference)
{
    /// <summary>
    /// Whether <paramref name="other"/> is the same movement: kind, reference and postings (in any order). The
    /// time is not compared, since a retry is made later than the first attempt.
    /// </summary>
    public bool SameContentAs(LedgerTransaction other) =>
        TransactionId == other.TransactionId
        && Kind == other.Kind
        && string.Equals(Reference, other.Reference, StringComparison.Ordinal)
        && Postings.Length == other.Postings.Length
        && Postings.OrderBy(p => p.Account.ToString(), StringComparer.Ordinal)
            .SequenceEqual(other.Postings.OrderBy(p => p.Account.ToString(), StringComparer.Ordinal));
}

public enum LedgerAppendOutcome
{
    /// <summary>Appended now.</summary>
    Appended = 0,

    /// <summary>The same transaction was appended before: nothing moved now, <c>Transaction</c> is the stored one.</summary>
    AlreadyAppended = 1,

    /// <summary>The id was appended before with other content: nothing moved, <c>Transaction</c> is the stored one.</summary>
    Conflict = 2,

    /// <summary>An account that must not go negative would have: nothing moved, <c>Overdrawn</c> names it.</summary>
    InsufficientFunds = 3,
}

[GenerateSerializer, Immutable, Alias("oneday.payments.ledger-append-result")]
public sealed record LedgerAppendResult(
    [property: Id(0)] LedgerAppendOutcome Outcome,
    [property: Id(1)] LedgerTransaction? Transaction,
    [property: Id(2)] LedgerAccount? Overdrawn)
{
    public bool Moved => Outcome is LedgerAppendOutcome.Appended or LedgerAppendOutcome.AlreadyAppended;
}

/// <summary>An account's balance as the ledger holds it (derived from its postings, cached per account).</summary>
[GenerateSerializer, Immutable, Alias("oneday.payments.ledger-balance")]
public sealed record LedgerBalance([property: Id(0)] LedgerAccount Account, [property: Id(1)] long Balance);

/// <summary>One posting as an account's history shows it, newest first; <see cref="Position"/> is the paging cursor.</summary>
[GenerateSerializer, Immutable, Alias("oneday.payments.ledger-entry")]
public sealed record LedgerEntry(
    [property: Id(0)] long Position,
    [property: Id(1)] Guid TransactionId,
    [property: Id(2)] LedgerTransactionKind Kind,
    [property: Id(3)] long Amount,
    [property: Id(4)] DateTimeOffset OccurredAt,
    [property: Id(5)] string Reference);

/// <summary>A page of an account's history; pass <see cref="NextBefore"/> back for the older entries, null on the last page.</summary>
[GenerateSerializer, Immutable, Alias("oneday.payments.ledger-entry-page")]
public sealed record LedgerEntryPage([property: Id(0)] LedgerEntry[] Items, [property: Id(1)] long? NextBefore);

/// <summary>A user's money as their wallet shows it, summed over their accounts.</summary>
[GenerateSerializer, Immutable, Alias("oneday.payments.wallet-balances")]
public sealed record WalletBalances(
    [property: Id(0)] Guid UserId,
    [property: Id(1)] long Available,
    [property: Id(2)] long Held,
    [property: Id(3)] long PendingPayout)
{
    /// <summary>
    /// Available: employer and worker available; held: employer held and every escrow the user funds; pending:
    /// payouts on their way. One user may be employer and worker at once, so both kinds add up.
    /// </summary>
    public static WalletBalances From(Guid userId, IEnumerable<LedgerBalance> balances)
    {
        long available = 0, held = 0, pending = 0;
        foreach (var balance in balances.Where(b => b.Account.Owner == userId))
        {
            switch (balance.Account.Kind)
            {
                case LedgerAccountKind.EmployerAvailable or LedgerAccountKind.WorkerAvailable:
                    available = checked(available + balance.Balance);
                    break;
                case LedgerAccountKind.EmployerHeld or LedgerAccountKind.Escrow:
                    held = checked(held + balance.Balance);
                    break;
                case LedgerAccountKind.WorkerPendingPayout:
                    pending = checked(pending + balance.Balance);
                    break;
            }
        }

        return new WalletBalances(userId, available, held, pending);
    }
}

/// <summary>Why the ledger does not add up, at the first place it does not.</summary>
public enum LedgerDiscrepancy
{
    None = 0,

    /// <summary>A transaction's postings do not sum to zero, or it has fewer than two, or a zero one.</summary>
    UnbalancedTransaction = 1,

    /// <summary>An account's cached balance is not the sum of its postings.</summary>
    BalanceMismatch = 2,

    /// <summary>An account that must not go negative is.</summary>
    NegativeBalance = 3,

    /// <summary>The balances of all accounts do not sum to zero.</summary>
    NonZeroTotal = 4,
}

/// <summary>
/// The ledger's check: every transaction balances, every cached balance equals the sum of its postings, no
/// account that must not be negative is, and all balances sum to zero. Names the first discrepancy found.
/// </summary>
[GenerateSerializer, Immutable, Alias("oneday.payments.ledger-verification")]
public sealed record LedgerVerification(
    [property: Id(0)] LedgerDiscrepancy Discrepancy,
    [property: Id(1)] Guid? TransactionId,
    [property: Id(2)] LedgerAccount? Account,
    [property: Id(3)] string? Detail,
    [property: Id(4)] long TransactionsChecked,
    [property: Id(5)] long AccountsChecked)
{
    public bool Ok => Discrepancy == LedgerDiscrepancy.None;
}

/// <summary>
/// The names the ledger's kinds are stored and shown by, in kebab case (EmployerAvailable: employer-available):
/// a row in PostgreSQL says what it is without a lookup table, and survives a reordering of the enum.
/// </summary>
public static class LedgerNames
{
    public static string Of<T>(T value)
        where T : struct, Enum =>
        Names<T>.ByValue.TryGetValue(value, out var name) ? name : throw new ArgumentOutOfRangeException(nameof(value), value, "Not a defined kind.");

    public static T Parse<T>(string name)
        where T : struct, Enum =>
        Names<T>.ByName.TryGetValue(name, out var value) ? value : throw new FormatException($"'{name}' is not a {typeof(T).Name}.");

    private static string Kebab(string pascal) =>
        string.Concat(pascal.Select((c, i) => char.IsUpper(c) ? (i == 0 ? "" : "-") + char.ToLowerInvariant(c) : c.ToString()));

    private static class Names<T>
        where T : struct, Enum
    {
        public static readonly Dictionary<T, string> ByValue = Enum.GetValues<T>().ToDictionary(v => v, v => Kebab(v.ToString()));

        public static readonly Dictionary<string, T> ByName = ByValue.ToDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);
    }
}
