using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OneDay.Grains.Eventing;

namespace OneDay.Tests.Unit.Eventing;

public sealed class EventMetricsTests : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly FakeTimeProvider _time = new();
    private readonly EventMetrics _metrics;
    private readonly MeterListener _listener = new();
    private readonly Dictionary<string, double> _last = [];

    public EventMetricsTests()
    {
        _metrics = new EventMetrics(_services.GetRequiredService<IMeterFactory>(), _time);
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == EventMetrics.MeterName && instrument.Meter.Scope == _services.GetRequiredService<IMeterFactory>())
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>((instrument, value, _, _) => _last[instrument.Name] = value);
        _listener.SetMeasurementEventCallback<int>((instrument, value, _, _) => _last[instrument.Name] = value);
        _listener.Start();
    }

    [Fact]
    public void The_outbox_age_is_the_longest_run_of_failures_and_ends_when_that_outbox_delivers()
    {
        var first = new object();
        var second = new object();

        Assert.Equal(0, Observe("oneday.events.outbox_oldest_age"));
        _metrics.PublishFailed(first);
        _time.Advance(TimeSpan.FromSeconds(20));
        // A retry that fails again keeps the first failure's time.
        _metrics.PublishFailed(first);
        _metrics.PublishFailed(second);
        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(30, Observe("oneday.events.outbox_oldest_age"));

        _metrics.PublishRecovered(first);
        Assert.Equal(10, Observe("oneday.events.outbox_oldest_age"));
        _metrics.PublishRecovered(second);
        Assert.Equal(0, Observe("oneday.events.outbox_oldest_age"));
    }

    [Fact]
    public void Dead_letters_waiting_are_reported_only_while_the_list_is_active_here()
    {
        Assert.False(TryObserve("oneday.events.dead_letters_waiting", out _));

        _metrics.DeadLettersWaiting(3);
        Assert.Equal(3, Observe("oneday.events.dead_letters_waiting"));

        _metrics.DeadLettersWaiting(null);
        Assert.False(TryObserve("oneday.events.dead_letters_waiting", out _));
    }

    public void Dispose()
    {
        _listener.Dispose();
        _services.Dispose();
    }

    private double Observe(string name) =>
        TryObserve(name, out var value) ? value : throw new InvalidOperationException($"{name} reported nothing");

    private bool TryObserve(string name, out double value)
    {
        _last.Remove(name);
        _listener.RecordObservableInstruments();
        return _last.TryGetValue(name, out value);
    }
}
