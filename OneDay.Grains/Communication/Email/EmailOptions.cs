using System.ComponentModel.DataAnnotations;

namespace OneDay.Grains.Communication.Email;

/// <summary>
/// The "OneDay:Email" section, read by the communication silos. With <see cref="SmtpOptions.Host"/> set, email
/// goes out over SMTP (the cluster's way); without it each message is written as an .eml file into
/// <see cref="PickupDirectory"/>, so the embedded default needs no mail server.
/// </summary>
public sealed class EmailOptions
{
    public const string SectionName = "OneDay:Email";

    [Required, EmailAddress]
    public string FromAddress { get; set; } = "no-reply@oneday.local";

    [Required, StringLength(100)]
    public string FromName { get; set; } = "OneDay";

    /// <summary>Where people reach the gateway from: verification links point here.</summary>
    [Required, Url]
    public string PublicBaseUrl { get; set; } = "http://localhost:3000";

    /// <summary>Relative paths are under the process's working directory.</summary>
    [Required]
    public string PickupDirectory { get; set; } = "mail";

    public SmtpOptions Smtp { get; set; } = new();

    /// <summary>Tries per email, the first included, before it is dead-lettered.</summary>
    [Range(1, 50)]
    public int MaxAttempts { get; set; } = 8;

    /// <summary>The wait after the first failure; each later one doubles it, up to <see cref="MaxRetrySeconds"/>.</summary>
    [Range(0.01, 3600)]
    public double FirstRetrySeconds { get; set; } = 30;

    [Range(0.01, 86_400)]
    public double MaxRetrySeconds { get; set; } = 3600;

    [Range(1, 720)]
    public int VerificationLinkHours { get; set; } = 48;

    public bool UsesSmtp => !string.IsNullOrWhiteSpace(Smtp.Host);

    public TimeSpan RetryDelay(int failures) =>
        TimeSpan.FromSeconds(Math.Min(FirstRetrySeconds * Math.Pow(2, Math.Max(0, failures - 1)), MaxRetrySeconds));
}

public sealed class SmtpOptions
{
    public string? Host { get; set; }

    [Range(1, 65_535)]
    public int Port { get; set; } = 587;

    public SmtpSecurity Security { get; set; } = SmtpSecurity.StartTls;

    /// <summary>Unset: the server is not asked to authenticate us.</summary>
    public string? Username { get; set; }

    public string? Password { get; set; }

    /// <summary>A file holding the password instead of <see cref="Password"/>: a mounted secret.</summary>
    public string? PasswordFile { get; set; }

    [Range(1, 300)]
    public int TimeoutSeconds { get; set; } = 30;
}

public enum SmtpSecurity
{
    /// <summary>Plain text: only for a relay on the same host or a test server.</summary>
    None,

    /// <summary>Upgrade with STARTTLS, and refuse a server that cannot (port 587).</summary>
    StartTls,

    /// <summary>TLS from the first byte (port 465).</summary>
    Tls,
}
