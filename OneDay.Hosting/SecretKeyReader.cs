namespace OneDay.Hosting;

/// <summary>
/// Reads a base64 secret given either inline (<c>OneDay:Security:X</c>) or as a file (<c>OneDay:Security:XFile</c>,
/// for keys generated into a volume or mounted from a secret) and refuses one that is malformed, too short or
/// published in the repository.
/// </summary>
public static class SecretKeyReader
{
    /// <param name="key">The configuration key, e.g. "OneDay:Security:SigningKey"; its file variant is key + "File".</param>
    /// <returns>The key's bytes, or null when neither is set (the caller decides whether that is allowed).</returns>
    public static byte[]? Read(string key, string? value, string? file, int minimumBytes)
    {
        var hasValue = !string.IsNullOrWhiteSpace(value);
        var hasFile = !string.IsNullOrWhiteSpace(file);
        if (hasValue && hasFile)
        {
            throw new OneDayConfigurationException($"Set either {key} or {key}File, not both.");
        }

        if (!hasValue && !hasFile)
        {
            return null;
        }

        var text = hasFile ? ReadFile(key, file!) : value!;
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(text.Trim());
        }
        catch (FormatException)
        {
            throw new OneDayConfigurationException($"{key} must be base64.");
        }

        if (bytes.Length < minimumBytes)
        {
            throw new OneDayConfigurationException($"{key} must hold at least {minimumBytes} bytes.");
        }

        return PublishedKeys.Contains(bytes)
            ? throw new OneDayConfigurationException(
                $"{key} is a key published in the OneDay repository (sha256 {PublishedKeys.Fingerprint(bytes)}), so it is " +
                $"no secret. Make a new one, e.g. with: openssl rand -base64 48")
            : bytes;
    }

    private static string ReadFile(string key, string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new OneDayConfigurationException($"{key}File names {path}, which cannot be read: {ex.Message}");
        }
    }
}
