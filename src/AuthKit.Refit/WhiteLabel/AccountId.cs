using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace AuthKit;

/// <summary>
/// The Pica account a client speaks for (its base URL and secret key), as an HMAC-SHA256 under a key
/// drawn at random when the process starts. The process-wide <see cref="WhiteLabelCache"/> holds this,
/// never the secret key: the key stays in the options alone, and the id means nothing outside the process.
/// </summary>
internal readonly record struct AccountId(ulong A, ulong B, ulong C, ulong D)
{
    private const int StackLimit = 512;

    private static readonly byte[] ProcessKey = RandomNumberGenerator.GetBytes(32);

    public static AccountId Of(Uri baseUrl, string secretKey)
    {
        var url = baseUrl.AbsoluteUri;
        var length = Encoding.UTF8.GetByteCount(url) + 1 + Encoding.UTF8.GetByteCount(secretKey);
        byte[]? rented = null;
        var input = length <= StackLimit ? stackalloc byte[StackLimit] : (rented = ArrayPool<byte>.Shared.Rent(length));
        try
        {
            var written = Encoding.UTF8.GetBytes(url, input);
            input[written++] = (byte)'\n';
            written += Encoding.UTF8.GetBytes(secretKey, input[written..]);

            Span<byte> mac = stackalloc byte[32];
            HMACSHA256.HashData(ProcessKey, input[..written], mac);
            return new AccountId(
                BinaryPrimitives.ReadUInt64LittleEndian(mac),
                BinaryPrimitives.ReadUInt64LittleEndian(mac[8..]),
                BinaryPrimitives.ReadUInt64LittleEndian(mac[16..]),
                BinaryPrimitives.ReadUInt64LittleEndian(mac[24..]));
        }
        finally
        {
            // The key's bytes do not linger on the stack or in the pool.
            input[..Math.Min(length, input.Length)].Clear();
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
}
