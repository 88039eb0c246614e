namespace OneDay.Testing;

/// <summary>Settings every test silo shares, like a real cluster's silos share their secret.</summary>
public static class SiloDefaults
{
    // Made per test run: a key written in the repository is published, and every process refuses it.
    public static readonly string SiloKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(48));
}
