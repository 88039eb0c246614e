using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OneDay.Grains.Communication.Email;
using OneDay.Hosting;

namespace OneDay.Silo.Communication;

/// <summary>How a silo's email outboxes send: SMTP when a host is configured, else the pickup folder.</summary>
public static class EmailServices
{
    public static IServiceCollection AddOneDayEmail(this IServiceCollection services, IConfiguration configuration)
    {
        var options = OneDayConfiguration.Read<EmailOptions>(configuration, EmailOptions.SectionName, CheckSmtp);
        services.AddOneDayTime();
        services.AddSingleton(options);
        services.AddSingleton<EmailComposer>();
        // TryAdd: a test may put its own transport in first.
        services.TryAddSingleton<IEmailTransport>(options.UsesSmtp
            ? new SmtpEmailTransport(options.Smtp, ReadPassword(options.Smtp))
            : new PickupFolderEmailTransport(options.PickupDirectory));
        return services;
    }

    private static IEnumerable<string> CheckSmtp(EmailOptions options)
    {
        var path = $"{EmailOptions.SectionName}:Smtp";
        foreach (var error in OneDayConfiguration.Validate(options.Smtp, path))
        {
            yield return error;
        }

        if (!string.IsNullOrEmpty(options.Smtp.Password) && !string.IsNullOrEmpty(options.Smtp.PasswordFile))
        {
            yield return $"{path}: set either Password or PasswordFile, not both.";
        }
    }

    private static string? ReadPassword(SmtpOptions smtp)
    {
        if (string.IsNullOrEmpty(smtp.PasswordFile))
        {
            return smtp.Password;
        }

        try
        {
            return File.ReadAllText(smtp.PasswordFile).TrimEnd('\r', '\n');
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new OneDayConfigurationException($"{EmailOptions.SectionName}:Smtp:PasswordFile names {smtp.PasswordFile}, which cannot be read: {ex.Message}");
        }
    }
}
