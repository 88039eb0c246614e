using OneDay.Silo.Postgres.Migrations;

namespace OneDay.Tests.Unit.Users;

/// <summary>Which email index rows are already keyed; OneDay.Tests renames the others on a real database.</summary>
public sealed class LegacyEmailIndexKeysRulesTests
{
    [Fact]
    public void A_keyed_id_is_64_lowercase_hex_digits_after_the_type()
    {
        var hex = string.Concat(Enumerable.Repeat("0123456789abcdef", 4));
        Assert.True(LegacyEmailIndexKeys.IsKeyed("emailindex/" + hex));
        Assert.False(LegacyEmailIndexKeys.IsKeyed("emailindex/someone@example.com"));
        Assert.False(LegacyEmailIndexKeys.IsKeyed("emailindex/" + hex.ToUpperInvariant()));
        Assert.False(LegacyEmailIndexKeys.IsKeyed("emailindex/" + hex[..32]));
    }
}
