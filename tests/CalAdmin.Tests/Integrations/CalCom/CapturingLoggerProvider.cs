using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace CalAdmin.Tests.Integrations.CalCom;

/// <summary>Keeps every log entry (message, structured values, exception) so tests can search them for secrets.</summary>
public sealed class CapturingLoggerProvider : ILoggerProvider
{
    public ConcurrentQueue<CapturedLog> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose() { }

    /// <summary>Everything a sink could write: message, every structured value, the exception text.</summary>
    public string AllText => string.Join('\n', Entries.Select(e => e.ToString()));

    public sealed record CapturedLog(string Category, LogLevel Level, string Message, IReadOnlyList<KeyValuePair<string, object?>> Values, Exception? Exception)
    {
        public override string ToString() =>
            $"{Level} {Category}: {Message} | {string.Join(", ", Values.Select(v => $"{v.Key}={v.Value}"))} | {Exception}";
    }

    private sealed class Logger(CapturingLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state as IEnumerable<KeyValuePair<string, object?>> ?? [];
            provider.Entries.Enqueue(new CapturedLog(category, logLevel, formatter(state, exception), values.ToList(), exception));
        }
    }
}
