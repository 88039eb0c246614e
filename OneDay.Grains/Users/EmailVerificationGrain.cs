using OneDay.Grains.Interfaces;
using OneDay.Grains.Interfaces.Users;
using Orleans.Concurrency;

namespace OneDay.Grains.Users;

/// <summary>Checks a verification link's token, then lets the account's grain decide; see <see cref="IEmailVerificationGrain"/>.</summary>
[StatelessWorker]
public sealed class EmailVerificationGrain(EmailVerificationTokens tokens) : Grain, IEmailVerificationGrain
{
    public async Task<EmailVerificationResult> Verify(string token)
    {
        if (tokens.Read(token) is not { } read)
        {
            return new(EmailVerificationOutcome.Invalid, null);
        }

        if (read.Expired)
        {
            return new(EmailVerificationOutcome.Expired, read.UserId);
        }

        var outcome = await GrainFactory.Reference<IUserGrain>(read.UserId).ConfirmEmail(read.AddressHash);
        return new(outcome, read.UserId);
    }
}
