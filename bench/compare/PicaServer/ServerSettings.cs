using System.Globalization;

namespace AuthKit.Compare.Server;

/// <summary>Command-line settings: <c>--port</c>, <c>--min</c>, <c>--max</c> (ms), <c>--seed</c>.</summary>
internal sealed record ServerSettings(int Port, int MinMs, int MaxMs, int Seed)
{
    public static ServerSettings Parse(string[] args)
    {
        int Get(string name, int fallback)
        {
            var at = Array.IndexOf(args, name);
            return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
        }

        return new(Get("--port", 5099), Get("--min", 40), Get("--max", 60), Get("--seed", 1));
    }
}
