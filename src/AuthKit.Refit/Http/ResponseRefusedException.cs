namespace AuthKit;

/// <summary>An answer the SDK refuses to use: too large, malformed or impossible. Never retried.</summary>
internal sealed class ResponseRefusedException(string message, Exception? innerException = null)
    : AuthKitException(message, innerException);
