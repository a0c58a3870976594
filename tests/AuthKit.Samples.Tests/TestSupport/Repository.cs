namespace AuthKit.Samples.Tests.TestSupport;

/// <summary>The checkout the tests run from: samples and scripts are run from their source folders.</summary>
internal static class Repository
{
    /// <summary>The folder holding AuthKit.sln, found above the test assembly.</summary>
    public static string Root { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AuthKit.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("AuthKit.sln not found above " + AppContext.BaseDirectory);
    }
}
