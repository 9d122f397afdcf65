using System.Collections.Concurrent;
using System.Diagnostics;
using CalAdmin.Web.Integrations.CalCom;
using CalAdmin.Web.Integrations.CalCom.Handlers;
using Microsoft.Extensions.Http;

namespace CalAdmin.Web.Features.Jobs;

/// <summary>
/// Counts the Cal.com requests of one operation (a sync or an import run): every attempt that passed the shared rate
/// gate, its start time, and how long the operation queued at the gate. The count follows the async flow of the
/// operation, so requests of pages and other jobs running at the same time are not counted.
/// </summary>
public sealed class CalComCallMeter
{
    private readonly AsyncLocal<Measurement?> current = new();

    /// <summary>Starts counting the calling flow's requests until the result is disposed.</summary>
    public Measurement Start()
    {
        var measurement = new Measurement(() => current.Value = null);
        current.Value = measurement;
        return measurement;
    }

    internal Measurement? Current => current.Value;

    public sealed class Measurement(Action stop) : IDisposable
    {
        private long gateWaitTicks;
        private int requests;

        public int Requests => Volatile.Read(ref requests);
        public TimeSpan GateWait => TimeSpan.FromTicks(Interlocked.Read(ref gateWaitTicks));
        /// <summary>When each request left the rate gate for Cal.com.</summary>
        public ConcurrentQueue<DateTimeOffset> SentAt { get; } = new();

        internal void Sent(DateTimeOffset at, TimeSpan waited)
        {
            Interlocked.Increment(ref requests);
            Interlocked.Add(ref gateWaitTicks, waited.Ticks);
            SentAt.Enqueue(at);
        }

        public void Dispose() => stop();
    }
}

/// <summary>
/// Puts the meter's two handlers around <see cref="CalComRateGateHandler"/> in the Cal.com client's pipeline, so the
/// count is of requests that really went out (retries included) and the gate's waits are measured where they happen.
/// </summary>
internal sealed class CalComCallMeterFilter(CalComCallMeter meter, TimeProvider clock) : IHttpMessageHandlerBuilderFilter
{
    private static readonly HttpRequestOptionsKey<long> EnteredGate = new("CalAdmin.EnteredRateGate");

    public Action<HttpMessageHandlerBuilder> Configure(Action<HttpMessageHandlerBuilder> next) => builder =>
    {
        next(builder);
        if (builder.Name is null || !builder.Name.Contains(nameof(ICalComApi), StringComparison.Ordinal)) return;
        var gate = builder.AdditionalHandlers.ToList().FindIndex(h => h is CalComRateGateHandler);
        if (gate < 0) return;
        builder.AdditionalHandlers.Insert(gate + 1, new AfterGate(meter, clock));
        builder.AdditionalHandlers.Insert(gate, new BeforeGate());
    };

    private sealed class BeforeGate : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.Options.Set(EnteredGate, Stopwatch.GetTimestamp());
            return base.SendAsync(request, cancellationToken);
        }
    }

    private sealed class AfterGate(CalComCallMeter meter, TimeProvider clock) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (meter.Current is { } measurement)
            {
                var waited = request.Options.TryGetValue(EnteredGate, out var entered) ? Stopwatch.GetElapsedTime(entered) : TimeSpan.Zero;
                measurement.Sent(clock.GetUtcNow(), waited);
            }
            return base.SendAsync(request, cancellationToken);
        }
    }
}
