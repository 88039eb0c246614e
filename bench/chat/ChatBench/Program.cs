using System.Globalization;
using ChatBench;
using OneDay.Testing;

// Issue 20's chat benchmark (bench/README.md, *Chat*): the app's hub against a bare SignalR relay, same clients,
// same traffic, in turns in one run.
//   dotnet run -c Release --project bench/chat/ChatBench -- [conversations] [seconds] [rounds]
var conversations = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 500;
var seconds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 15;
var rounds = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 3;
var window = TimeSpan.FromSeconds(seconds);
var warmUp = TimeSpan.FromSeconds(Math.Max(20, seconds));

var root = RepoPaths.Root;
var work = Path.Combine(root, "bench", ".work", "chat");
Directory.CreateDirectory(work);

// One run at a time, the bench runner's and bench/*.sh's included: .NET takes flock(LOCK_EX | LOCK_NB) for FileShare.None.
FileStream runLock;
try
{
    runLock = new FileStream(Path.Combine(root, "bench", ".work", "run.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
}
catch (IOException)
{
    Console.Error.WriteLine("another bench run holds bench/.work/run.lock");
    return 2;
}

await using var heldLock = runLock;
var stamp = DateTime.UtcNow.ToString("yyyy-MM-dd'T'HHmm'Z'", CultureInfo.InvariantCulture);
var logs = Path.Combine(work, "runs", stamp);
Directory.CreateDirectory(logs);
var report = new Report(stamp, conversations, seconds, rounds);

var servers = new Servers(root, work);
await servers.PublishAsync();
await using var app = await servers.StartAppAsync(logs);
await using var bare = await servers.StartBareHubAsync(logs);

Console.WriteLine($"opening {conversations} conversations on the app (jobs, applications, the saga)...");
var onApp = await Conversations.OpenOnAppAsync(app.Url, servers.SigningKey, conversations);
Console.WriteLine($"connecting {conversations * 2} clients to each server...");
await using var appClients = await ChatClients.ConnectAsync(onApp, (_, _) => new Uri(app.Url + "/hubs/chat"));
await using var bareClients = await ChatClients.ConnectAsync(
    Conversations.ForBareHub(conversations), (c, p) => new Uri($"{bare.Url}/hub?user={p.UserId}&conversation={c.Id}"));
report.AppRssAfterConnect = app.RssBytes();

Console.WriteLine($"warming up each for {warmUp.TotalSeconds} s...");
await appClients.SaturateAsync(warmUp);
await bareClients.SaturateAsync(warmUp);

for (var round = 1; round <= rounds; round++)
{
    // Alternate who goes first: the machine's speed drifts over minutes.
    foreach (var (name, clients) in round % 2 == 1 ? new[] { ("app", appClients), ("bare", bareClients) } : [("bare", bareClients), ("app", appClients)])
    {
        var sample = await clients.SaturateAsync(window);
        report.AddSaturation(round, name, sample);
        Console.WriteLine($"round {round} {name}: {sample.DeliveriesPerSecond:F0} deliveries/s, {sample.Errors} errors");
    }
}

var rate = report.SteadyRate;
Console.WriteLine($"steady at {rate:F0} messages/s (half the app's maximum)...");
report.AppSteady = await appClients.SteadyAsync(rate, window);
report.BareSteady = await bareClients.SteadyAsync(rate, window);
report.AppRssAtEnd = app.RssBytes();

var markdown = report.Markdown();
Console.WriteLine();
Console.WriteLine(markdown);
var results = Path.Combine(root, "bench", "results", "chat.md");
await File.WriteAllTextAsync(results, Report.Merge(File.Exists(results) ? await File.ReadAllTextAsync(results) : null, markdown, report.HistoryRow()));
Console.WriteLine("wrote " + results);
return report.Passed ? 0 : 1;
