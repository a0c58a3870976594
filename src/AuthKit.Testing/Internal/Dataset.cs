using System.Collections.ObjectModel;

namespace AuthKit.Testing.Internal;

/// <summary>The seeded rows and their JSON, swapped as a whole so that a page never mixes two seedings.</summary>
internal sealed class Dataset
{
    public static readonly Dataset Empty = new([]);

    public Dataset(AuthKitConnection[] rows)
    {
        Rows = Array.AsReadOnly(rows);
        RowJson = Array.ConvertAll(rows, PicaJson.Row);
    }

    public ReadOnlyCollection<AuthKitConnection> Rows { get; }

    public byte[][] RowJson { get; }
}
