using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace OneDay.Grains.Security;

/// <summary>
/// ASP.NET Core Identity's PBKDF2 hasher, run off the Orleans scheduler: a hash costs tens of
/// milliseconds of CPU, which would otherwise stall every grain sharing the scheduler thread. At most
/// one hash per core runs at a time, so a burst of sign-ins queues instead of starving every other request.
/// </summary>
public sealed class PasswordHashing : IDisposable
{
    private readonly SemaphoreSlim _cores = new(Environment.ProcessorCount, Environment.ProcessorCount);
    private readonly PasswordHasher<object> _hasher;
    private readonly string _decoy;

    public PasswordHashing(AccountPolicy policy)
    {
        _hasher = new PasswordHasher<object>(Options.Create(new PasswordHasherOptions
        {
            CompatibilityMode = PasswordHasherCompatibilityMode.IdentityV3,
            IterationCount = policy.PasswordHashIterations,
        }));
        _decoy = _hasher.HashPassword(Subject, Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16)));
    }

    private static readonly object Subject = new();

    public Task<string> HashAsync(string password) => OnACoreAsync(() => _hasher.HashPassword(Subject, password));

    /// <returns>Whether it matched, and whether the stored hash should be replaced (older, cheaper parameters).</returns>
    public Task<(bool Matches, bool Rehash)> VerifyAsync(string hash, string password) => OnACoreAsync(() =>
        _hasher.VerifyHashedPassword(Subject, hash, password) switch
        {
            PasswordVerificationResult.Success => (true, false),
            PasswordVerificationResult.SuccessRehashNeeded => (true, true),
            _ => (false, false),
        });

    /// <summary>Spends the same time as a real check, for sign-ins to accounts that do not exist.</summary>
    public Task VerifyDecoyAsync(string password) => VerifyAsync(_decoy, password);

    public void Dispose() => _cores.Dispose();

    private async Task<T> OnACoreAsync<T>(Func<T> work)
    {
        await _cores.WaitAsync();
        try
        {
            return await Task.Run(work);
        }
        finally
        {
            _cores.Release();
        }
    }
}
