using Microsoft.Extensions.Options;

namespace CalAdmin.Web.Integrations.CalCom.Resilience;

/// <summary>
/// The one client-side rate limit for every Cal.com request of the process (singleton, in the handler pipeline,
/// so pages, the sync and the reconcile jobs all queue here). At most <see cref="PermitsPerWindow"/> requests
/// start in ANY 60 s span: a sliding log rather than a segmented window, which would let up to twice the limit
/// through across a segment edge, enough for Cal.com to block the key. Callers queue in order; none is refused.
/// When Cal.com answers 429 the gate holds every caller until Cal.com lifts its block.
/// </summary>
public sealed class CalComRateGate
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private readonly TimeProvider _time;
    private readonly Queue<DateTimeOffset> _started = new();
    private readonly SemaphoreSlim _turn = new(1, 1);
    private readonly Lock _sync = new();
    private DateTimeOffset _heldUntil = DateTimeOffset.MinValue;

    public CalComRateGate(IOptions<CalComOptions> options, TimeProvider time)
    {
        _time = time;
        PermitsPerWindow = options.Value.RequestsPerMinute;
    }

    public int PermitsPerWindow { get; }

    /// <summary>Until when Cal.com's rate-limit block holds every caller (past when there is none).</summary>
    public DateTimeOffset HeldUntil
    {
        get { lock (_sync) return _heldUntil; }
    }

    /// <summary>Waits until this caller may start one request, and counts it.</summary>
    public async ValueTask WaitForTurnAsync(CancellationToken cancellationToken)
    {
        await _turn.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            while (true)
            {
                TimeSpan wait;
                lock (_sync)
                {
                    var now = _time.GetUtcNow();
                    while (_started.Count > 0 && now - _started.Peek() >= Window) _started.Dequeue();

                    if (now < _heldUntil) wait = _heldUntil - now;
                    else if (_started.Count < PermitsPerWindow)
                    {
                        _started.Enqueue(now);
                        return;
                    }
                    else wait = _started.Peek() + Window - now;
                }
                await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _turn.Release();
        }
    }

    /// <summary>Holds every caller for <paramref name="duration"/> from now (Cal.com blocks the whole key, not one request).</summary>
    public DateTimeOffset HoldFor(TimeSpan duration)
    {
        lock (_sync)
        {
            var until = _time.GetUtcNow() + duration;
            if (until > _heldUntil) _heldUntil = until;
            return _heldUntil;
        }
    }
}
