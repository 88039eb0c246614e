using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using OneDay.Api.Hosting;
using OneDay.Grains.Interfaces.Diagnostics;
using Orleans.Runtime;
using Orleans.Serialization.Invocation;

namespace OneDay.Tests.Unit.Hosting;

public sealed class UndeliveredCallRetryTests
{
    [Fact]
    public async Task A_rejected_call_is_sent_again_until_it_goes_through()
    {
        var call = new FakeCall(failures: 3, () => Rejection("Exception while sending message: connection failed"));

        await RunAsync(call);

        Assert.Equal(4, call.Invocations);
    }

    [Fact]
    public async Task A_call_no_silo_of_its_domain_could_take_is_sent_again_once_one_is_back()
    {
        var call = new FakeCall(failures: 4, () => new DomainUnavailableException("jobs", default(GrainId)));

        await RunAsync(call);

        Assert.Equal(5, call.Invocations);
    }

    [Fact]
    public async Task A_call_whose_grain_placed_but_whose_callee_could_not_be_is_not_sent_again()
    {
        var callee = GrainId.Create("job", "further-down");
        var call = new FakeCall(failures: 1, () => new DomainUnavailableException("jobs", callee));

        await Assert.ThrowsAsync<DomainUnavailableException>(() => RunAsync(call));

        Assert.Equal(1, call.Invocations);
    }

    [Fact]
    public async Task A_call_whose_gateway_refused_the_connection_is_sent_again()
    {
        var call = new FakeCall(failures: 1, () => new Orleans.Runtime.Messaging.ConnectionFailedException("Unable to connect to endpoint"));

        await RunAsync(call);

        Assert.Equal(2, call.Invocations);
    }

    [Fact]
    public async Task A_call_still_rejected_after_every_delay_fails_with_its_rejection()
    {
        var call = new FakeCall(failures: int.MaxValue, () => Rejection("still gone"));

        await Assert.ThrowsAsync<OrleansMessageRejectionException>(() => RunAsync(call));

        Assert.Equal(UndeliveredCallRetry.Delays.Count + 1, call.Invocations);
    }

    [Fact]
    public async Task A_call_that_may_have_run_is_not_sent_again()
    {
        var call = new FakeCall(failures: 1, () => new TimeoutException("no answer"));

        await Assert.ThrowsAsync<TimeoutException>(() => RunAsync(call));

        Assert.Equal(1, call.Invocations);
    }

    /// <summary>Orleans makes its rejections itself (the constructor is not public), as the runtime does here.</summary>
    private static OrleansMessageRejectionException Rejection(string message) =>
        (OrleansMessageRejectionException)Activator.CreateInstance(
            typeof(OrleansMessageRejectionException), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance,
            null, [message], null)!;

    /// <summary>Runs the filter with a clock that jumps each delay as soon as it is waited for.</summary>
    private static async Task RunAsync(FakeCall call)
    {
        var time = new FakeTimeProvider();
        var running = new UndeliveredCallRetry(time, NullLogger<UndeliveredCallRetry>.Instance).Invoke(call);
        while (!running.IsCompleted)
        {
            time.Advance(TimeSpan.FromSeconds(5));
            await Task.Yield();
        }

        await running;
    }

    private sealed class FakeCall(int failures, Func<Exception> failure) : IOutgoingGrainCallContext
    {
        public int Invocations { get; private set; }

        public object? Result { get; set; }

        public Response? Response { get; set; }

        public object Grain => this;

        public GrainId? SourceId => null;

        public IGrainContext? SourceContext => null;

        public GrainId TargetId => default;

        public GrainInterfaceType InterfaceType => default;

        public string InterfaceName => "IFake";

        public string MethodName => "Call";

        public System.Reflection.MethodInfo InterfaceMethod => typeof(FakeCall).GetMethod(nameof(Invoke))!;

        public IInvokable Request => null!;

        public Task Invoke()
        {
            Invocations++;
            return Invocations <= failures ? Task.FromException(failure()) : Task.CompletedTask;
        }
    }
}
