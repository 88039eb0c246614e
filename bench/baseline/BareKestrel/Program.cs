var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
var app = builder.Build();
app.MapGet("/json", () => Results.Json(new { status = "Healthy", checks = new { } }));
app.Run();
