using System.Security.Claims;
using System.Security.Cryptography;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OneDay.Hosting;

namespace OneDay.Api.Security;

public static class SecuritySetup
{
    public const string AuthRateLimitPolicy = "auth";
    private const int MinimumKeyBytes = 32;

    /// <summary>JWT bearer authentication, role policies and the rate limiters.</summary>
    public static SecurityOptions AddOneDaySecurity(this WebApplicationBuilder builder, OneDayOptions oneDay)
    {
        var options = OneDayConfiguration.Read<SecurityOptions>(builder.Configuration, SecurityOptions.SectionName,
            o => OneDayConfiguration.Validate(o.RateLimits, SecurityOptions.SectionName + ":RateLimits"));
        var key = new SigningKey(new SymmetricSecurityKey(ReadKey(options, oneDay.Mode)));
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(key);
        builder.Services.AddOneDayTime();
        builder.Services.AddSingleton<AccessTokenIssuer>();
        builder.Services.AddSingleton<AccountRateLimiter>();
        builder.Services.AddSingleton<RevokedSessions>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<RevokedSessions>());

        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(jwt =>
        {
            jwt.MapInboundClaims = false;
            // Nothing reads the raw token back from the authentication properties; storing it costs per request.
            jwt.SaveToken = false;
            jwt.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = options.Issuer,
                ValidAudience = options.Audience,
                IssuerSigningKey = key.Key,
                ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
                NameClaimType = ClaimsPrincipalExtensions.SubjectClaim,
                RoleClaimType = ClaimsPrincipalExtensions.RoleClaim,
                // The default five minutes would stretch a ten-minute token by half.
                ClockSkew = TimeSpan.FromSeconds(30),
            };
        });

        // Runs after the configuration above, so the cache and its handler take the settings made there.
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<TimeProvider, RevokedSessions>((jwt, time, revoked) =>
            {
                var cache = new ValidatedTokenCache(
                    new JsonWebTokenHandler { MapInboundClaims = jwt.MapInboundClaims }, time,
                    jwt.TokenValidationParameters.ClockSkew, options.ValidatedTokenCacheSize);
                jwt.TokenHandlers.Clear();
                jwt.TokenHandlers.Add(cache);
                jwt.Events = new JwtBearerEvents
                {
                    // A token seen before is answered here, before the handler copies its validation parameters
                    // and builds its validation contexts for the request; anything else takes the full path.
                    OnMessageReceived = context =>
                    {
                        // Set as the message's token, the handler validates a query token a cache miss leaves to it.
                        var token = HubQueryToken(context.Request) is { } queryToken
                            ? (context.Token = queryToken).AsSpan()
                            : BearerToken(context.Request);
                        if (!token.IsEmpty && cache.TryGetValid(token, out var identity, out var session))
                        {
                            if (revoked.IsRevoked(session))
                            {
                                context.Fail("The session was signed out.");
                            }
                            else
                            {
                                context.Principal = new ClaimsPrincipal(identity);
                                context.Success();
                            }
                        }

                        return Task.CompletedTask;
                    },
                    OnTokenValidated = context =>
                    {
                        if (context.Principal is { } principal && revoked.IsRevoked(principal.SessionId()))
                        {
                            context.Fail("The session was signed out.");
                        }

                        return Task.CompletedTask;
                    },
                };
            });

        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Worker, p => p.RequireRole(Policies.Worker))
            .AddPolicy(Policies.Employer, p => p.RequireRole(Policies.Employer))
            .AddPolicy(Policies.Admin, p => p.RequireRole(Policies.Admin));

        builder.Services.AddRateLimiter(limiter =>
        {
            // The framework default is 503, which tells clients the server is broken rather than "slow down".
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = (context, _) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
                context.HttpContext.Response.Headers.RetryAfter =
                    Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                return ValueTask.CompletedTask;
            };
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                RateLimitPartition.GetTokenBucketLimiter(ClientKey(context), _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = options.RateLimits.GlobalBurst,
                    TokensPerPeriod = options.RateLimits.GlobalPerSecond,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                }));
            limiter.AddPolicy(AuthRateLimitPolicy, context =>
                RateLimitPartition.GetFixedWindowLimiter(IpKey(context), _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = options.RateLimits.AuthPerIpPerMinute,
                    Window = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                }));
        });

        return options;
    }

    private static byte[] ReadKey(SecurityOptions options, HostingMode mode)
    {
        var key = SecretKeyReader.Read("OneDay:Security:SigningKey", options.SigningKey, options.SigningKeyFile, MinimumKeyBytes);
        if (key is not null)
        {
            return key;
        }

        if (mode == HostingMode.Cluster)
        {
            throw new OneDayConfigurationException(
                "Cluster mode needs a token signing key shared by every gateway: set OneDay:Security:SigningKey " +
                "(environment variable OneDay__Security__SigningKey), or OneDay:Security:SigningKeyFile, to at least 32 random bytes, base64.");
        }

        // Embedded: one process, so a key that dies with it only signs everyone out on restart.
        return RandomNumberGenerator.GetBytes(64);
    }

    // The bearer handler's own parsing: "Bearer " in any case, then the token with surrounding spaces trimmed.
    /// <summary>
    /// Browsers cannot set headers on a WebSocket, so SignalR clients send the token as the access_token query. Taken
    /// only on the hubs and only without an Authorization header: a token in a URL may be logged along the way, so no
    /// other endpoint invites one.
    /// </summary>
    private static string? HubQueryToken(HttpRequest request) =>
        request.Path.StartsWithSegments("/hubs", StringComparison.OrdinalIgnoreCase)
        && request.Headers.Authorization.Count == 0
        && request.Query["access_token"] is [{ Length: > 0 } token]
            ? token
            : null;

    private static ReadOnlySpan<char> BearerToken(HttpRequest request)
    {
        const string Scheme = "Bearer ";
        var header = request.Headers.Authorization.ToString().AsSpan();
        return header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase) ? header[Scheme.Length..].Trim() : default;
    }

    // Signed-in clients are limited per user (many users can share one NAT address); others per IP. A user id
    // is a UUID and never reads as an IP key, so the claim's own string is the key and nothing is built per request.
    private static string ClientKey(HttpContext context) =>
        context.User.FindFirst(ClaimsPrincipalExtensions.SubjectClaim)?.Value ?? IpKey(context);

    private static string IpKey(HttpContext context) => "ip:" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown");
}
