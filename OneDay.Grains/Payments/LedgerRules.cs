using System.Security.Cryptography;
using System.Text;
using OneDay.Grains.Interfaces;
using OneDay.Grains.Interfaces.Payments;

namespace OneDay.Grains.Payments;

/// <summary>
/// What a ledger transaction and an amount of money may be; pure, so the ledger stores and every grain that
/// moves money apply one rule, and tests need no store.
/// </summary>
public static class LedgerRules
{
    public const int MaxReference = 200;

    /// <summary>More lines than any movement needs (a settlement has four); a bound on what one append writes.</summary>
    public const int MaxPostings = 16;

    /// <summary>
    /// The id of the movement a request or a business fact causes: the same <paramref name="scope"/> (who, and
    /// for what, e.g. "top-up/{userId}") and <paramref name="key"/> (the Idempotency-Key, or the fact's own id)
    /// always name the same transaction, so its retry is found as already appended instead of moving money twice.
    /// Stored transactions are found by it, so it must never change.
    /// </summary>
    public static Guid TransactionId(string scope, string key)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"ledger|{scope}|{key}"));
        return new Guid(hash.AsSpan(0, 16));
    }

    /// <summary>
    /// An amount a user asks to move: a whole positive number of KRW up to <paramref name="max"/>. Fractions
    /// and numbers beyond a long never get here (the gateway refuses them as malformed JSON).
    /// </summary>
    public static List<FieldError> ValidateAmount(long amount, long max, string field = "amountKrw") =>
        amount <= 0 ? [new FieldError(field, "A positive whole number of KRW.")]
        : amount > max ? [new FieldError(field, $"At most {max} KRW.")]
        : [];

    /// <summary>
    /// A transaction the ledger may append: an id, a kind, a reference, and between two and <see cref="MaxPostings"/>
    /// postings to distinct, well-formed accounts, none of them zero or above <paramref name="maxMovement"/>,
    /// that sum to exactly zero.
    /// </summary>
    public static List<FieldError> Validate(LedgerTransaction transaction, long maxMovement)
    {
        var errors = new List<FieldError>();
        void Add(string field, string message) => errors.Add(new FieldError(field, message));

        if (transaction.TransactionId == Guid.Empty)
        {
            Add("transactionId", "Required.");
        }

        if (!Enum.IsDefined(transaction.Kind))
        {
            Add("kind", "Unknown transaction kind.");
        }

        if (string.IsNullOrWhiteSpace(transaction.Reference) || transaction.Reference.Length > MaxReference)
        {
            Add("reference", $"Required, at most {MaxReference} characters.");
        }

        var postings = transaction.Postings ?? [];
        if (postings.Length is < 2 or > MaxPostings)
        {
            Add("postings", $"Between 2 and {MaxPostings} postings.");
            return errors;
        }

        for (var i = 0; i < postings.Length; i++)
        {
            var posting = postings[i];
            if (posting?.Account is not { IsWellFormed: true })
            {
                Add($"postings[{i}].account", "Not a well-formed account (a user's account names its user, a platform account nobody, escrow an assignment).");
            }

            if (posting is null || posting.Amount == 0)
            {
                Add($"postings[{i}].amount", "A posting moves money: it is never zero.");
            }
            else if (posting.Amount == long.MinValue || Math.Abs(posting.Amount) > maxMovement)
            {
                Add($"postings[{i}].amount", $"At most {maxMovement} KRW either way.");
            }
        }

        if (errors.Count > 0)
        {
            return errors;
        }

        if (postings.Select(p => p.Account).Distinct().Count() != postings.Length)
        {
            Add("postings", "One posting per account: an account named twice would be locked and counted twice.");
        }

        // Each amount is at most maxMovement (<= 10^12) in size and there are at most 16, so the sum cannot overflow.
        if (postings.Sum(p => p.Amount) != 0)
        {
            Add("postings", "Postings must sum to zero: money is only ever moved, never made or lost.");
        }

        return errors;
    }

    /// <summary>The first account <paramref name="postings"/> would take below zero from <paramref name="balances"/>, if any.</summary>
    public static LedgerAccount? FirstOverdrawn(IEnumerable<Posting> postings, Func<LedgerAccount, long> balances) =>
        postings.FirstOrDefault(p => !p.Account.MayGoNegative && balances(p.Account) + p.Amount < 0)?.Account;
}
