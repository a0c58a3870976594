namespace AuthKit;

/// <summary>
/// A token could not be created: Pica could not be reached, timed out, or sent an answer the SDK
/// cannot use. Argument errors are <see cref="ArgumentException"/>s and the caller's own
/// cancellation stays an <see cref="OperationCanceledException"/>. A timeout has a
/// <see cref="TimeoutException"/> as <see cref="Exception.InnerException"/>.
/// </summary>
public class AuthKitException : Exception
{
    /// <summary>Creates the exception with a default message.</summary>
    public AuthKitException()
        : base("The AuthKit token could not be created.")
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    /// <param name="message">What went wrong.</param>
    public AuthKitException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/> and its cause.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The cause.</param>
    public AuthKitException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
