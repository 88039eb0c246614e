using Microsoft.Extensions.FileProviders;

namespace OneDay.Api.Hosting;

/// <summary>
/// The small web client (wwwroot: the app and the vendored SignalR client), served from resources embedded in
/// this assembly, so every host of the gateway serves it whatever its content root (the embedded default, the
/// gateway image, tests).
/// </summary>
public static class WebClient
{
    public const string Entry = "/app/index.html";

    /// <summary>
    /// Only this origin's scripts, styles and connections (the API and the hub), and no framing: a message that
    /// somehow reached the page as markup still could not run or send anything elsewhere.
    /// </summary>
    private const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; " +
        "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public static WebApplication UseOneDayWebClient(this WebApplication app)
    {
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = new EmbeddedFileProvider(typeof(WebClient).Assembly, "OneDay.Api.wwwroot"),
            OnPrepareResponse = context =>
            {
                var headers = context.Context.Response.Headers;
                headers.ContentSecurityPolicy = ContentSecurityPolicy;
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "no-referrer";
                // Small files, revalidated each time: a deploy is seen at once.
                headers.CacheControl = "no-cache";
            },
        });
        return app;
    }

    public static WebApplication MapOneDayWebClient(this WebApplication app)
    {
        // Embedded files have no directory listing for a default document to be found in. Routing ignores a
        // trailing slash, so this one route also answers "/app/".
        app.MapGet("/app", () => Results.Redirect(Entry)).AllowAnonymous().ExcludeFromDescription();
        return app;
    }
}
