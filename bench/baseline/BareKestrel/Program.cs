// Bare Kestrel: one minimal API returning a small JSON object shaped like the app's /health/live answer,
// for every path and method, so a scenario's own wrk script (its paths, headers and bodies) can drive it.
// No logging providers (the app under load logs at Warning only), no middleware, no health checks.
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();

var app = builder.Build();
app.Map("/{**path}", () => Results.Json(new { status = "Healthy", checks = new { } }));
app.Run();
