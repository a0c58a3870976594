using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace AuthKit.AspNetCore.Tests.Errors;

/// <summary>
/// A log provider that keeps what a console logger would print with a web template's settings (Information
/// and above, Microsoft.AspNetCore from Warning): each entry's message, then its exception's text (stack trace
/// included), as lines.
/// </summary>
internal sealed class ConsoleLikeLog : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _entries = new();

    /// <summary>Every line printed since the last <see cref="Clear"/>, an exception's lines after its message.</summary>
    public IReadOnlyList<string> Lines => [.. _entries.SelectMany(e => e.Split('\n'))];

    public void Clear() => _entries.Clear();

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _entries);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<string> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) =>
            logLevel >= (category.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal) ? LogLevel.Warning : LogLevel.Information);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                var message = $"{logLevel}: {category}[{eventId.Id}] {formatter(state, exception)}";
                entries.Enqueue(exception is null ? message : message + "\n" + exception);
            }
        }
    }
}
