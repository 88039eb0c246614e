using OneDay.Testing.Load;

namespace OneDay.Tests.Unit.Load;

public sealed class LoadReportTests
{
    private static readonly TimeSpan Ms = TimeSpan.FromMilliseconds(1);

    [Fact]
    public void A_fault_is_measured_in_the_minute_around_it_and_recovered_once_five_seconds_are_well()
    {
        var recorder = new LoadRecorder();
        for (var second = 0; second < 60; second++)
        {
            for (var i = 0; i < 10; i++)
            {
                var due = TimeSpan.FromSeconds(second + i / 10.0);
                // Seconds 20-22 fail half their requests; 23-24 answer slowly; the rest are quick.
                var (latency, status) = second switch
                {
                    >= 20 and < 23 when i % 2 == 0 => (5 * Ms, 503),
                    >= 23 and < 25 => (500 * Ms, 200),
                    _ => (10 * Ms, 200),
                };
                recorder.Record("read", due, latency, status, Outcomes.Of((System.Net.HttpStatusCode)status));
            }
        }

        var fault = new FaultMark("kill", TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(20.5), null);
        var report = LoadReport.Of(recorder, [fault], 10, 0, TimeSpan.FromSeconds(5));

        Assert.Equal(600, report.Total);
        Assert.Equal(15, report.Failures);
        Assert.Equal(0, report.ServerErrors);
        Assert.InRange(report.BaselineP99, 9.9, 10.1);
        var impact = Assert.Single(report.Impacts);
        // Thirty seconds either side of second 20, as far as the run goes: seconds 0 to 49.
        Assert.Equal(500, impact.Requests);
        Assert.Equal(15, impact.Failures);
        Assert.Equal(TimeSpan.FromSeconds(5), impact.RecoveredAfter);
        Assert.Contains("| kill | 20 |", report.ToMarkdown(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(200, Outcome.Ok)]
    [InlineData(404, Outcome.Refused)]
    [InlineData(503, Outcome.Unavailable)]
    [InlineData(500, Outcome.ServerError)]
    [InlineData(502, Outcome.ServerError)]
    public void Statuses_are_counted_as_an_operator_counts_them(int status, Outcome outcome) =>
        Assert.Equal(outcome, Outcomes.Of((System.Net.HttpStatusCode)status));
}
