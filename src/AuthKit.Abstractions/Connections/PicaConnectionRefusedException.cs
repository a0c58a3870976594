namespace AuthKit;

/// <summary>
/// A connection key was refused before anything was sent to the passthrough: Pica's Vault has no
/// connection with that key for the identity (unknown, deleted, or another identity's). The message
/// never quotes the connection key or the secret key.
/// </summary>
public class PicaConnectionRefusedException : AuthKitException
{
    /// <summary>Creates the exception with a default message.</summary>
    public PicaConnectionRefusedException()
        : base("The connection key is not one of the identity's connections; nothing was sent to the passthrough.")
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    /// <param name="message">What was refused and why.</param>
    public PicaConnectionRefusedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/> and its cause.</summary>
    /// <param name="message">What was refused and why.</param>
    /// <param name="innerException">The cause.</param>
    public PicaConnectionRefusedException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
