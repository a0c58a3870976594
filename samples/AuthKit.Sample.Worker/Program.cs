namespace AuthKit.Sample.Worker;

/// <summary>The worker's entry point.</summary>
internal static class Program
{
    // Ctrl+C (or SIGTERM) stops the host: the batch cancels its requests in flight, logs its summary and ends.
    private static Task<int> Main(string[] args) => WorkerHost.RunAsync(WorkerHost.Create(args));
}
